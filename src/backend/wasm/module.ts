import { readPackageFile, resolvePackageUrl } from '../../platform/bytes.js';
import type { MatmulExports } from './routines/matmul.js';
import type { EwmExports } from './routines/ewm.js';
import type { RollingExports } from './routines/rolling.js';
import type { ScanExports } from './routines/scan.js';
import type { SortExports } from './routines/sort.js';
import type { GroupByExports } from './routines/groupby.js';
import type { GatherExports } from './routines/gather.js';
import type { ImpliedVolExports } from './routines/implied-vol.js';
import type { GroupSlotsExports } from './routines/group-slots.js';

/** The exports of wasm/quiver.wasm that the backend calls (see wasm/src). */
export interface KernelExports extends MatmulExports, ScanExports, RollingExports, EwmExports, SortExports, GroupByExports, GatherExports, ImpliedVolExports, GroupSlotsExports {
  readonly __heap_base: WebAssembly.Global;
  readonly __stack_pointer: WebAssembly.Global;
  vm_map(code: number, consts: number, scratch: number, start: number, end: number): number;
  vm_reduce(code: number, consts: number, scratch: number, acc: number, oStart: number, oEnd: number): number;
  vm_reduce_states(code: number, consts: number, scratch: number, states: number, oStart: number, oEnd: number, cStart: number, cEnd: number): number;
  vm_scratch_bytes(code: number): number;
}

/**
 * wasm/quiver.wasm relative to this module: src/backend/wasm/ and dist/backend/wasm/ both
 * sit three levels below the package root. Written as `new URL('literal', import.meta.url)`,
 * the pattern bundlers such as Vite recognise: they copy the file and rewrite the URL.
 * Bundlers that do not (esbuild) take the file from the `quiverjs/quiver.wasm` export and
 * pass its URL to `init({ wasmUrl })`.
 */
const MODULE_URL = new URL('../../../wasm/quiver.wasm', import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;
let source: Promise<Uint8Array<ArrayBuffer>> | undefined;

/** The kernel module's bytes, read once per process from `url` (the package's module by default). */
export function kernelBytes(url?: string | URL): Promise<Uint8Array<ArrayBuffer>> {
  if (!source) {
    source = readPackageFile(url === undefined ? MODULE_URL : resolvePackageUrl(url));
    source.catch(() => (source = undefined));
  }
  return source;
}

/**
 * Compiles the kernel module once per process; every instance (one per worker) reuses it.
 * `url` is read by the first call only: a process has one kernel module.
 */
export function kernelModule(url?: string | URL): Promise<WebAssembly.Module> {
  if (!compiled) {
    compiled = kernelBytes(url).then((bytes) => WebAssembly.compile(bytes));
    // A module that could not be read leaves the next start free to try again, or another URL.
    compiled.catch(() => {
      compiled = undefined;
      source = undefined;
    });
  }
  return compiled;
}

/** 64 KiB wasm pages. The heap may grow to 4 GiB, the wasm32 limit the module was linked with. */
export const PAGE = 65536;
export const MAX_PAGES = 65536;

export async function instantiate(memory: WebAssembly.Memory, url?: string | URL): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(await kernelModule(url), { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
