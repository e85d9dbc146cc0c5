import { afterAll, describe, expect, it } from 'vitest';
import { init, MemoryError, np } from 'quiverjs';

describe("an expression past the wasm backend's element limit, built while js was active", () => {
  afterAll(() => init({ backend: 'js' }));

  it('fails its evaluation on wasm with a MemoryError naming the node, its size and the limit, before any kernel runs', async () => {
    await init({ backend: 'js' });
    // 2^31 + 2^16 elements: within the js backend's limit (2^32), past wasm's (2^31 - 1).
    const big = np.zeros([2 ** 16, 2 ** 15 + 1], 'bool');
    const total = big.sum();
    await init({ backend: 'wasm', threads: 1 });
    await expect(total.item()).rejects.toThrow(MemoryError);
    await expect(total.item()).rejects.toThrow(/^\w+: \w+ of shape \(65536, 32769\) holds 2147549184 elements, past the wasm backend's limit of 2147483647 \(maxElements\)$/);
    expect(() => total.dataSync()).toThrow(/^dataSync: \w+ of shape \(65536, 32769\) holds 2147549184 elements, past the wasm backend's limit/);
    expect(await np.ones([3], 'bool').sum().item()).toBe(3);
  });
});
