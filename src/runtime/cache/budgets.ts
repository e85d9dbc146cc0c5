import { importNode, isNode } from '../../platform/node.js';
import type { ByteSize } from '../../io/byte-size.js';
import { parseBytes } from './bytes.js';

/** `init({ memory })`: byte budgets per tier and where spill files go. */
export interface MemoryOptions {
  /**
   * Bytes of GPU buffers the webgpu backend keeps pooled for reuse. Default 256 MiB,
   * the pool's own default (see backend/webgpu/index.ts).
   */
  gpu?: ByteSize;
  /**
   * Bytes of host memory for materialised arrays, including buffers of a plan while it
   * runs. Default: half the machine's memory (Node, Deno; `navigator.deviceMemory` in
   * browsers, 2 GiB when unknown), at most 2 GiB on the wasm backend, whose kernels
   * stage their buffers in a wasm32 heap that addresses 4 GiB.
   */
  host?: ByteSize;
  /** Bytes of spill files. Default unlimited: a full disk is reported when a spill fails, and the data stays in memory. */
  disk?: ByteSize;
  /**
   * Directory for the spill file (Node, Deno; default the OS temp directory) or
   * subdirectory of the Origin Private File System (browsers, Worker only). A directory
   * given here that cannot be written fails `init`.
   */
  spillDir?: string;
}

export const DEFAULT_GPU_BYTES = 256 * 2 ** 20;
const WASM_HOST_CAP = 2 * 2 ** 30;
/** Budget before `init()` has measured the machine: arrays can be made before init. */
export const FALLBACK_HOST_BYTES = 2 * 2 ** 30;

async function machineMemory(): Promise<number> {
  if (isNode() || 'Deno' in globalThis) {
    try {
      return (await importNode('os')).totalmem();
    } catch {
      // Deno without --allow-sys may not ask: assume what a browser that does not say would.
      return 2 * FALLBACK_HOST_BYTES;
    }
  }
  const gib = (globalThis as { navigator?: { deviceMemory?: number } }).navigator?.deviceMemory;
  return gib ? gib * 2 ** 30 : 2 * FALLBACK_HOST_BYTES;
}

export async function defaultHostBytes(backend: string): Promise<number> {
  const half = Math.floor((await machineMemory()) / 2);
  return backend === 'wasm' ? Math.min(half, WASM_HOST_CAP) : half;
}

export const gpuBytes = (options: MemoryOptions | undefined): number =>
  options?.gpu === undefined ? DEFAULT_GPU_BYTES : parseBytes('gpu', options.gpu);
