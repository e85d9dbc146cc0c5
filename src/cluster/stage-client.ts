import { QuiverError } from '../graph/errors.js';
import { nodeEntry, siblingModule } from '../platform/module-worker.js';
import { importNode } from '../platform/node.js';
import type { InitOptions } from '../runtime/init.js';
import type { Execute } from './worker.js';

type Reply = { ready: string } | { failed: string } | { id: number; recomputed: number } | { id: number; error: { name: string; message: string; quiver: boolean } };

/** The stage thread's module (src/stage-thread.ts, at the top with the other entry points). */
const THREAD_URL = siblingModule(import.meta.url, '../stage-thread');

/** A stage thread, started and ready, and the Execute that hands it jobs. */
export async function startStageThread(url: string, initOptions: InitOptions): Promise<{ execute: Execute; backend: string; stop(): Promise<void> }> {
  const { Worker } = await importNode('worker_threads');
  const w = new Worker(nodeEntry(THREAD_URL), { workerData: { url, init: initOptions } });
  const waiting = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
  let next = 0;
  const ready = new Promise<string>((resolve, reject) => {
    w.on('message', (message) => {
      const m = message as Reply;
      if ('ready' in m) return resolve(m.ready);
      if ('failed' in m) return reject(new Error(`quiverjs-worker: the stage thread could not start: ${m.failed}`));
      const job = waiting.get(m.id);
      waiting.delete(m.id);
      if ('recomputed' in m) return job?.resolve(m.recomputed);
      const e = m.error.quiver ? new QuiverError(m.error.message) : new Error(m.error.message);
      e.name = m.error.name;
      job?.reject(e);
    });
    const lost = (why: string) => {
      const e = new Error(`quiverjs-worker: the stage thread ${why}`);
      reject(e);
      for (const job of waiting.values()) job.reject(e);
      waiting.clear();
    };
    w.on('error', (e) => lost(`failed: ${e.message}`));
    w.on('exit', (code) => lost(`exited (${code})`));
  });
  const backend = await ready;
  const execute: Execute = (plan, spec) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      w.postMessage({ id, plan, spec });
    });
  return { execute, backend, stop: async () => void (await w.terminate()) };
}
