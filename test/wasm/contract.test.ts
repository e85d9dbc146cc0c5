import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderContract } from '../../scripts/contract.js';

const read = (path: string): string | undefined => {
  try {
    return readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
};

describe('the generated cross-language contract', () => {
  it('is what scripts/gen-contract.ts writes from the op table today', () => {
    const stale = [...renderContract()].filter(([path, text]) => read(path) !== text).map(([path]) => path);
    expect(stale, `stale generated files: run \`npm run gen:contract\`, then \`npm run build:wasm\` if a .rs file changed, and commit both`).toEqual([]);
  });
});
