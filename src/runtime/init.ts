import type { Backend, BackendCounters, BackendName } from '../backend/backend.js';
import { jsBackend } from '../backend/js/index.js';
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

const AVAILABLE: Partial<Record<BackendName, Backend>> = { js: jsBackend };
/** The order `init()` tries backends in when none is forced. */
const PREFERENCE: readonly BackendName[] = ['webgpu', 'wasm', 'js'];

let active: Backend | undefined;
let fuse = true;

/** Chooses the backend. Asking for one that is not available throws and names those that are. */
export async function init(options: InitOptions = {}): Promise<BackendName> {
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
    throw new BackendError(`init: threads must be a positive integer, got ${options.threads}`);
  }
  fuse = options.fuse ?? true;
  if (options.backend !== undefined) {
    const chosen = AVAILABLE[options.backend];
    if (!chosen) {
      throw new BackendError(
        `init: backend '${options.backend}' is not available; available: ${Object.keys(AVAILABLE).join(', ')}`,
      );
    }
    active = chosen;
  } else {
    active = PREFERENCE.map((n) => AVAILABLE[n]).find((b) => b !== undefined)!;
  }
  if (!fuse && !active.evaluateUnfused) {
    throw new BackendError(`init: fuse: false (node-by-node evaluation) needs the js backend, not ${active.name}`);
  }
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
