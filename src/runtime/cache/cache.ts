import { allocate, copyOf, dtypeOfTypedArray, type AnyTypedArray } from '../../graph/dtype.js';
import { DisposedError } from '../../graph/errors.js';
import { freeze, isFrozen } from '../../graph/immutable.js';
import type { Node } from '../../graph/node.js';
import type { View } from '../../graph/view.js';
import { realizedOf, setRealized } from '../node-state.js';
import { formatBytes as fmt } from './bytes.js';
import type { DiskTier } from './disk.js';
import { CachedValue, Entry, entryOf, type Origin } from './entry.js';
import { MemoryError } from './errors.js';
import { chooseVictim } from './eviction.js';
import { reclaim } from './reclaim.js';

export interface TierStats {
  readonly used: number;
  readonly budget: number;
  readonly buffers: number;
}

/** What the cache has done so far; tests and benchmarks count these instead of timing. */
export interface CacheCounters {
  /** Buffers written to the disk tier. */
  spills: number;
  /** Buffers read back from the disk tier. */
  reloads: number;
  /** Host copies removed to keep within the host budget (spilled, or dropped for recomputation). */
  evictions: number;
  /** Dropped results computed again from their inputs. */
  recomputes: number;
  /** Results answered from the cache without running a kernel. */
  hits: number;
}

/**
 * The one owner of every materialised buffer. Host bytes (including bytes reserved for
 * a plan that is running) never exceed the host budget: room is made first, by evicting
 * the least recently used buffer weighted by cost (see eviction.ts): results are
 * dropped and later recomputed from their node's inputs; user data and persisted
 * results are spilled to the disk tier, never dropped.
 */
export class BufferCache {
  hostBudget: number;
  diskBudget: number;
  disk: DiskTier | undefined;
  /** Why there is no disk tier, when there is none. */
  diskMissing = 'no spill file is open';
  readonly counters: CacheCounters = { spills: 0, reloads: 0, evictions: 0, recomputes: 0, hits: 0 };
  /** Nodes whose result was dropped under pressure: computing them again is a recompute. */
  readonly dropped = new WeakSet<Node>();
  private readonly entries = new Set<Entry>();
  /**
   * The entry of each user array while its host copy is that array: `np.asarray(prices)`
   * in a loop wraps the same array each call, and a new entry per call counted its bytes
   * again each time, until the host budget spilled copies of one array to disk (#13).
   * An entry reloaded from disk holds a copy, which the user's array may no longer equal.
   */
  private readonly ofData = new WeakMap<AnyTypedArray, Entry>();
  private hostUsed = 0;
  private hostBuffers = 0;
  /**
   * Host bytes of pinned buffers, and how many buffers have a lease: kept up to date as
   * buffers are pinned, leased, loaded and dropped, so that each evaluation's checks cost
   * what it touches, not a walk over every buffer the cache holds (#13: with thousands
   * of buffers waiting for their arrays to be collected, the walk doubled a small call).
   */
  private pinnedHost = 0;
  private leased = 0;
  private reserved = 0;
  private clock = 0;
  /** Waiters for a running schedule to give bytes back (see `settled`). */
  private waiters: (() => void)[] = [];
  private readonly registry = new FinalizationRegistry<Entry>((e) => {
    if (--e.values === 0) this.free(e);
  });

  constructor(hostBudget: number, diskBudget: number) {
    this.hostBudget = hostBudget;
    this.diskBudget = diskBudget;
  }

  host(): TierStats {
    return { used: this.hostUsed + this.reserved, budget: this.hostBudget, buffers: this.hostBuffers };
  }

  diskStats(): TierStats {
    return { used: this.disk?.used ?? 0, budget: this.diskBudget, buffers: this.disk?.buffers ?? 0 };
  }

  /**
   * Takes ownership of a buffer; one larger than the host budget goes straight to disk
   * when it may. `release` gives back the backend memory `data` lies in (Realized.release).
   */
  admit(op: string, data: AnyTypedArray, origin: Origin, release?: () => void): Entry {
    const known = origin === 'data' ? this.ofData.get(data) : undefined;
    if (known && !known.freed && known.host === data) {
      known.lastUse = ++this.clock;
      return known;
    }
    const e = new Entry(dtypeOfTypedArray(data)!, data.length, data.byteLength, origin);
    if (origin === 'data') this.ofData.set(data, e);
    e.borrowed = origin === 'data' && !isFrozen(data);
    if (e.bytes > this.hostBudget) {
      if (origin === 'result' || e.bytes > this.diskBudget || !this.disk) throw this.tooLarge(op, e.bytes);
      // Listed only once written: a write the disk refused must leave no entry without bytes behind.
      this.writeOut(e, data);
      release?.();
      this.entries.add(e);
      return e;
    }
    this.makeRoom(op, e.bytes);
    this.entries.add(e);
    this.setHost(e, data);
    e.release = release;
    return e;
  }

