import { siblingModule, spawnModuleWorker, type ModuleWorker } from '../platform/module-worker.js';
import type { ParseBlock } from './csv-blocks.js';
import type { CsvParserOptions, FixedColumns } from './csv-parser.js';
import type { ParseReply, ParseRequest, StartRequest } from './csv-thread.js';
import { csvModule } from './csv-wasm.js';
import { CsvError } from './errors.js';

/** A parse thread and the blocks it was sent and has not answered. */
interface Thread {
  readonly worker: ModuleWorker;
  readonly waiting: Map<number, { resolve: (reply: ParseReply) => void; reject: (error: Error) => void }>;
}

/**
 * Threads that parse CSV blocks (csv-thread.ts), started on the first parallel read and
 * kept for the process, more started when a read asks for more: a Node thread holds the
 * process open only while it has blocks to parse. A read uses as many as it asked for,
 * each block going to the one with the fewest waiting.
 */
class ParseThreads {
  private readonly threads: Thread[] = [];
  private nextId = 0;
  /** Why a thread stopped: the threads are then of no more use, and every request fails with it. */
  failure: Error | undefined;

  /** At least `count` threads running; false where module workers cannot start (a bundle without the thread's file, a CSP). */
  async grow(count: number): Promise<boolean> {
    const url = siblingModule(import.meta.url, 'csv-thread');
    try {
      const started = await Promise.all(Array.from({ length: count - this.threads.length }, () => spawnModuleWorker(url)));
      const readiness = started.map(readyOrNot);
      const start: StartRequest = { module: await csvModule() };
      for (const worker of started) worker.post(start);
      const ready = await Promise.all(readiness);
      for (const worker of started) this.adopt(worker);
      return ready.every(Boolean);
    } catch {
      return false;
    }
  }

  /** Parses blocks on the first `count` threads as csv-blocks.ts asks, a thread's CsvError raised here. */
  blockParser(count: number, options: CsvParserOptions, columns: FixedColumns): ParseBlock {
    return async (bytes, final) => {
      const reply = await this.parse(this.threads.slice(0, count), { bytes, final, options, columns });
      if (!('error' in reply)) return reply;
      const e = reply.error;
      throw 'message' in e ? new Error(`readCsv: a parse thread failed: ${e.message}`) : new CsvError(e.line, e.column, e.text, e.problem);
    };
  }

  terminate(why: Error): void {
    this.failure ??= new Error(`readCsv: a parse thread failed: ${why.message}`);
    for (const t of this.threads) {
      for (const w of t.waiting.values()) w.reject(this.failure);
      t.waiting.clear();
      t.worker.terminate();
    }
  }

  private adopt(worker: ModuleWorker): void {
    const thread: Thread = { worker, waiting: new Map() };
    worker.onMessage((m) => m !== 'ready' && this.answer(thread, m as ParseReply));
    worker.onFailure((e) => this.terminate(e));
    worker.hold(false);
    this.threads.push(thread);
  }

  /** Sends a block to the least busy of `threads`; the bytes are copied to it, so the caller's stay usable. */
  private parse(threads: readonly Thread[], request: Omit<ParseRequest, 'id'>): Promise<ParseReply> {
    const thread = threads.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      thread.waiting.set(id, { resolve, reject });
      thread.worker.hold(true);
      thread.worker.post({ ...request, id });
    });
  }

  private answer(thread: Thread, reply: ParseReply): void {
    thread.waiting.get(reply.id)?.resolve(reply);
    thread.waiting.delete(reply.id);
    if (thread.waiting.size === 0) thread.worker.hold(false);
  }
}

/** Whether a started worker loaded its module (it says 'ready') rather than failing. */
function readyOrNot(w: ModuleWorker): Promise<boolean> {
  return new Promise((resolve) => {
    w.onMessage((m) => m === 'ready' && resolve(true));
    w.onFailure(() => resolve(false));
  });
}

let shared: ParseThreads | undefined;
let unavailable = false;
let growing: Promise<unknown> = Promise.resolve();

/**
 * A block parser on `count` of the process's parse threads, started (or more of them)
 * as needed, and again after one failed; undefined, remembered, where they cannot start.
 */
export async function threadParser(count: number, options: CsvParserOptions, columns: FixedColumns): Promise<ParseBlock | undefined> {
  const grown = growing.then(async () => {
    if (unavailable) return undefined;
    if (!shared || shared.failure) shared = new ParseThreads();
    if (await shared.grow(count)) return shared;
    shared.terminate(new Error('a thread could not start'));
    unavailable = true;
    return undefined;
  });
  growing = grown;
  return (await grown)?.blockParser(count, options, columns);
}
