import { afterAll, describe, expect, it } from 'vitest';
import { init } from 'quiverjs';
import { TEST_BACKEND, TEST_INIT } from '../helpers/backend.js';
import { campaignFor, fuzz, programsOf } from './campaign.js';

afterAll(async () => {
  await init({ backend: 'js' });
});

/** Fixed seeds: `npm run fuzz -- --seed S` explores others and saves what it finds under regressions/. */
const SEED = 20_000;
/** Chunks run as separate tests, each well inside the software GPU's 60 s test timeout. */
const CHUNKS = 10;

describe(`random programs on ${TEST_BACKEND} agree with the js float64 reference`, () => {
  const c = campaignFor(TEST_BACKEND);
  const perChunk = Math.ceil(c.structures / CHUNKS);
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    it(`in chunk ${chunk}: ${perChunk * c.draws} programs (${perChunk} drawn from seed ${SEED + chunk}, each over ${c.draws} data draws)`, async () => {
      const failures = await fuzz(programsOf(SEED + chunk, perChunk, c.draws, c.generator), TEST_INIT);
      expect(failures.map((f) => `${f.reason}\n    ${JSON.stringify(f.program)}`)).toEqual([]);
    });
  }
});
