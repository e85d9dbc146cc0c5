import { beforeAll, describe, expect, it, vi } from 'vitest';
import { init, backend, backendReport, np, BackendError, type BackendName } from 'quiverjs';
import { jsBackend } from '../../src/backend/js/index.js';

beforeAll(async () => {
  await init({ backend: 'js' });
});

describe('init', () => {
  it('picks the fastest backend that starts and says why faster ones were passed over', async () => {
    const name = await init();
    const order: BackendName[] = ['webgpu', 'wasm', 'js'];
    expect(name).not.toBe('js');
    expect(backend()).toBe(name);
    const report = backendReport();
    expect(report.passedOver.map((p) => p.name)).toEqual(order.slice(0, order.indexOf(name)));
    for (const p of report.passedOver) expect(p.reason.length).toBeGreaterThan(10);
    await init({ backend: 'js' });
  });

  it('names the available backends when asked for one that does not exist, keeping the previous choice', async () => {
    await expect(init({ backend: 'cuda' as BackendName })).rejects.toThrow(BackendError);
    await expect(init({ backend: 'cuda' as BackendName })).rejects.toThrow(/backend 'cuda' is not available; available: js, wasm, webgpu/);
    expect(backend()).toBe('js');
  });

  it('rejects a thread count that is not a positive integer', async () => {
    await expect(init({ threads: 0 })).rejects.toThrow(/threads must be a positive integer, got 0/);
  });
});

describe('laziness', () => {
  it('knows shape and dtype before anything runs', () => {
    const spy = vi.spyOn(jsBackend, 'execute');
    const x = np.ones([2, 3], 'float32').add(np.arange(3)).sum({ axis: 1 });
    expect(x.shape).toEqual([2]);
    expect(x.dtype).toBe('float64');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('evaluates once and remembers the result when read twice', async () => {
    const spy = vi.spyOn(jsBackend, 'execute');
    const x = np.array([1, 2, 3]).mul(2);
    expect(Array.from(await x.data())).toEqual([2, 4, 6]);
    expect(Array.from(await x.data())).toEqual([2, 4, 6]);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('computes several outputs in one schedule', async () => {
    const spy = vi.spyOn(jsBackend, 'execute');
    const x = np.array([1, 2, 3, 4]);
    const [m, s] = await np.compute(x.mean(), x.sum());
    expect(Array.from(m!)).toEqual([2.5]);
    expect(Array.from(s!)).toEqual([10]);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('hands out a copy, so writing into it leaves the array unchanged', async () => {
    const x = np.array([1, 2, 3]);
    const d = await x.data();
    d[0] = 99;
    expect(Array.from(await x.data())).toEqual([1, 2, 3]);
  });

  it('reads synchronously on the js backend', () => {
    expect(Array.from(np.arange(4).mul(3).dataSync())).toEqual([0, 3, 6, 9]);
  });

  it('returns scalars with item and nested arrays with toArray', async () => {
    expect(await np.array([[1, 2], [3, 4]]).sum().item()).toBe(10);
    expect(await np.array([1, 2]).greater(1).toArray()).toEqual([false, true]);
    expect(await np.array([[1, 2], [3, 4]]).T.toArray()).toEqual([[1, 3], [2, 4]]);
    await expect(np.array([1, 2]).item()).rejects.toThrow(/item: can only convert an array of size 1 to a JS scalar, got shape \(2,\)/);
  });

  it('evaluates a long chain without deep recursion', async () => {
    let x = np.zeros([3]);
    for (let i = 0; i < 20000; i++) x = x.add(1);
    expect(Array.from(await x.data())).toEqual([20000, 20000, 20000]);
  });
});
