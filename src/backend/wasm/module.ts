import { kernelModule } from '../../platform/kernel-module.js';
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
  vm_map_shared(code: number, consts: number, scratch: number, next: number, end: number, grain: number): number;
  vm_reduce(code: number, consts: number, scratch: number, acc: number, oStart: number, oEnd: number): number;
  vm_reduce_states(code: number, consts: number, scratch: number, states: number, oStart: number, oEnd: number, cStart: number, cEnd: number): number;
  vm_scratch_bytes(code: number): number;
}

/** 64 KiB wasm pages. The heap may grow to 4 GiB, the wasm32 limit the module was linked with. */
export const PAGE = 65536;
export const MAX_PAGES = 65536;

export async function instantiate(memory: WebAssembly.Memory, url?: string | URL): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(await kernelModule(url), { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
