import { beforeAll, describe, expect, it } from 'vitest';
import { np } from 'quiverjs';
import { ADAPTER, gpuBackend, initFrontend, rng, valuesOf } from './helpers.js';

beforeAll(initFrontend);

/** float32 values without ties across signed zeros or NaN, so the plain-JS typed-array sort is NumPy's order. */
function values(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => (r() - 0.5) * 1e6);
}

describe("a sort whose scratch exceeds the device's storage binding runs on the CPU", () => {
  it('routes sort and argsort past a 1 MiB binding to the CPU, saying why, and sorts correctly', async () => {
    const gpu = await gpuBackend({ limits: { maxStorageBinding: 2 ** 20 } });
    const v = values(60_000, 1);
    const x = np.array(v);
    expect(gpu.placement(x.sort().plan())).toEqual(["cpu: sort: 1.2 MiB of scratch exceeds the device's 1 MiB storage binding (maxStorageBufferBindingSize)"]);
    expect(gpu.placement(x.slice(':40000').sort().plan())).toEqual(['gpu']);
    const [sorted, order] = await gpu.execute(np.plan(x.sort(), x.argsort()));
    expect(valuesOf(sorted!)).toEqual(Array.from(Float32Array.from(v).sort()));
    const idx = valuesOf(order!);
    expect(idx.map((i) => v[i]!)).toEqual(valuesOf(sorted!));
  });

  // Mesa llvmpipe over GLES allows 128 MiB a binding: the profile carries the device's own
  // limit there, and SwiftShader (1 GiB) is capped to it so both projects sort 7M past it.
  it("sorts 7M float32 (135 MiB of scratch) past llvmpipe's 128 MiB binding", async () => {
    const gpu = await gpuBackend(ADAPTER.compatibility ? {} : { limits: { maxStorageBinding: 2 ** 27 } });
    const v = values(7_000_000, 2);
    const x = np.array(v).sort();
    expect(gpu.placement(x.plan())).toEqual(["cpu: sort: 135.2 MiB of scratch exceeds the device's 128 MiB storage binding (maxStorageBufferBindingSize)"]);
    const [sorted] = await gpu.execute(x.plan());
    const want = Float32Array.from(v).sort();
    const got = sorted!.data;
    expect(got.length).toBe(want.length);
    let wrong = 0;
    for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) wrong++;
    expect(wrong).toBe(0);
  });
});
