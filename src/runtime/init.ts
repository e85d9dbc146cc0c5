import type { Backend, BackendCounters, BackendName } from '../backend/backend.js';
import { jsBackend } from '../backend/js/index.js';
import { WasmBackend } from '../backend/wasm/index.js';
import { BackendError } from '../graph/errors.js';

export interface InitOptions {
  /** Force a backend; without it the fastest available one is chosen (today: js). */
  backend?: BackendName;
  /** Worker threads for backends that use them (wasm); the js backend is single-threaded. */
  threads?: number;
  /**
   * false evaluates node by node, without the optimizer (js backend only): the unfused
   * reference that fused results are tested against. Default true.
   */
  fuse?: boolean;
}

/** How to start each backend that exists; a start that fails means "not available here". */
const FACTORIES: Partial<Record<BackendName, (options: InitOptions) => Promise<Backend>>> = {
  js: async () => jsBackend,
  wasm: (options) => WasmBackend.create(options.threads === undefined ? {} : { threads: options.threads }),
};
/**
 * The order `init()` tries backends in when none is forced. The wasm backend is opt-in
 * (`init({ backend: 'wasm' })`) until it runs every kernel kind natively and on all cores.
 */
const PREFERENCE: readonly BackendName[] = ['js'];

let active: Backend | undefined;
let fuse = true;
/** Backends started so far, by name and thread count: init() again reuses them (the wasm heap, its workers). */
const started = new Map<string, Promise<Backend>>();

/**
 * Chooses the backend. Asking for one that is not available, or that cannot start
 * here, throws and says why; the previous choice then stays in force.
 */
export async function init(options: InitOptions = {}): Promise<BackendName> {
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
    throw new BackendError(`init: threads must be a positive integer, got ${options.threads}`);
  }
  const name = options.backend ?? PREFERENCE[0]!;
  const factory = FACTORIES[name];
  if (!factory) {
    throw new BackendError(`init: backend '${name}' is not available; available: ${Object.keys(FACTORIES).join(', ')}`);
  }
  const key = `${name}/${options.threads ?? 'auto'}`;
  if (!started.has(key)) started.set(key, factory(options));
  let chosen: Backend;
  try {
    chosen = await started.get(key)!;
  } catch (e) {
    started.delete(key);
    throw new BackendError(`init: backend '${name}' could not start: ${(e as Error).message}`);
  }
  if (options.fuse === false && !chosen.evaluateUnfused) {
    throw new BackendError(`init: fuse: false (node-by-node evaluation) needs the js backend, not ${chosen.name}`);
  }
  active = chosen;
  fuse = options.fuse ?? true;
  return active.name;
}

/** The active backend's name. */
export function backend(): BackendName {
  return activeBackend('backend').name;
}

/** Kernels compiled and launched so far by the active backend: count work, do not time it. */
export function counters(): BackendCounters {
  return { ...activeBackend('counters').counters };
}

/** Whether evaluation goes through the optimizer (init's `fuse`). */
export const fusing = (): boolean => fuse;

export function activeBackend(op: string): Backend {
  if (!active) throw new BackendError(`${op}: no backend is initialised; call \`await init()\` first`);
  return active;
}
