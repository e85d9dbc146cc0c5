import type { Backend, BackendCounters, BackendName } from '../backend/backend.js';
import { jsBackend } from '../backend/js/index.js';
import { WasmBackend } from '../backend/wasm/index.js';
import { WebGpuBackend } from '../backend/webgpu/index.js';
import type { AnyTypedArray, DType } from '../graph/dtype.js';
import { BackendError } from '../graph/errors.js';
import { useKernelUrl } from '../platform/kernel-module.js';
import { findGpuAdapter, type GpuOptions } from '../platform/gpu.js';
import { bufferCache, configureMemory } from './cache/active.js';
import { gpuBytes, type MemoryOptions } from './cache/budgets.js';
import { planCacheCounters, setPlanCaching } from './plans.js';

export interface InitOptions {
  /**
   * Force a backend; without it the fastest available one is chosen: webgpu on a
   * hardware adapter, else wasm, else js (`backendReport()` says why each was passed over).
   */
  backend?: BackendName;
  /** Worker threads for backends that use them (wasm); the js backend is single-threaded. */
  threads?: number;
  /**
   * wasm (and webgpu's CPU steps): where the kernel module is served from, for bundlers
   * that do not copy files named by `new URL(..., import.meta.url)`, e.g. esbuild's
   * `import wasmUrl from 'quiverjs/quiver.wasm'` with `--loader:.wasm=file`. Read by the
   * first start of the wasm backend only, and by the CSV reader if it has not loaded yet.
   */
  wasmUrl?: string | URL;
  /**
   * webgpu only. WGSL has no f64: 'cpu' (the default) runs kernels that touch float64 on
   * the CPU; 'downcast' computes them as f32 on the GPU. Never silently.
   */
  float64?: 'cpu' | 'downcast';
  /**
   * webgpu only: which adapter. `compatibility: true` asks for a compatibility-mode
   * adapter (WebGPU over OpenGL ES, e.g. Mesa llvmpipe); `dawnOptions` are toggles for
   * Node's `webgpu` package, e.g. `['backend=opengles']`.
   */
  gpu?: GpuOptions;
  /**
   * false evaluates node by node, without the optimizer (js backend only): the unfused
   * reference that fused results are tested against. Default true.
   */
  fuse?: boolean;
  /**
   * false runs the optimizer on every evaluation instead of reusing the plan made for
   * an earlier graph of the same structure (#13): the reference the plan cache is tested
   * against. Default true.
   */
  planCache?: boolean;
  /**
   * Byte budgets of the buffer cache's tiers (numbers or strings like '512MB') and the
   * spill directory; see MemoryOptions for the defaults. `np.memory()` reports use.
   */
  memory?: MemoryOptions;
}

/** How to start each backend that exists; a start that fails means "not available here". */
const FACTORIES: Partial<Record<BackendName, (options: InitOptions) => Promise<Backend>>> = {
  js: async () => jsBackend,
  wasm: (options) => WasmBackend.create(wasmOptions(options)),
  webgpu: async (options) =>
    WebGpuBackend.create({
      ...options.gpu,
      poolBytes: gpuBytes(options.memory),
      ...(options.float64 === undefined ? {} : { float64: options.float64 }),
      cpu: await cpuBackend(options),
    }),
};

/**
 * The options each factory reads: backends started with the same ones are the same
 * backend (the wasm backend webgpu runs its CPU steps on is the one init({ backend:
 * 'wasm' }) returns, not a second heap with its own workers).
 */
const STARTED_BY: Record<BackendName, (options: InitOptions) => unknown> = {
  js: () => null,
  wasm: (o) => o.threads ?? 'auto',
  webgpu: (o) => [o.threads ?? 'auto', o.float64 ?? 'cpu', o.gpu ?? {}, gpuBytes(o.memory)],
};

/** The backend that runs webgpu's CPU steps (float64 kernels): wasm where it starts, else the js reference. */
function cpuBackend(options: InitOptions): Promise<Backend> {
  return start('wasm', wasmOptions(options)).catch(() => jsBackend);
}

function wasmOptions(options: InitOptions): { threads?: number; wasmUrl?: string | URL } {
  return {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.wasmUrl === undefined ? {} : { wasmUrl: options.wasmUrl }),
  };
}

/** The order `init()` tries backends in when none is forced. */
const PREFERENCE: readonly BackendName[] = ['webgpu', 'wasm', 'js'];

/**
 * Software adapters (SwiftShader, llvmpipe, lavapipe, WARP) emulate a GPU on the CPU,
 * slower than the wasm backend on the same cores: only a forced `backend: 'webgpu'` uses them.
 */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|warp|fallback/i;

export interface BackendReport {
  readonly name: BackendName;
  readonly description: string;
  /** The backends tried before it, and why each was not chosen. */
  readonly passedOver: readonly { readonly name: BackendName; readonly reason: string }[];
}
let report: BackendReport | undefined;

