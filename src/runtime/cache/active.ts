import { openSpillFile } from '../../platform/spill.js';
import { parseBytes } from './bytes.js';
import { BufferCache, type CacheCounters, type TierStats } from './cache.js';
import { DiskTier } from './disk.js';
import { MemoryError } from './errors.js';
import { DEFAULT_GPU_BYTES, defaultHostBytes, FALLBACK_HOST_BYTES, gpuBytes, type MemoryOptions } from './budgets.js';

/** The process's buffer cache: one for all arrays, whichever backend computes them. */
const cache = new BufferCache(FALLBACK_HOST_BYTES, Infinity);
let configured = false;
let spillDir: string | undefined;
let gpu = DEFAULT_GPU_BYTES;

/** The gpu tier's budget: the webgpu backend's pool (init passes it on as `poolBytes`). */
export const gpuBudget = (): number => gpu;

export const bufferCache = (): BufferCache => cache;

/**
 * Applies `init({ memory })`: budgets given replace the current ones (the first init
 * sets defaults for the rest), a lower host budget evicts at once, and the spill file
 * opens. A spill directory the user named must be writable now; the default one only
 * when the first spill needs it, so a machine without a writable temp dir still runs
 * everything that fits in memory.
 */
export async function configureMemory(options: MemoryOptions | undefined, backend: string): Promise<void> {
  const host = options?.host === undefined ? (configured ? cache.hostBudget : await defaultHostBytes(backend)) : parseBytes('host', options.host);
  const disk = options?.disk === undefined ? cache.diskBudget : parseBytes('disk', options.disk);
  if (options?.gpu !== undefined) gpu = gpuBytes(options);
  await openDisk(options?.spillDir);
  cache.hostBudget = host;
  cache.diskBudget = disk;
  configured = true;
  cache.makeRoom('init', 0);
}

async function openDisk(dir: string | undefined): Promise<void> {
  if (cache.disk && (dir === undefined || dir === spillDir)) return;
  if (cache.disk && cache.disk.buffers > 0) {
    throw new MemoryError(`init: memory.spillDir cannot change to ${dir} while ${cache.disk.buffers} buffers are spilled in ${cache.disk.file.where}`);
  }
  try {
    const file = await openSpillFile(dir);
    cache.disk?.file.close();
    cache.disk = new DiskTier(file);
    spillDir = dir;
  } catch (e) {
    if (dir !== undefined) throw new MemoryError(`init: ${(e as Error).message}`);
    cache.diskMissing = (e as Error).message;
  }
}

export interface MemoryReport {
  readonly gpu: TierStats;
  readonly host: TierStats;
  readonly disk: TierStats;
  readonly counters: CacheCounters;
}

export function memoryReport(gpu: TierStats): MemoryReport {
  return { gpu, host: cache.host(), disk: cache.diskStats(), counters: { ...cache.counters } };
}
