import { Bench } from 'tinybench';
import type { BackendName, NDArray } from '../src/index.js';
import type { FloatDType } from './data.js';

/**
 * One task done two ways on the same data: Quiver (awaiting its result, so lazy work is
 * timed) and plain JS. Quiver reads its result with `dataOf`/`itemOf`, which dispose it.
 */
export interface Case {
  task: string;
  size: string;
  /** The element type; webgpu rows run float32 cases only (see bench/run.ts). */
  dtype: FloatDType;
  quiver: () => Promise<unknown>;
  /** The same task as typed-array loops a user would write; absent when it is not run, with the reason in plainSkipped. */
  plain?: () => unknown;
  plainSkipped?: string;
  /** Floating-point operations per evaluation (matmul: 2n³), for the GFLOP/s column. */
  flops?: number;
  /** Only these backends run it (default: every backend asked for). */
  only?: readonly BackendName[];
  /** Cheap on the single-threaded js reference backend: a default run adds a js row for it. */
  jsReference?: boolean;
  /** The Quiver arrays the case reads (views of its data), disposed when its suite ends. */
  inputs: NDArray[];
}

/**
 * Reads a result and disposes it. The result cache answers an expression equal to one
 * whose result is still alive (same op tree over the same buffers) without running a
 * kernel, so each sample lets go of its result: the next one computes. (A fresh
 * np.asarray view per call also misses, but each view is a new buffer to the cache: a
 * dozen views of 16M f64 filled the wasm host budget and spilled, and std went from
 * 63 ms to 595 ms per call on the 2-core bench machine.)
 */
export async function dataOf(result: NDArray): Promise<unknown> {
  try {
    return await result.data();
  } finally {
    result.dispose();
  }
}

export async function itemOf(result: NDArray): Promise<unknown> {
  try {
    return await result.item();
  } finally {
    result.dispose();
  }
}

/** A benchmark file: a name (for `--only`) and its cases, built when the suite runs so data is allocated lazily. */
export interface Suite {
  name: string;
  cases: () => Case[];
}

/** Median time of one evaluation, in ms, for each implementation on one backend. */
export interface Comparison {
  /** The suite's name (as `--only` takes it). */
  suite: string;
  task: string;
  size: string;
  backend: BackendName;
  /** The backend's own line (backendReport().description): for webgpu, the adapter. */
  device: string;
  quiverMs: number;
  /** Undefined when plain JS was not run; `plainSkipped` says why. */
  plainMs?: number;
  plainSkipped?: string;
  flops?: number;
}

export interface RunOptions {
  /** Short runs (100 ms and 3 samples) for a quick look; full runs take 1 s and 10 samples. */
  quick: boolean;
}

/**
 * A call slower than this gets a fixed few samples instead of the time budget: matmul
 * 1024² in plain JS takes seconds per call, and 10 of them would dominate the whole run.
 */
const SLOW_MS = 500;

/**
 * Median ms per call of `fn`. One untimed call first warms it up (JIT, kernel compiles,
 * buffer pools) and sizes the run: under SLOW_MS tinybench samples for its time budget,
 * above it 1 (quick) or 3 (full) samples are taken.
 */
export async function medianMs(name: string, fn: () => unknown, { quick }: RunOptions): Promise<number> {
  const start = performance.now();
  await fn();
  const slow = performance.now() - start > SLOW_MS;
  const bench = new Bench(
    slow
      ? { name, time: 0, iterations: quick ? 1 : 3, warmup: false }
      : { name, time: quick ? 100 : 1000, iterations: quick ? 3 : 10, warmupTime: quick ? 50 : 250, warmupIterations: quick ? 1 : 3 },
  );
  bench.add(name, fn);
  await bench.run();
  const result = bench.tasks[0]!.result;
  if (result.state !== 'completed') throw new Error(`${name}: ${result.state === 'errored' ? String(result.error) : result.state}`);
  return result.latency.p50;
}
