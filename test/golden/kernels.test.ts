import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, type NDArray } from 'quiverjs';
import { encodeMap, encodeReduce } from '../../src/backend/wasm/encode.js';

beforeAll(async () => {
  await init({ backend: 'js' });
});

/** Deterministic inputs: the plans depend on shapes, dtypes and views, not on values. */
const input = (shape: number[], dtype: 'float64' | 'float32' | 'int32' = 'float64') =>
  np.array(np.arange(shape.reduce((a, b) => a * b, 1)).astype(dtype).dataSync()).reshape(shape);

const N = (x: NDArray) => x.div(Math.SQRT2).erf().add(1).mul(0.5);

/** A fixed corpus: each entry's optimized plan is pinned as text, so a change to codegen shows up as a diff. */
const CORPUS: Record<string, () => NDArray[]> = {
  'black-scholes': () => {
    const [S, K, T, r, v] = [input([8]), input([8]), input([8]), input([8]), input([8])];
    const sq = T.sqrt();
    const d1 = S.div(K).log().add(r.add(v.mul(v).mul(0.5)).mul(T)).div(v.mul(sq));
    return [S.mul(N(d1)).sub(K.mul(r.neg().mul(T).exp()).mul(N(d1.sub(v.mul(sq)))))];
  },
  'sum-of-squares': () => [input([16]).sub(input([16])).pow(2).sum()],
  'mean-and-std': () => {
    const x = input([4, 6], 'float32');
    return [x.mean({ axis: 1 }), x.std({ axis: 1, ddof: 1 })];
  },
  'transposed-view': () => [input([4, 3]).T.add(input([3, 4])).slice('::2')],
  'matmul-epilogue': () => [input([4, 3]).mul(2).matmul(input([3, 5])).add(1).maximum(0)],
  'random-and-range': () => [np.randomBits([1, 2], [2, 3], { stream: 1 }).astype('float64').mul(2 ** -32).add(np.arange(3))],
  'sort-with-prologue': () => [input([3, 4], 'int32').mul(-1).sort(0)],
};

describe('generated kernel programs are pinned by golden files', () => {
  it.each(Object.keys(CORPUS))('%s', async (name) => {
    const outs = CORPUS[name]!();
    const plan = np.plan(...outs);
    const bytecode = plan.steps.map((s, i) => {
      const p = s.program;
      const ptr = (slot: number) => 1000 * (slot + 1);
      if (p.kind === 'map') return `#${i} vm_map ${Array.from(encodeMap(p.body, ptr, p.outputs.map((o) => ({ ref: o.ref, dtype: o.dtype, ptr: ptr(o.slot) }))).code).join(' ')}`;
      if (p.kind === 'reduce') return `#${i} vm_reduce ${Array.from(encodeReduce(p.body, p.axes, ptr, p.reductions, 65536).code).join(' ')}`;
      return `#${i} ${p.kind}: no bytecode`;
    });
    await expect([np.explain(...outs), '', 'wasm bytecode:', ...bytecode, ''].join('\n')).toMatchFileSnapshot(`./kernels/${name}.txt`);
  });
});
