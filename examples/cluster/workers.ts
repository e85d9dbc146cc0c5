/**
 * `quiverjs-worker` processes of the package's bin, run from the sources (`node --import
 * tsx src/quiverjs-worker.ts`), as `npx quiverjs-worker` runs them from dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A worker process this process started. */
export interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** What it printed, for a failure's message. */
  output(): string;
}

/**
 * Starts `count` worker processes on `queue`, each wasm on one thread, and waits until
 * each prints that it is ready. `extra` adds worker flags (`--wasm-url`, say).
 */
export async function startWorkers(url: string, queue: string, count: number, extra: readonly string[] = []): Promise<WorkerProcess[]> {
  return Promise.all(
    Array.from({ length: count }, (_, k) => {
      const name = `${queue}-${k}`;
      const args = ['--import', 'tsx', 'src/quiverjs-worker.ts', url, '--backend', 'wasm', '--threads', '1', '--queue', queue, '--name', name, ...extra];
      const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      return new Promise<WorkerProcess>((resolve, reject) => {
        child.on('exit', (code) => reject(new Error(`worker ${name} exited (${code}): ${out}`)));
        const ready = setInterval(() => {
          if (!out.includes(': ready on ')) return;
          clearInterval(ready);
          resolve({ name, child, output: () => out });
        }, 50);
      });
    }),
  );
}

/** Stops workers (SIGTERM lets a running job finish; a killed one is already gone). */
export async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(
    workers.map((w) => {
      w.child.removeAllListeners('exit');
      if (w.child.exitCode !== null || w.child.signalCode !== null) return undefined;
      const gone = new Promise((resolve) => w.child.once('exit', resolve));
      w.child.kill('SIGTERM');
      return gone;
    }),
  );
}
