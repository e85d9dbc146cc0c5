import { describe, expect, it } from 'vitest';
import { BackendError, init, np } from 'quiverjs';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import type { Job, Pool } from '../../src/backend/wasm/pool.js';
import { activeBackend } from '../../src/runtime/init.js';

/** A gather whose descriptor lies past the end of the wasm memory: the kernel traps reading it. */
const TRAPPING: Job = { fn: 'gather', args: [0xfffffff0, 0, 1, 0] };
/** A gather over an empty descriptor (address 0 holds zeros): it reads its header and returns. */
const HARMLESS: Job = { fn: 'gather', args: [0, 0, 0, 0] };

/**
 * A pool of two threads. Unless `stealing`, the calling thread leaves each worker its job,
 * as these tests of a worker's own faults need (it would run a job no worker claimed yet).
 */
async function twoThreadPool(stealing = false): Promise<{ backend: WasmBackend; pool: Pool }> {
  await init({ backend: 'wasm', threads: 2 });
  const backend = activeBackend('test') as WasmBackend;
  const pool = (backend as unknown as { pool: Pool }).pool;
  pool.stealing = stealing;
  return { backend, pool };
}

/** Terminates worker 1 of the pool. */
function terminateWorker(pool: Pool): void {
  (pool as unknown as { slots: { worker: { terminate(): void } }[] }).slots[0]!.worker.terminate();
}

/**
 * Terminates worker 1 and blocks until it is gone, before the pool could see its exit
 * event: the next batch is dispatched to it as to a live worker, as when it dies while
 * running a kernel.
 */
function killWorkerUnseen(pool: Pool): void {
  terminateWorker(pool);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}

/**
 * Sum of k * i for i below 1,000,000: work enough for both threads (a cheap body needs
 * many elements before a worker is woken for it); each test uses its own k so no result
 * is reused. The sum is exact in float64.
 */
const sumOfMultiples = async (k: number) => Number(await np.arange(0, 1_000_000, 1, 'float64').mul(k).sum().item());
const expected = (k: number) => k * 499_999_500_000;

describe('a wasm kernel that traps or a worker that dies', () => {
  it('fails the evaluation with a BackendError naming the kernel and the worker, then replaces the worker', async () => {
    const { pool } = await twoThreadPool();
    expect(() => pool.runSync([HARMLESS, TRAPPING])).toThrow(/wasm: the kernel gather stopped with a trap \(memory access out of bounds\) on worker 1/);
    await pool.repair();
    expect(() => pool.runSync([HARMLESS, TRAPPING])).toThrow(BackendError);
    expect(pool.healthy).toBe(false);
    expect(await sumOfMultiples(2)).toBe(expected(2));
    expect(pool.healthy).toBe(true);
    expect(pool.size).toBe(2);
  });

  it('names the calling thread when the job it runs itself traps, and computes right after it', async () => {
    const { pool } = await twoThreadPool();
    expect(() => pool.runSync([TRAPPING, HARMLESS])).toThrow(/wasm: the kernel gather stopped with a trap \(memory access out of bounds\) on the calling thread/);
    expect(() => pool.runSync([TRAPPING])).toThrow(/on the calling thread/);
    expect(pool.healthy).toBe(true);
    expect(await sumOfMultiples(4)).toBe(expected(4));
  });

  it('replaces a worker that exited between evaluations before the next one runs', async () => {
    const { pool } = await twoThreadPool();
    terminateWorker(pool);
    await expect.poll(() => pool.healthy).toBe(false);
    expect(await sumOfMultiples(5)).toBe(expected(5));
    expect(pool.healthy).toBe(true);
  });

  it('fails an evaluation whose worker died mid-kernel with a BackendError naming the worker, then computes right on a fresh one', async () => {
    const { pool } = await twoThreadPool();
    killWorkerUnseen(pool);
    expect(pool.healthy).toBe(true);
    await expect(sumOfMultiples(7)).rejects.toThrow(/wasm: worker 1 exited while running the kernel \w+; the evaluation failed and the pool starts a fresh worker/);
    expect(await sumOfMultiples(8)).toBe(expected(8));
    expect(pool.healthy).toBe(true);
  });

  it('fails a synchronous read whose worker died mid-kernel with a BackendError instead of waiting for it forever', async () => {
    const { pool } = await twoThreadPool();
    killWorkerUnseen(pool);
    expect(pool.healthy).toBe(true);
    expect(() => np.arange(0, 1_000_000, 1, 'float64').mul(9).sum().dataSync()).toThrow(/wasm: worker 1 exited while running the kernel \w+/);
    expect(pool.healthy).toBe(false);
    expect(await sumOfMultiples(10)).toBe(expected(10));
    expect(pool.healthy).toBe(true);
  });

  it('runs on the calling thread the job of a worker that died before claiming it, and the evaluation succeeds', async () => {
    const { pool } = await twoThreadPool(true);
    killWorkerUnseen(pool);
    expect(await sumOfMultiples(11)).toBe(expected(11));
    expect(Number(np.arange(0, 1_000_000, 1, 'float64').mul(12).sum().dataSync()[0])).toBe(expected(12));
    await expect.poll(() => pool.healthy).toBe(false);
    expect(await sumOfMultiples(13)).toBe(expected(13));
    expect(pool.healthy).toBe(true);
  });

  it('names the thread that ran a trapping job, and replaces a worker only when the worker trapped', async () => {
    const { pool } = await twoThreadPool(true);
    for (let i = 0; i < 20; i++) {
      const message = (() => {
        try {
          pool.runSync([HARMLESS, TRAPPING]);
        } catch (e) {
          return String(e);
        }
        return 'no trap';
      })();
      expect(message).toMatch(/gather stopped with a trap \(memory access out of bounds\) on (the calling thread|worker 1)/);
      expect(pool.healthy).toBe(message.includes('calling thread'));
      await pool.repair();
    }
    expect(await sumOfMultiples(14)).toBe(expected(14));
  });

  it('answers a synchronous read on the calling thread while a worker waits for its replacement', async () => {
    const { pool } = await twoThreadPool();
    expect(() => pool.runSync([HARMLESS, TRAPPING])).toThrow(BackendError);
    expect(Number(np.arange(0, 100_000, 1, 'float64').mul(3).sum().dataSync()[0])).toBe(14_999_850_000);
    expect(await sumOfMultiples(6)).toBe(expected(6));
    expect(pool.healthy).toBe(true);
  });
});