  /**
   * A handle on `e` read through `view`; the buffer is freed when no handle is left. A
   * buffer doomed while a kernel read it (its array was disposed mid-evaluation) is
   * wanted again when a result of that kernel is a view of it, and is kept.
   */
  value(e: Entry, view: View): CachedValue {
    e.doomed = false;
    const v = new CachedValue(
      e,
      view,
      (entry) => this.handOut(entry),
      (entry) => this.resident('read', entry),
    );
    e.values++;
    this.registry.register(v, e);
    return v;
  }

  /** The host copy as a CachedValue reads it: a kernel's while leased, else the reader's to keep. */
  private handOut(e: Entry): AnyTypedArray {
    const data = this.resident('read', e);
    if (e.leases > 0 || e.host !== data) return data;
    e.escaped = true;
    return this.ownHost(e);
  }

  /**
   * The host copy, moved out of a backend's memory first if it lies there: what is given
   * out may be held past the buffer's release, so it must be memory nobody frees.
   */
  private ownHost(e: Entry): AnyTypedArray {
    if (!e.release) return e.host!;
    const copy = freeze(copyOf(e.host!));
    e.release();
    e.release = undefined;
    e.host = copy;
    return copy;
  }

  /** The host copy of a buffer, read back from disk if it was spilled. */
  resident(op: string, e: Entry): AnyTypedArray {
    if (e.freed) throw new DisposedError(`${op}: the buffer was freed (its array was disposed)`);
    e.lastUse = ++this.clock;
    if (e.host) return e.host;
    let through = false;
    if (e.leases > 0) this.makeRoom(op, e.bytes);
    else through = !this.fits(op, e.bytes);
    const data = freeze(allocate(e.dtype, e.length));
    this.disk!.load(e.disk!, data);
    this.counters.reloads++;
    if (!through) {
      this.setHost(e, data);
      e.borrowed = false;
    }
    return data;
  }

