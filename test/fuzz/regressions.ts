import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Program } from './program.js';

/** A shrunk program some backend once got wrong, replayed on every backend by regressions.test.ts. */
export interface Regression {
  /** What went wrong, as a sentence: the test's name. */
  title: string;
  /** The backend it was found on and how (fuzz seed, issue). */
  found: string;
  program: Program;
}

export const REGRESSIONS_DIR = new URL('./regressions/', import.meta.url);

export function loadRegressions(): { file: string; regression: Regression }[] {
  return readdirSync(REGRESSIONS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, regression: JSON.parse(readFileSync(new URL(file, REGRESSIONS_DIR), 'utf8')) as Regression }));
}

/** Writes a regression fixture named by its program's hash, so finding one bug twice writes one file; returns the file name. */
export function saveRegression(r: Regression): string {
  const json = JSON.stringify(r.program);
  const file = `${createHash('sha256').update(json).digest('hex').slice(0, 12)}.json`;
  writeFileSync(new URL(file, REGRESSIONS_DIR), `${JSON.stringify({ title: r.title, found: r.found, program: r.program }, null, 1)}\n`);
  return file;
}
