import { afterAll, describe, expect, it } from 'vitest';
import { init } from 'quiverjs';
import { TEST_BACKEND, TEST_INIT } from '../helpers/backend.js';
import { check } from './campaign.js';
import { loadRegressions } from './regressions.js';

afterAll(async () => {
  await init({ backend: 'js' });
});

describe(`programs that fuzzing once found wrong agree with the js float64 reference on ${TEST_BACKEND}`, () => {
  for (const { file, regression } of loadRegressions()) {
    it(`${regression.title} (${file})`, async () => {
      const [reason] = await check([regression.program], TEST_INIT);
      expect(reason).toBeNull();
    });
  }
});
