import { Bench } from 'tinybench';

/** One task done two ways on the same data: Quiver (awaiting its result) and plain JS. */
export interface Case {
  task: string;
  size: string;
  quiver: () => Promise<unknown>;
  plain: () => unknown;
}

/** A benchmark file: a name (for `--only`) and its cases, built when the suite runs so data is allocated lazily. */
export interface Suite {
  name: string;
  cases: () => Case[];
}

/** Median time of one evaluation, in ms, for each implementation. */
export interface Comparison {
  task: string;
  size: string;
  quiverMs: number;
  plainMs: number;
}

export interface RunOptions {
  /** Short runs (100 ms and 3 samples per implementation) for a quick look; full runs take 1 s and 10 samples. */
  quick: boolean;
}

export async function compareCase(c: Case, { quick }: RunOptions): Promise<Comparison> {
  const bench = new Bench({
    name: `${c.task} ${c.size}`,
    time: quick ? 100 : 1000,
    iterations: quick ? 3 : 10,
    warmupTime: quick ? 50 : 250,
    warmupIterations: quick ? 1 : 3,
  });
  bench.add('quiver', c.quiver).add('plain', c.plain);
  await bench.run();
  const [quiverMs, plainMs] = bench.tasks.map((t) => {
    const r = t.result;
    if (r.state !== 'completed') throw new Error(`${c.task} ${c.size} (${t.name}): ${r.state === 'errored' ? String(r.error) : r.state}`);
    return r.latency.p50;
  });
  return { task: c.task, size: c.size, quiverMs: quiverMs!, plainMs: plainMs! };
}
