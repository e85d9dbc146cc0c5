import { TEST_INIT } from '../helpers/backend.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, np, type NDArray } from 'quiverjs';

beforeAll(async () => {
  await init(TEST_INIT);
});

/**
 * An independent oracle: an array as a shape plus a function from index to value,
 * with views as index maps written here from their definitions, not from src/.
 */
interface Oracle {
  shape: number[];
  at: (idx: number[]) => number;
}

type Step = { kind: 'T' } | { kind: 'flip'; axis: number } | { kind: 'stride'; axis: number; step: number };

function applyOracle(o: Oracle, s: Step): Oracle {
  const n = o.shape.length;
  if (s.kind === 'T') return { shape: [...o.shape].reverse(), at: (idx) => o.at([...idx].reverse()) };
  const axis = s.axis % n;
  if (s.kind === 'flip') return { shape: o.shape, at: (idx) => o.at(idx.map((v, i) => (i === axis ? o.shape[i]! - 1 - v : v))) };
  const len = Math.ceil(o.shape[axis]! / s.step);
  return { shape: o.shape.map((d, i) => (i === axis ? len : d)), at: (idx) => o.at(idx.map((v, i) => (i === axis ? v * s.step : v))) };
}

function applyArray(x: NDArray, s: Step): NDArray {
  const n = x.ndim;
  if (s.kind === 'T') return x.T;
  const axis = s.axis % n;
  const specs = Array.from({ length: n }, (_, i) => (i === axis ? (s.kind === 'flip' ? '::-1' : `::${s.step}`) : ':'));
  return x.slice(...specs);
}

function broadcastOracle(a: Oracle, b: Oracle, f: (x: number, y: number) => number): Oracle {
  const nd = Math.max(a.shape.length, b.shape.length);
  const pad = (s: number[]) => [...Array(nd - s.length).fill(1), ...s];
  const [pa, pb] = [pad(a.shape), pad(b.shape)];
  const shape = pa.map((d, i) => (d === 1 ? pb[i]! : d));
  const pick = (o: Oracle, p: number[], idx: number[]) => o.at(idx.slice(nd - o.shape.length).map((v, i) => (p[i + nd - o.shape.length] === 1 ? 0 : v)));
  return { shape, at: (idx) => f(pick(a, pa, idx), pick(b, pb, idx)) };
}

function materialize(o: Oracle): number[] {
  const out: number[] = [];
  const walk = (prefix: number[]) => {
    if (prefix.length === o.shape.length) out.push(o.at(prefix));
    else for (let i = 0; i < o.shape[prefix.length]!; i++) walk([...prefix, i]);
  };
  walk([]);
  return out;
}

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'T' }),
  fc.record({ kind: fc.constant('flip' as const), axis: fc.nat(5) }),
  fc.record({ kind: fc.constant('stride' as const), axis: fc.nat(5), step: fc.integer({ min: 2, max: 3 }) }),
);
const OPS = {
  add: (x: number, y: number) => x + y,
  mul: (x: number, y: number) => x * y,
  maximum: (x: number, y: number) => Math.max(x, y),
  greater: (x: number, y: number) => (x > y ? 1 : 0),
} as const;

describe('broadcasting through views (property-based, against an index-map oracle)', () => {
  it('matches the oracle for random shapes, views and size-1 axes', async () => {
    await fc.assert(
      fc.asyncProperty(
        shapeArb,
        fc.array(stepArb, { maxLength: 3 }),
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        fc.constantFrom(...(Object.keys(OPS) as (keyof typeof OPS)[])),
        async (shape, steps, squash, op) => {
          const base = np.arange(shape.reduce((a, b) => a * b, 1)).reshape(shape).astype('float64');
          let x = base;
          let ox: Oracle = { shape, at: (idx) => idx.reduce((acc, v, i) => acc * shape[i]! + v, 0) };
          for (const s of steps) {
            x = applyArray(x, s);
            ox = applyOracle(ox, s);
          }
          // The other operand has x's trailing shape with some axes squashed to 1.
          const yShape = ox.shape.map((d, i) => (squash[i] ? 1 : d)).slice(-2);
          const y = np.arange(yShape.reduce((a, b) => a * b, 1)).reshape(yShape).mul(0.5);
          const oy: Oracle = { shape: yShape, at: (idx) => 0.5 * idx.reduce((acc, v, i) => acc * yShape[i]! + v, 0) };
          const want = broadcastOracle(ox, oy, OPS[op]);
          const got = (np as unknown as Record<string, (a: NDArray, b: NDArray) => NDArray>)[op]!(x, y);
          expect(got.shape).toEqual(want.shape);
          expect(Array.from(await got.data())).toEqual(materialize(want));
        },
      ),
      { numRuns: 150, seed: 20261125 },
    );
  });
});
