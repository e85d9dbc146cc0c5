#!/usr/bin/env node
/**
 * `npx quiverjs-worker redis://host:6379 [--backend wasm] [--threads 4] [--concurrency 1]
 * [--queue quiver] [--name NAME] [--wasm-url URL]`: serves a cluster's stage jobs until
 * SIGINT or SIGTERM, then lets the running job finish. Stages run on a thread of their
 * own (stage-thread.ts); this thread keeps BullMQ's locks renewed.
 */
import { cluster, type BackendName, type InitOptions } from './index.js';
import { startStageThread } from './cluster/stage-client.js';

interface NodeProcess {
  readonly argv: readonly string[];
  readonly pid: number;
  on(signal: 'SIGINT' | 'SIGTERM', fn: () => void): unknown;
  exit(code: number): never;
}
const proc = (globalThis as unknown as { process: NodeProcess }).process;

const USAGE = 'usage: quiverjs-worker redis://host:6379 [--backend wasm|js|webgpu] [--threads N] [--concurrency N] [--queue NAME] [--name NAME] [--wasm-url URL]';
const FLAGS = ['backend', 'threads', 'concurrency', 'queue', 'name', 'wasm-url'];

function parse(args: readonly string[]): { url: string; flags: Map<string, string> } {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      rest.push(a);
      continue;
    }
    const name = a.slice(2);
    if (!FLAGS.includes(name) || i + 1 >= args.length) throw new Error(`quiverjs-worker: unknown or empty option ${a}\n${USAGE}`);
    flags.set(name, args[++i]!);
  }
  if (rest.length !== 1) throw new Error(`quiverjs-worker: expected one Redis URL, got ${rest.length}\n${USAGE}`);
  return { url: rest[0]!, flags };
}

function count(flags: Map<string, string>, name: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`quiverjs-worker: --${name} must be a positive integer, got '${v}'`);
  return n;
}

async function main(): Promise<void> {
  const { url, flags } = parse(proc.argv.slice(2));
  const wasmUrl = flags.get('wasm-url');
  const threads = count(flags, 'threads');
  const concurrency = count(flags, 'concurrency');
  const initOptions: InitOptions = {
    ...(flags.has('backend') ? { backend: flags.get('backend') as BackendName } : {}),
    ...(threads === undefined ? {} : { threads }),
    ...(wasmUrl === undefined ? {} : { wasmUrl }),
  };
  const stages = await startStageThread(url, initOptions);
  const worker = await cluster.startWorker(url, {
    execute: stages.execute,
    name: flags.get('name') ?? `pid-${proc.pid}`,
    ...(flags.has('queue') ? { queue: flags.get('queue')! } : {}),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(wasmUrl === undefined ? {} : { wasmUrl }),
  });
  console.log(`quiverjs-worker ${worker.name}: ready on ${url} (backend ${stages.backend}, stages on their own thread)`);
  let stopping = false;
  // The first signal lets the running job finish (closing waits on Redis, which may be gone); a second stops at once.
  const stop = (): void => {
    if (stopping) proc.exit(1);
    stopping = true;
    console.log(`quiverjs-worker ${worker.name}: stopping after the running job (signal again to stop now)`);
    void worker.close().then(stages.stop).then(() => proc.exit(0));
  };
  proc.on('SIGINT', stop);
  proc.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  proc.exit(1);
});
