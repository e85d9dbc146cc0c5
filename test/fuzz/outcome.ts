import { init, np, type DType, type InitOptions, type NDArray } from 'quiverjs';
import { build, type Program } from './program.js';

/** What running a program gave: its values, or the class of the error it raised. */
export type Outcome = { error: string; message: string } | { dtype: DType; shape: number[]; values: number[] };

/** The reference every backend is diffed against: the js backend node by node, without the optimizer. */
export const REFERENCE: InitOptions = { backend: 'js', fuse: false };

const failed = (e: unknown): Outcome => ({ error: (e as Error).constructor.name, message: (e as Error).message });

async function runOne(p: Program): Promise<Outcome> {
  try {
    const x = build(p);
    return { dtype: x.dtype, shape: [...x.shape], values: Array.from(await x.data()) };
  } catch (e) {
    return failed(e);
  }
}

/**
 * Runs programs on one backend. Those the frontend accepts are read in one schedule (as
 * an application computing several results would), which keeps thousands of programs
 * fast; if that schedule raises, each is read alone so the error lands on its program.
 */
export async function runAll(programs: readonly Program[], options: InitOptions): Promise<Outcome[]> {
  await init(options);
  const out: Outcome[] = [];
  const built: { i: number; x: NDArray }[] = [];
  programs.forEach((p, i) => {
    try {
      built.push({ i, x: build(p) });
    } catch (e) {
      out[i] = failed(e);
    }
  });
  try {
    const values = await np.compute(...built.map((b) => b.x));
    built.forEach(({ i, x }, j) => (out[i] = { dtype: x.dtype, shape: [...x.shape], values: Array.from(values[j]!) }));
  } catch {
    for (const { i } of built) out[i] = await runOne(programs[i]!);
  }
  return out;
}
