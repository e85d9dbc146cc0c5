import { importNode, isNode } from './node.js';

/** A worker thread as the wasm pool needs it, the same on Node, Deno and browsers. */
export interface PlatformWorker {
  post(message: unknown): void;
  onMessage(fn: (message: unknown) => void): void;
  onError(fn: (error: Error) => void): void;
  /** The thread ended (it exited, crashed or was terminated); browsers report only errors, so there it is `onError`. */
  onExit(fn: () => void): void;
  /**
   * Whether the thread has stopped, asked synchronously: a thread blocked in Atomics.wait
   * gets no exit event until it returns to its event loop. Only Node can tell (false elsewhere).
   */
  stopped(): boolean;
  terminate(): void;
}


/**
 * Starts a module worker running `source` (self-contained JavaScript, so no file has
 * to be found next to the bundle): worker_threads from a data: URL in Node, a module
 * Worker from a Blob URL elsewhere. In Node a worker keeps the process alive only until
 * its first message (it is ready): after that the pool talks to it through shared
 * memory, and an idle pool must not hold the process open. Listening re-refs a Node
 * worker, so the unref comes after every listener is attached, on that message.
 */
export async function spawnWorker(source: string): Promise<PlatformWorker> {
  if (isNode()) {
    const { Worker } = await importNode('worker_threads');
    const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`));
    // Node reports a stopped worker's event-loop idle time as -1 (its environment is gone),
    // once the loop's start has been read while it ran: it is read on the first message.
    const idle = () => w.performance.eventLoopUtilization().idle;
    return {
      post: (m) => w.postMessage(m),
      onMessage: (fn) =>
        void w.on('message', (m) => {
          idle();
          fn(m);
          w.unref();
        }),
      onError: (fn) => void w.on('error', fn),
      onExit: (fn) => void w.on('exit', () => fn()),
      stopped: () => idle() < 0,
      terminate: () => void w.terminate(),
    };
  }
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const w = new Worker(url, { type: 'module' });
  return {
    post: (m) => w.postMessage(m),
    onMessage: (fn) => w.addEventListener('message', (e) => fn((e as MessageEvent).data)),
    onError: (fn) => w.addEventListener('error', (e) => fn(new Error((e as ErrorEvent).message))),
    onExit: (fn) => w.addEventListener('error', () => fn()),
    stopped: () => false,
    terminate: () => w.terminate(),
  };
}

/** Hardware threads: navigator.hardwareConcurrency where it exists (browsers, Deno), os.availableParallelism in Node 20 (no navigator there). */
export async function hardwareThreads(): Promise<number> {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  if (typeof n === 'number' && n > 0) return n;
  if (isNode()) return (await importNode('os')).availableParallelism();
  return 1;
}

/** Whether this thread may block in Atomics.wait (Node's main thread may; a browser's may not). */
export function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether this context may share memory between threads (SharedArrayBuffer exists and, in browsers, the page is cross-origin isolated). */
export function canShareMemory(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean };
  return typeof SharedArrayBuffer === 'function' && g.crossOriginIsolated !== false;
}