  /**
   * Makes room for a reload. A plain read (no kernel leases the buffer: `x.data()`) that
   * cannot get room, because the buffer is larger than the host budget or every other
   * buffer is pinned or cannot spill, is read through instead: the caller gets a copy
   * the cache does not keep, and the disk copy stays the only one. A kernel's lease
   * must have room, and fails with the reason.
   */
  private fits(op: string, bytes: number): boolean {
    if (bytes > this.hostBudget) return false;
    try {
      this.makeRoom(op, bytes);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Elements [start, start + count) of a buffer (blocked execution reads big buffers a
   * block at a time): a view of the host copy, or read from disk into `into` when given.
   * Every block is read into the same buffer rather than a fresh allocation, whose new
   * pages fault in one at a time (bench/cache.bench.ts, the out-of-core job).
   */
  readPart(e: Entry, start: number, count: number, into?: AnyTypedArray): AnyTypedArray {
    if (e.host) {
      e.escaped = true;
      return this.ownHost(e).subarray(start, start + count);
    }
    const part = into ? into.subarray(0, count) : allocate(e.dtype, count);
    this.disk!.load(e.disk!, part, start * part.BYTES_PER_ELEMENT);
    this.counters.reloads++;
    return part;
  }

  /**
   * A block of a resident buffer as blocked execution reads it in place (`readPart`):
   * its bytes are already counted by the buffer it views, so it adds none, and evicting
   * it would free none.
   */
  admitView(part: AnyTypedArray): Entry {
    const e = new Entry(dtypeOfTypedArray(part)!, part.length, 0, 'data');
    e.borrowed = true;
    this.entries.add(e);
    this.setHost(e, part);
    return e;
  }

  /** A result that lives only on disk, written block by block with `writePart`: it is larger than host memory may hold. */
  admitOnDisk(op: string, dtype: Entry['dtype'], length: number): Entry {
    const bytes = length * allocate(dtype, 0).BYTES_PER_ELEMENT;
    if (!this.disk || this.disk.used + bytes > this.diskBudget) throw this.tooLarge(op, bytes, 'a blocked result of');
    const e = new Entry(dtype, length, bytes, 'result');
    e.disk = this.disk.claim(bytes);
    this.entries.add(e);
    return e;
  }

  /** Writes one block of such a result; a failed write (disk full) says what did not fit, and the caller frees the result. */
  writePart(e: Entry, start: number, data: AnyTypedArray): void {
    try {
      this.disk!.writePart(e.disk!, data, start * data.BYTES_PER_ELEMENT);
    } catch (err) {
      throw new MemoryError(`spill: writing a block of a ${fmt(e.bytes)} result larger than the host budget to ${this.disk!.file.where} failed (${(err as Error).message})`);
    }
    this.counters.spills++;
  }

  /**
   * Keeps buffers resident and unevictable while a kernel reads them; the returned
   * function ends the lease (see `release` for `wakeWaiters`).
   */
  lease(op: string, entries: readonly Entry[]): (wakeWaiters?: boolean) => void {
    for (const e of entries) if (e.leases++ === 0) this.leased++;
    try {
      for (const e of entries) this.resident(op, e);
    } catch (err) {
      this.release(entries, false);
      throw err;
    }
    return (wakeWaiters = true) => this.release(entries, wakeWaiters);
  }

  /**
   * Keeps buffers from being dropped or freed while a blocked execution reads them a
   * block at a time across several schedules; unlike a lease, they may spill meanwhile.
   * The returned function ends it.
   */
  stream(entries: readonly Entry[]): () => void {
    for (const e of entries) e.streams++;
    return () => {
      for (const e of entries) if (--e.streams === 0 && e.doomed && e.leases === 0) this.free(e);
    };
  }

  /** Sets aside host bytes for buffers a plan will allocate; the returned function gives them back. */
  reserve(op: string, bytes: number): () => void {
    if (bytes > this.hostBudget) throw this.tooLarge(op, bytes, 'the buffers its kernels write need');
    this.makeRoom(op, bytes);
    this.reserved += bytes;
    return () => {
      this.reserved -= bytes;
      this.wake();
    };
  }

  /** Whether a schedule is running: its reservation or leases may soon be given back. */
  get busy(): boolean {
    return this.reserved > 0 || this.leased > 0;
  }

  /** Resolves when a running schedule next gives bytes back. */
  settled(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  /**
   * Whether `bytes` more fit in the host budget by dropping results and host copies
   * that have a clean disk copy only: writing user data or a persisted result out to
   * disk, and reading it back, is the eviction that costs most (eviction.ts). Buffers in
   * `keep` (what the asking schedule reads) are not counted. The walk over buffers runs
   * only when the free bytes fall short, when making room walks them anyway.
   */
  fitsWithoutSpilling(bytes: number, keep: readonly Entry[]): boolean {
    let room = this.hostBudget - this.hostUsed - this.reserved;
    if (bytes <= room) return true;
    const kept = new Set(keep);
    for (const e of this.entries) {
      if (e.evictable && !kept.has(e) && (e.disk || (e.origin === 'result' && e.streams === 0))) room += e.bytes;
      if (bytes <= room) return true;
    }
    return false;
  }

  /** Host bytes no eviction can give back: pinned buffers, other than those in `except` (distinct entries). */
  pinnedBytes(except: readonly Entry[]): number {
    let bytes = this.pinnedHost;
    for (const e of except) if (e.pinned && e.host) bytes -= e.bytes;
    return bytes;
  }

  pin(op: string, e: Entry): void {
    this.resident(op, e);
    if (e.pinned) return;
    e.pinned = true;
    if (e.host) this.pinnedHost += e.bytes;
  }

  unpin(e: Entry): void {
    if (!e.pinned) return;
    e.pinned = false;
    if (e.host) this.pinnedHost -= e.bytes;
  }

  /** Frees a buffer in every tier at once (dispose), or when its last lease ends. */
  free(e: Entry): void {
    if (e.freed) return;
    if (e.leases > 0 || e.streams > 0) {
      e.doomed = true;
      return;
    }
    this.dropHost(e);
    if (e.disk) this.disk!.release(e.disk);
    e.disk = undefined;
    e.freed = true;
    this.entries.delete(e);
    this.forget(e);
  }

  /**
   * Nodes that still hold a freed buffer forget it and compute it again from their inputs
   * when read: a node answered from the result cache shares the buffer of the array it
   * matched, and freeing that array's buffer left it holding a freed one, which every later
   * schedule reading it found stale and planned again, forever (a loop of microtasks).
   */
  private forget(e: Entry): void {
    for (const node of this.holding(e)) setRealized(node, undefined);
  }

  /** The nodes whose value is `e` now: holders not collected and not given another value since. */
  private holding(e: Entry): Node[] {
    const nodes: Node[] = [];
    for (const ref of e.holders) {
      const node = ref.deref();
      if (node && entryOf(realizedOf(node)) === e) nodes.push(node);
    }
    return nodes;
  }

  /** Evicts until `bytes` more fit in the host budget. */
  makeRoom(op: string, bytes: number): void {
    if (this.hostUsed + this.reserved + bytes <= this.hostBudget) return;
    const failed = new Set<Entry>();
    let lastError: Error | undefined;
    while (this.hostUsed + this.reserved + bytes > this.hostBudget) {
      const victim = chooseVictim(this.entries, this.clock, failed);
      if (!victim) throw lastError ?? this.full(op, bytes);
      try {
        this.evict(victim);
      } catch (e) {
        failed.add(victim);
        lastError = e as Error;
      }
    }
  }

  private evict(e: Entry): void {
    if (!e.disk && (e.origin !== 'result' || e.streams > 0)) this.writeOut(e, e.host!);
    if (e.disk) this.dropHost(e);
    else this.dropResult(e);
    this.counters.evictions++;
  }

  /**
   * Lineage: the nodes holding a dropped result forget it (free does) and compute it
   * again when read. An evictable buffer is neither leased nor streamed, so free runs now.
   */
  private dropResult(e: Entry): void {
    for (const node of this.holding(e)) this.dropped.add(node);
    this.free(e);
  }

  /** Writes a buffer to the disk tier; on failure the host copy stays and the error says why. */
  private writeOut(e: Entry, data: AnyTypedArray): void {
    if (!this.disk) throw new MemoryError(`spill: cannot spill ${fmt(e.bytes)} of ${e.origin === 'data' ? 'user data' : 'a persisted result'}: ${this.diskMissing}`);
    if (this.disk.used + e.bytes > this.diskBudget) this.dropCleanDiskCopies(e.bytes);
    if (this.disk.used + e.bytes > this.diskBudget) {
      throw new MemoryError(`spill: the disk budget ${fmt(this.diskBudget)} is full (${fmt(this.disk.used)} used) and cannot take ${fmt(e.bytes)}; the data stays in memory`);
    }
    try {
      e.disk = this.disk.store(data);
    } catch (err) {
      throw new MemoryError(`spill: writing ${fmt(e.bytes)} to ${this.disk.file.where} failed (${(err as Error).message}); the data stays in memory`);
    }
    this.counters.spills++;
  }

  /** Disk copies of buffers that are also in host memory are redundant; give their bytes to a spill. */
  private dropCleanDiskCopies(bytes: number): void {
    for (const e of this.entries) {
      if (this.disk!.used + bytes <= this.diskBudget) return;
      if (e.host && e.disk) {
        this.disk!.release(e.disk);
        e.disk = undefined;
      }
    }
  }

  private setHost(e: Entry, data: AnyTypedArray): void {
    e.host = data;
    e.escaped = false;
    e.lastUse = ++this.clock;
    this.hostUsed += e.bytes;
    this.hostBuffers++;
    if (e.pinned) this.pinnedHost += e.bytes;
  }

  private dropHost(e: Entry): void {
    if (!e.host) return;
    if (e.release) e.release();
    else reclaim(e, e.host);
    e.release = undefined;
    e.host = undefined;
    this.hostUsed -= e.bytes;
    this.hostBuffers--;
    if (e.pinned) this.pinnedHost -= e.bytes;
  }

  /**
   * Ends one lease on each buffer; a buffer disposed while leased is freed now. A
   * schedule that failed to begin gives back only what it just took, so it passes
   * `wakeWaiters` false: waking the other waiters would have them retry, fail and wake
   * each other in turn, a loop of microtasks that starves the macrotask (a GPU readback)
   * the running schedule needs to end (issue #20: persists in flight hung on webgpu).
   */
  release(entries: readonly Entry[], wakeWaiters = true): void {
    for (const e of entries) {
      if (--e.leases > 0) continue;
      this.leased--;
      if (e.doomed && e.streams === 0) this.free(e);
    }
    if (wakeWaiters) this.wake();
  }

  private budgets(): string {
    return `host ${fmt(this.hostBudget)}, disk ${this.disk ? fmt(this.diskBudget) : `none (${this.diskMissing})`}`;
  }

  private tooLarge(op: string, bytes: number, what = 'a buffer of'): MemoryError {
    return new MemoryError(`${op}: ${what} ${fmt(bytes)}, larger than every memory budget that could hold it (${this.budgets()}); raise init({ memory }) budgets`);
  }

  private full(op: string, bytes: number): MemoryError {
    const held = [...this.entries].filter((e) => e.host && (e.pinned || e.leases > 0)).reduce((s, e) => s + e.bytes, 0);
    return new MemoryError(
      `${op}: needs ${fmt(bytes)} more host memory but the host budget ${fmt(this.hostBudget)} is full: ${fmt(held)} pinned or in use by running kernels, ${fmt(this.reserved)} reserved (${this.budgets()})`,
    );
  }
}