let active: Backend | undefined;
let fuse = true;
/** Backends started so far, by name and the options they read: init() again reuses them (the wasm heap, its workers). */
const started = new Map<string, Promise<Backend>>();

/**
 * Chooses the backend. Asking for one that is not available, or that cannot start
 * here, throws and says why; the previous choice then stays in force.
 */
export async function init(options: InitOptions = {}): Promise<BackendName> {
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
    throw new BackendError(`init: threads must be a positive integer, got ${options.threads}`);
  }
  // The CSV reader runs the same module, whichever backend is chosen.
  if (options.wasmUrl !== undefined) useKernelUrl(options.wasmUrl);
  const { chosen, passedOver } = options.backend ? { chosen: await start(options.backend, options), passedOver: [] } : await automatic(options);
  if (options.fuse === false && !chosen.evaluateUnfused) {
    throw new BackendError(`init: fuse: false (node-by-node evaluation) needs the js backend, not ${chosen.name}`);
  }
  await configureMemory(options.memory, chosen.name);
  // Copies a backend keeps for itself live outside the cache's accounting: a quarter of the host budget.
  chosen.keepCopiesWithin?.(bufferCache().hostBudget / 4);
  active = chosen;
  fuse = options.fuse ?? true;
  setPlanCaching(options.planCache ?? true);
  report = { name: chosen.name, description: chosen.description, passedOver };
  return active.name;
}

async function start(name: BackendName, options: InitOptions): Promise<Backend> {
  const factory = FACTORIES[name];
  if (!factory) {
    throw new BackendError(`init: backend '${name}' is not available; available: ${Object.keys(FACTORIES).join(', ')}`);
  }
  const key = JSON.stringify([name, STARTED_BY[name](options)]);
  if (!started.has(key)) started.set(key, factory(options));
  try {
    return await started.get(key)!;
  } catch (e) {
    started.delete(key);
    throw new BackendError(`init: backend '${name}' could not start: ${(e as Error).message}`);
  }
}

/** The first backend in PREFERENCE that starts here (js always does), skipping software GPUs. */
async function automatic(options: InitOptions): Promise<{ chosen: Backend; passedOver: BackendReport['passedOver'] }> {
  const passedOver: { name: BackendName; reason: string }[] = [];
  for (const name of PREFERENCE) {
    if (name !== 'js' && options.fuse === false) {
      passedOver.push({ name, reason: 'fuse: false needs the js backend' });
      continue;
    }
    const unsuitable = name === 'webgpu' ? await unsuitableAdapter(options) : undefined;
    if (unsuitable) {
      passedOver.push({ name, reason: unsuitable });
      continue;
    }
    try {
      return { chosen: await start(name, options), passedOver };
    } catch (e) {
      passedOver.push({ name, reason: (e as Error).message });
    }
  }
  throw new BackendError('init: no backend could start');
}

/**
 * Why the automatic choice skips webgpu, asked before the backend starts: in Node, loading
 * Dawn makes the drivers print to stderr, so a machine with no adapter, or only a software
 * one, never loads it (init() stays quiet there).
 */
async function unsuitableAdapter(options: InitOptions): Promise<string | undefined> {
  const found = await findGpuAdapter(options.gpu);
  if (!found.ok) return `init: backend 'webgpu' could not start: webgpu: ${found.reason}`;
  if (SOFTWARE_ADAPTER.test(found.description)) return `software adapter (${found.description}); init({ backend: 'webgpu' }) uses it anyway`;
  return undefined;
}

/** Which backend `init()` chose, what it runs on, and why faster ones were passed over. */
export function backendReport(): BackendReport {
  if (!report) throw new BackendError('backendReport: no backend is initialised; call `await init()` first');
  return report;
}

/** The active backend's name. */
export function backend(): BackendName {
  return activeBackend('backend').name;
}

/** Work counts, to count rather than time: the plan cache's hits and misses, and the active backend's compiles and launches. */
export interface Counters extends BackendCounters {
  /** Evaluations whose plan was rebound from an earlier graph of the same structure. */
  planHits: number;
  /** Evaluations that ran the optimizer (the plan cache had no plan for the structure). */
  planMisses: number;
}

/** Plans reused and made, and kernels compiled and launched so far by the active backend. */
export function counters(): Counters {
  return { ...activeBackend('counters').counters, ...planCacheCounters() };
}

/** Whether evaluation goes through the optimizer (init's `fuse`). */
export const fusing = (): boolean => fuse;

/** The active backend's name and element limit, or undefined before `init()`. */
export function elementLimit(): { name: BackendName; maxElements: number } | undefined {
  return active && { name: active.name, maxElements: active.maxElements };
}

/** An array placed where the active backend's kernels read it (Backend.placeArray), or undefined. */
export const placedArray = (dtype: DType, length: number): AnyTypedArray | undefined => active?.placeArray?.(dtype, length);

export function activeBackend(op: string): Backend {
  if (!active) throw new BackendError(`${op}: no backend is initialised; call \`await init()\` first`);
  return active;
}
