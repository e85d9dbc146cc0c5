import type { AnyTypedArray, DType } from '../../graph/dtype.js';
import type { Node, Realized } from '../../graph/node.js';
import type { View } from '../../graph/view.js';
import type { Region } from './disk.js';

/**
 * Why a buffer exists decides what eviction may do with it: `data` came from the user
 * (JS values, files) and `persisted` was asked to be kept, so both spill to disk;
 * a `result` can be dropped and recomputed from its node's inputs (lineage).
 */
export type Origin = 'data' | 'persisted' | 'result';

let nextId = 0;

/**
 * One materialised buffer and its copies: `host` (an ArrayBuffer-backed TypedArray),
 * `disk` (a region of the spill file), or both, the disk copy then being clean.
 */
export class Entry {
  readonly id = nextId++;
  host: AnyTypedArray | undefined;
  disk: Region | undefined;
  /** Leases of kernels running on it: a leased buffer is neither evicted nor freed. */
  leases = 0;
  /**
   * Blocked executions reading it a block at a time (cache/blocked.ts): it may leave
   * host memory, but only for disk, and is not freed until they end.
   */
  streams = 0;
  /** `x.pin()`: kept in host memory until `x.unpin()`. */
  pinned = false;
  /** The cache's clock at the last use: least recently used goes first. */
  lastUse = 0;
  /** Set by dispose while leased: the last lease to end frees it. */
  doomed = false;
  freed = false;
  /** Live CachedValues reading it: when the last is garbage-collected the buffer is freed. */
  values = 0;
  /**
   * User data read in place (np.asarray's array, graph/immutable.ts's not frozen): the
   * user may still write to it, so results computed from it are never reused. A reload
   * from disk makes it the cache's own copy.
   */
  borrowed = false;
  /**
   * The host copy was given out while no kernel leased it (a read, or a block view):
   * someone may still hold it, so dropping it must leave it intact (see reclaim.ts).
   */
  escaped = false;
  /**
   * The only copy of a result whose source data is gone, so it cannot be recomputed
   * (memory.ts): freed, like source data, only once no consumer can still need it.
   */
  sole = false;
  /**
   * The host copy lies in a backend's memory (a result left in the wasm heap): called to
   * give that memory back when the host copy goes; never given out unleased (the cache
   * copies it out first, see `BufferCache.ownHost`).
   */
  release: (() => void) | undefined = undefined;
  /** Nodes whose `realized` reads this buffer: eviction of a result un-realizes them. */
  readonly holders: WeakRef<Node>[] = [];

  constructor(
    readonly dtype: DType,
    readonly length: number,
    readonly bytes: number,
    public origin: Origin,
  ) {}

  /** Whether evicting it would give host bytes back: views of other buffers (BufferCache.admitView) hold none. */
  get evictable(): boolean {
    return this.host !== undefined && this.bytes > 0 && this.leases === 0 && !this.pinned;
  }
}

/**
 * A node's result as the cache hands it out: the view is fixed, the data is looked up
 * on each read so that a spilled buffer comes back (and counts as used) when read.
 */
export class CachedValue implements Realized {
  constructor(
    readonly entry: Entry,
    readonly view: View,
    private readonly read: (entry: Entry) => AnyTypedArray,
    private readonly peek: (entry: Entry) => AnyTypedArray,
  ) {}

  get data(): AnyTypedArray {
    return this.read(this.entry);
  }

  /**
   * The data for a reader that copies it before returning (runtime/read.ts): unlike
   * `data`, it is not given out, so a backend's memory may go on holding it.
   */
  get dataToCopy(): AnyTypedArray {
    return this.peek(this.entry);
  }
}

export const entryOf = (r: Realized | undefined): Entry | undefined => (r instanceof CachedValue ? r.entry : undefined);
