import { describe, expect, it } from 'vitest';
import { backendReport, init, np } from 'quiverjs';

// One kernel module per process, compiled on the first start that succeeds: the failing
// URL comes first, so the second start still reads its own.
describe('init({ wasmUrl })', () => {
  it('names the URL it could not load the kernel module from', async () => {
    await expect(init({ backend: 'wasm', threads: 1, wasmUrl: 'file:///nonexistent/quiver.wasm' })).rejects.toThrow(/could not start: .*\/nonexistent\/quiver\.wasm/);
  });

  it('loads the kernel module from the URL it is given', async () => {
    await init({ backend: 'wasm', threads: 1, wasmUrl: new URL('../../wasm/quiver.wasm', import.meta.url) });
    expect(backendReport().name).toBe('wasm');
    expect(Array.from(await np.arange(4).mul(2).data())).toEqual([0, 2, 4, 6]);
  });
});
