import type { AnyTypedArray } from '../../graph/dtype.js';
import type { Heap } from './heap.js';

/** Smaller arrays are copied in per evaluation: cheaper than the heap they would hold until collected. */
const MIN_BYTES = 64 * 1024;

/**
 * A copy is found from its array through a WeakMap and never points back: a WeakRef
 * made or read keeps its target alive until the current job ends (ECMA-262
 * AddToKeptObjects), so a loop that never waits for I/O kept every array it had made
 * resident alive. A dropped copy is marked dead instead, and forgotten when next looked up.
 */
interface Entry {
  readonly ptr: number;
  readonly bytes: number;
  dead: boolean;
}

/**
 * Heap copies of frozen arrays (graph/immutable.ts), kept across evaluations so a loop
 * over the same inputs copies each into the heap once. Least recently used copies go first
 * when the byte budget is full; a copy goes when its array is garbage collected.
 * Copies a running plan uses are pinned: nothing it reads is released under it.
 */
export class Residency {
  private readonly entries = new WeakMap<AnyTypedArray, Entry>();
  /** Insertion order is recency order: a used entry is moved to the end. */
  private readonly order = new Set<Entry>();
  private bytes = 0;
  private readonly collected = new FinalizationRegistry<Entry>((e) => this.drop(e));

  constructor(
    private readonly heap: Heap,
    private budget: number,
  ) {}

  /** A new byte budget (the buffer cache's share for these copies); copies over it go at once. */
  resize(budget: number): void {
    this.budget = budget;
    this.makeRoom(0, new Set());
  }

  /** The heap address of data's resident copy, if it has one; marks it used and pins it. */
  lookup(data: AnyTypedArray, pinned: Set<unknown>): number | undefined {
    const e = this.entries.get(data);
    if (!e) return undefined;
    if (e.dead) {
      this.entries.delete(data);
      return undefined;
    }
    this.order.delete(e);
    this.order.add(e);
    pinned.add(e);
    return e.ptr;
  }

  /**
   * Makes the heap block at `ptr` (holding data's bytes, allocated by the caller) data's
   * resident copy. False when data is too big to keep or the unpinned copies cannot make
   * room: the caller then releases the block itself.
   */
  adopt(data: AnyTypedArray, ptr: number, pinned: Set<unknown>): boolean {
    const bytes = data.byteLength;
    if (this.entries.get(data)?.dead === false || bytes < MIN_BYTES || bytes > this.budget / 4 || !this.makeRoom(bytes, pinned)) return false;
    const e: Entry = { ptr, bytes, dead: false };
    this.entries.set(data, e);
    this.order.add(e);
    this.bytes += bytes;
    this.collected.register(data, e, e);
    pinned.add(e);
    return true;
  }

  /** Whether data has a resident copy now (a later run may still drop it: nothing is pinned). */
  holds(data: AnyTypedArray): boolean {
    return this.entries.get(data)?.dead === false;
  }

  /** Bytes of resident copies (tests check they stay within the budget). */
  get used(): number {
    return this.bytes;
  }

  private makeRoom(bytes: number, pinned: Set<unknown>): boolean {
    for (const e of this.order) {
      if (this.bytes + bytes <= this.budget) break;
      if (!pinned.has(e)) this.drop(e);
    }
    return this.bytes + bytes <= this.budget;
  }

  private drop(e: Entry): void {
    if (!this.order.delete(e)) return;
    this.bytes -= e.bytes;
    this.heap.release(e.ptr);
    this.collected.unregister(e);
    e.dead = true;
  }
}
