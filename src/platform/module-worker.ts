import { importNode, isNode } from './node.js';

/** A worker running one of the package's own modules, which the caller may let idle without holding a Node process open. */
export interface ModuleWorker {
  post(message: unknown, transfer?: Transferable[]): void;
  onMessage(fn: (message: unknown) => void): void;
  /** The worker failed: it could not load its module, threw, or exited. */
  onFailure(fn: (error: Error) => void): void;
  /** Node: whether the worker keeps the process alive (while it has work); elsewhere nothing. */
  hold(busy: boolean): void;
  terminate(): void;
}

/**
 * The URL of a module next to `base` (the caller's import.meta.url): `name`.ts when the
 * caller runs from the sources (under tsx), `name`.js from dist.
 */
export function siblingModule(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/**
 * Node 20 does not carry tsx's loader into worker threads: a module from the sources is
 * started by a data: URL that registers it first.
 */
export function nodeEntry(url: URL): URL {
  if (!url.pathname.endsWith('.ts')) return url;
  const api = (import.meta as { resolve(s: string): string }).resolve('tsx/esm/api');
  const code = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(url.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** Starts a module worker on `url`: worker_threads in Node, a module Worker in Deno and browsers. */
export async function spawnModuleWorker(url: URL): Promise<ModuleWorker> {
  if (isNode()) {
    const { Worker } = await importNode('worker_threads');
    const w = new Worker(nodeEntry(url));
    return {
      post: (m, transfer) => w.postMessage(m, transfer),
      onMessage: (fn) => void w.on('message', fn),
      onFailure: (fn) => {
        w.on('error', fn);
        w.on('exit', (code) => fn(new Error(`the worker exited (${code})`)));
      },
      hold: (busy) => (busy ? w.ref() : w.unref()),
      terminate: () => void w.terminate(),
    };
  }
  const w = new Worker(url, { type: 'module' });
  return {
    post: (m, transfer) => w.postMessage(m, transfer ?? []),
    onMessage: (fn) => w.addEventListener('message', (e) => fn((e as MessageEvent).data)),
    onFailure: (fn) => w.addEventListener('error', (e) => fn(new Error((e as ErrorEvent).message || 'the worker failed'))),
    hold: () => undefined,
    terminate: () => w.terminate(),
  };
}
