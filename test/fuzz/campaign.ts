import type { BackendName, InitOptions } from 'quiverjs';
import { DTYPES, ProgramGenerator, reseeded, type GeneratorOptions } from './generate.js';
import { REFERENCE, runAll } from './outcome.js';
import type { Program } from './program.js';
import { valuesComparable } from './rounding.js';
import { difference, inputScale } from './tolerance.js';

export interface Failure {
  program: Program;
  reason: string;
}

/**
 * How a backend is fuzzed: `structures` programs drawn per chunk, each run over `draws`
 * sets of data. The CPU backends take 5,000 distinct programs. SwiftShader compiles a
 * WGSL pipeline in about 0.3 s on the shared 2-core machine while a compiled one runs
 * 200 programs in under a second, so webgpu reaches 5,000 programs as 200 structures
 * over 25 data draws each (about 55 s on SwiftShader).
 */
export interface Campaign {
  structures: number;
  draws: number;
  generator: GeneratorOptions;
}

export function campaignFor(backend: BackendName): Campaign {
  if (backend !== 'webgpu') return { structures: 5000, draws: 1, generator: {} };
  return { structures: 200, draws: 25, generator: { dtypes: DTYPES.filter((d) => d !== 'float64'), float32Subnormals: false } };
}

/** Programs read per schedule: large enough to amortise a schedule, small enough that one that raises is cheap to re-read alone. */
export const BATCH = 100;

/** Each program's disagreement with the reference, or null. */
export async function check(programs: readonly Program[], backend: InitOptions): Promise<(string | null)[]> {
  const ref = await runAll(programs, REFERENCE);
  const got = await runAll(programs, backend);
  return programs.map((p, i) => difference(ref[i]!, got[i]!, inputScale(p), valuesComparable(p)));
}

/** The programs of one chunk of a campaign: `structures` drawn from `seed`, each over `draws` data sets. */
export function programsOf(seed: number, structures: number, draws: number, options: GeneratorOptions): Program[] {
  const gen = new ProgramGenerator(seed, options);
  return Array.from({ length: structures }, () => gen.program()).flatMap((p) => Array.from({ length: draws }, (_, k) => reseeded(p, k)));
}

/** Runs programs in batches and returns those the backend disagrees on. */
export async function fuzz(programs: readonly Program[], backend: InitOptions): Promise<Failure[]> {
  const failures: Failure[] = [];
  for (let done = 0; done < programs.length; done += BATCH) {
    const batch = programs.slice(done, done + BATCH);
    const reasons = await check(batch, backend);
    reasons.forEach((reason, i) => reason && failures.push({ program: batch[i]!, reason }));
  }
  return failures;
}
