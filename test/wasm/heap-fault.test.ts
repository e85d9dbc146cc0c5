import { describe, expect, it } from 'vitest';
import { init, MemoryError, np } from 'quiverjs';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { activeBackend } from '../../src/runtime/init.js';

describe('a wasm heap that cannot grow', () => {
  it('fails an awaited or a synchronous evaluation with a MemoryError, and the next evaluation is right', async () => {
    await init({ backend: 'wasm', threads: 1 });
    const memory = (activeBackend('test') as WasmBackend).heap.memory as WebAssembly.Memory & { grow: (pages: number) => number };
    const { top } = (activeBackend('test') as WasmBackend).heapStats();
    memory.grow = () => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    };
    // Larger than any block the heap holds, so it must grow.
    const n = 4 * 2 ** 20;
    try {
      await expect(np.arange(0, n, 1, 'float64').mul(2).data()).rejects.toThrow(MemoryError);
      await expect(np.arange(0, n, 1, 'float64').mul(3).data()).rejects.toThrow(/the wasm backend's memory could not grow \(WebAssembly\.Memory\.grow\(\): Maximum memory size exceeded\)/);
      expect(() => np.arange(0, n, 1, 'float64').mul(5).dataSync()).toThrow(/dataSync: the wasm backend's memory could not grow/);
      expect((activeBackend('test') as WasmBackend).heapStats().top).toBe(top);
    } finally {
      delete (memory as { grow?: unknown }).grow;
    }
    expect((await np.arange(0, n, 1, 'float64').mul(4).data())[n - 1]).toBe(4 * (n - 1));
    await init({ backend: 'js' });
  });
});
