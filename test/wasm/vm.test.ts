import { beforeEach, describe, expect, it } from 'vitest';
import { mergeStates } from '../../src/backend/wasm/reduce-merge.js';
import { allocate, DTYPES, type AnyTypedArray, type DType } from '../../src/graph/dtype.js';
import { ELEMENTWISE, REDUCE, type ElementwiseOp } from '../../src/graph/ops.js';
import { contiguousStrides } from '../../src/graph/shape.js';
import { KERNEL_FAULTS } from '../../src/kernel/faults.js';
import type { Body, Instr, Load, ReduceKind } from '../../src/kernel/program.js';
import { encode, OPCODES, referenceMap, referenceReduce, ulps, Vm, type OutputSpec, type ReduceCase } from './vm-harness.js';

// The Rust block VM (wasm/src/vm.rs) against the js reference backend, which is the
// spec: every program runs in both and the results must agree bit for bit, except
// transcendental ops (math.rs vs the JS engine's Math), which must agree within a few ulp.

const vm = new Vm();
beforeEach(() => vm.reset());

const F64_SPECIAL = [
  NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, -7, 7, 2, -3.7, 0.1, 2.675, 0.7, -0.3, 1e300, -1e-300,
  5e-324, 2 ** 53 + 2, 1e9 + 0.5, -2147483648, 2147483647.5, 4294967295, 4294967296.5, 2 ** 63, -(2 ** 63), 1e20, 46341,
];
const SPECIAL: Record<DType, readonly number[]> = {
  float64: F64_SPECIAL,
  float32: [...new Set(F64_SPECIAL.map(Math.fround))],
  int32: [0, 1, -1, 2, -2, 3, -3, 7, -7, 10, 31, 46341, -46341, 65536, 100000, 2147483647, -2147483648, -2147483647],
  uint32: [0, 1, 2, 3, 7, 10, 31, 32, 46341, 65536, 100000, 2147483647, 2147483648, 4294967294, 4294967295],
  bool: [0, 1],
};
const typed = (dtype: DType, values: readonly number[]): AnyTypedArray => {
  const a = allocate(dtype, values.length);
  a.set(values);
  return a;
};

/** Ops the reference computes with the JS engine's Math (or pow on floats): compared within ULPS. */
const TRANSCENDENTAL = new Set<ElementwiseOp>(['cbrt', 'exp', 'expm1', 'exp2', 'log', 'log1p', 'log2', 'log10', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh', 'erf', 'erfc', 'arctan2', 'hypot', 'pow']);
const ULPS = { float64: 4, float32: 1 } as const;
const isFloat = (d: DType): d is 'float32' | 'float64' => d === 'float32' || d === 'float64';

const load = (load: number, dtype: DType): Instr => ({ op: 'load', load, dtype });
const memory = (slot: number, dtype: DType, shape: number[], strides = contiguousStrides(shape), offset = 0): Load => ({ slot, dtype, view: { shape, strides, offset } });

/** Element-wise comparison: exact (Object.is, so NaN = NaN and -0 != 0) unless `ulpTolerance` is given. */
function expectSame(got: ArrayLike<number>, want: ArrayLike<number>, label: string, ulpTolerance?: { dtype: 'float32' | 'float64'; ulps: number }): void {
  expect(got.length, label).toBe(want.length);
  const bad: string[] = [];
  for (let i = 0; i < want.length && bad.length < 5; i++) {
    const [g, w] = [got[i]!, want[i]!];
    const ok = ulpTolerance && !(w === 0 && g === 0) ? ulps(g, w, ulpTolerance.dtype) <= ulpTolerance.ulps : Object.is(g, w);
    if (!ok) bad.push(`[${i}] got ${Object.is(g, -0) ? '-0' : g}, want ${Object.is(w, -0) ? '-0' : w}`);
  }
  expect(bad, label).toEqual([]);
}

/** `op` over every combination of the input dtype's special values (broadcast views of one array). */
function opCase(op: ElementwiseOp, input: DType, output: DType, decimals?: number, values = SPECIAL[input]) {
  const xs = typed(input, values);
  const arity = ELEMENTWISE[op].arity;
  const shape = Array<number>(arity).fill(xs.length);
  const loads = shape.map((_, i) => memory(0, input, shape, shape.map((_, d) => (d === i ? 1 : 0))));
  const args = loads.map((_, i) => i);
  const instrs: Instr[] = [...args.map((i) => load(i, input)), { op, args, dtype: output, ...(decimals === undefined ? {} : { decimals }) }];
  return { body: { shape, loads, instrs } as Body, slots: [xs], outputs: [{ ref: arity, dtype: output }] };
}

function checkMap(body: Body, slots: AnyTypedArray[], outputs: OutputSpec[], label: string, tolerance?: (o: OutputSpec) => { dtype: 'float32' | 'float64'; ulps: number } | undefined): void {
  const want = referenceMap(body, slots, outputs);
  const got = vm.map(body, slots, outputs);
  if (want.error) {
    expect(want.error.message, label).toMatch(/negative integer powers/);
    expect(got.status, label).toBe(1);
    return;
  }
  expect(got.status, label).toBe(0);
  outputs.forEach((o, k) => expectSame(got.outputs[k]!, want.outputs[k]!, `${label} output ${k}`, tolerance?.(o)));
}

describe('vm_map', () => {
  it('numbers its opcodes as the op table orders its elementwise ops', () => {
    expect([...OPCODES]).toEqual(Object.keys(ELEMENTWISE));
  });

  describe.each([...OPCODES])('%s', (op) => {
    it.each([...DTYPES])('matches the reference on special %s inputs, rounded to every dtype', (input) => {
      const outputs = TRANSCENDENTAL.has(op) && !(op === 'pow' && !isFloat(input)) ? (['float64', 'float32'] as const) : DTYPES;
      for (const output of outputs) {
        const c = opCase(op, input, output);
        const tolerance = TRANSCENDENTAL.has(op) && isFloat(output) && (op !== 'pow' || isFloat(input)) ? { dtype: output, ulps: ULPS[output] } : undefined;
        checkMap(c.body, c.slots, c.outputs, `${op}(${input}) -> ${output}`, () => tolerance);
      }
    });
  });

  it.each([...TRANSCENDENTAL])('computes %s within a few ulp of the JS engine across magnitudes and signs', (op) => {
    const n = 3000;
    const magnitude = (i: number) => 10 ** (-7 + (14 * ((i * 7919) % n)) / n);
    const x = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1) * magnitude(i));
    // Second operands: other magnitudes; for pow, exponents in [-30, 30] (integral every 4th).
    const y = Float64Array.from({ length: n }, (_, i) => (op === 'pow' ? (i % 4 ? ((i * 37) % 600) / 10 - 30 : (i % 61) - 30) : (i % 2 ? 1 : -1) * magnitude(i * 3 + 1)));
    const binary = ELEMENTWISE[op].arity === 2;
    for (const dtype of ['float64', 'float32'] as const) {
      const slots = [x, y].map((v) => typed(dtype, Array.from(v)));
      const loads = [memory(0, dtype, [n]), memory(1, dtype, [n])];
      const body: Body = { shape: [n], loads, instrs: [load(0, dtype), load(1, dtype), { op, args: binary ? [0, 1] : [0], dtype }] };
      checkMap(body, slots, [{ ref: 2, dtype }], `${op} ${dtype}`, () => ({ dtype, ulps: ULPS[dtype] }));
    }
  });

  it.each(['int32', 'uint32', 'bool'] as const)('raises %s to non-negative powers by squaring, wrapping', (dtype) => {
    const c = opCase('pow', dtype, dtype, undefined, SPECIAL[dtype].filter((x) => x >= 0));
    checkMap(c.body, c.slots, c.outputs, `pow(${dtype})`);
  });

  it('returns code 1 for an integer raised to a negative power, as the reference throws', () => {
    const c = opCase('pow', 'int32', 'int32');
    expect(vm.map(c.body, c.slots, c.outputs).status).toBe(1);
    expect(referenceMap(c.body, c.slots, c.outputs).error?.message).toMatch(/negative integer powers/);
  });

  it.each([-3, -1, 1, 2, 3, 10])('rounds half to even at %i decimals, narrowing float32 each step', (decimals) => {
    for (const input of DTYPES) {
      const c = opCase('round', input, input === 'bool' ? 'float32' : input, decimals);
      checkMap(c.body, c.slots, c.outputs, `round(${input}, ${decimals})`);
    }
  });

  it('evaluates a 10-op float64 expression through strided, flipped and broadcast views', () => {
    const x = Float64Array.from({ length: 7 * 11 * 5 }, (_, i) => Math.sin(i) * 10);
    const y = Float64Array.from({ length: 11 }, (_, i) => i - 5.5);
    const shape = [5, 11, 7];
    // x read transposed (axes reversed), y broadcast along axes 0 and 2 and flipped.
    const loads = [memory(0, 'float64', shape, [1, 5, 55]), memory(1, 'float64', shape, [0, -1, 0], 10)];
    const body: Body = {
      shape,
      loads,
      instrs: [
        load(0, 'float64'), load(1, 'float64'), { op: 'const', value: 0.25, dtype: 'float64' },
        { op: 'mul', args: [0, 1], dtype: 'float64' }, { op: 'add', args: [3, 2], dtype: 'float64' }, { op: 'sub', args: [4, 0], dtype: 'float64' },
        { op: 'div', args: [5, 1], dtype: 'float64' }, { op: 'abs', args: [6], dtype: 'float64' }, { op: 'sqrt', args: [7], dtype: 'float64' },
        { op: 'maximum', args: [8, 2], dtype: 'float64' }, { op: 'minimum', args: [9, 0], dtype: 'float64' }, { op: 'floor', args: [10], dtype: 'float64' },
        { op: 'neg', args: [11], dtype: 'float64' },
      ],
    };
    checkMap(body, [x, y], [{ ref: 12, dtype: 'float64' }, { ref: 6, dtype: 'float32' }], 'expression');
  });

  it('rounds every float32 and int32 step of a chain as the reference does', () => {
    const x = Float32Array.from({ length: 3000 }, (_, i) => Math.fround(Math.cos(i) * 1e4));
    const body: Body = {
      shape: [3000],
      loads: [memory(0, 'float32', [3000])],
      instrs: [
        load(0, 'float32'), { op: 'const', value: Math.fround(1.1), dtype: 'float32' }, { op: 'mul', args: [0, 1], dtype: 'float32' },
        { op: 'div', args: [2, 0], dtype: 'float32' }, { op: 'add', args: [3, 2], dtype: 'float32' }, { op: 'cast', args: [4], dtype: 'int32' },
        { op: 'mul', args: [5, 5], dtype: 'int32' }, { op: 'floorDiv', args: [6, 5], dtype: 'int32' }, { op: 'cast', args: [6], dtype: 'uint32' },
        { op: 'greater', args: [4, 0], dtype: 'bool' }, { op: 'where', args: [9, 8, 8], dtype: 'uint32' }, { op: 'cast', args: [10], dtype: 'float32' },
      ],
    };
    const outputs = [4, 6, 7, 8, 9, 11].map((ref) => ({ ref, dtype: body.instrs[ref]!.dtype }));
    checkMap(body, [x], outputs, 'chain');
  });

  it('converts outputs whose dtype differs from their instruction as a TypedArray store does', () => {
    const c = opCase('add', 'float64', 'float64');
    const outputs = DTYPES.map((dtype) => ({ ref: 2, dtype }));
    checkMap(c.body, c.slots, outputs, 'stores');
  });

  it('gives the same outputs when positions are split over calls at any boundary', () => {
    const c = opCase('mul', 'float64', 'float32');
    const n = SPECIAL.float64.length ** 2;
    const got = vm.map(c.body, c.slots, c.outputs, [[0, 1], [1, 1000], [1000, 1000], [1000, 1025], [1025, n]]);
    expect(got.status).toBe(0);
    expectSame(got.outputs[0]!, referenceMap(c.body, c.slots, c.outputs).outputs[0]!, 'split');
  });

  it('generates arange and linspace values through views, rounded to the load dtype', () => {
    for (const dtype of DTYPES) {
      const size = 2500;
      const range = { kind: 'range' as const, start: -3.25, step: 0.37, last: 900.5, size };
      const loads: Load[] = [
        { slot: -1, dtype, view: { shape: [size], strides: [1], offset: 0 }, generator: range },
        { slot: -1, dtype, view: { shape: [size], strides: [-1], offset: size - 1 }, generator: { ...range, last: undefined } },
      ];
      const body: Body = { shape: [size], loads, instrs: [load(0, dtype), load(1, dtype)] };
      checkMap(body, [], [{ ref: 0, dtype }, { ref: 1, dtype }], `range ${dtype}`);
    }
  });

  it('draws every Philox word at counters from transposed and offset views', () => {
    const shape = [37, 61];
    const loads: Load[] = [0, 1, 2, 3].map((word) => ({
      slot: -1,
      dtype: 'uint32',
      view: { shape, strides: [1, 37], offset: 5 + word },
      generator: { kind: 'random', key0: 0xdeadbeef, key1: 12345 + word, stream: word * 7, word },
    }));
    const body: Body = { shape, loads, instrs: loads.map((_, i) => load(i, 'uint32')) };
    checkMap(body, [], loads.map((_, i) => ({ ref: i, dtype: 'uint32' })), 'random');
  });

  it('keeps a long chain in a few registers', () => {
    const instrs: Instr[] = [load(0, 'float64')];
    for (let i = 0; i < 100; i++) instrs.push({ op: i % 2 ? 'add' : 'mul', args: [instrs.length - 1, 0], dtype: 'float64' });
    const body: Body = { shape: [10], loads: [memory(0, 'float64', [10])], instrs };
    const p = vm.load([new Float64Array(10)], (ptrOf) => encode(body, ptrOf, [{ ref: 100, dtype: 'float64', ptr: 0 }]));
    // Live at once: the load and the chain's last value, and the one being written.
    expect(p.scratchBytes).toBeLessThan(3 * 1024 * 8 + 4096);
  });

  it('returns code 2 for a malformed program and sizes no scratch for it', () => {
    const c = opCase('neg', 'float64', 'float64');
    const p = vm.load(c.slots, (ptrOf) => {
      const e = encode(c.body, ptrOf, [{ ref: 1, dtype: 'float64', ptr: vm.alloc(8 * 34) }]);
      e.code[e.code.length - 10] = 99; // the neg instruction's opcode
      return e;
    });
    expect(p.scratchBytes).toBe(0);
    expect(vm.exports.vm_map(p.code, p.consts, p.scratch, 0, 34)).toBe(2);
  });
});

describe('vm_map_shared', () => {
  const n = 5000;
  const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 100);
  const body: Body = { shape: [n], loads: [memory(0, 'float64', [n])], instrs: [load(0, 'float64'), { op: 'exp', args: [0], dtype: 'float64' }, { op: 'mul', args: [1, 0], dtype: 'float64' }] };
  const outputs: OutputSpec[] = [{ ref: 2, dtype: 'float64' }];

  it('computes every position once, grain by grain from the shared counter, with vm_map\'s bits', () => {
    const want = vm.map(body, [x], outputs).outputs[0]!;
    const got = vm.mapShared(body, [x], outputs, { grain: 1024, taken: 0, calls: 2, fill: NaN });
    expect(got.statuses).toEqual([0, 0]);
    expect(got.next).toBeGreaterThanOrEqual(n);
    expect(Array.from(got.outputs[0]!)).toEqual(Array.from(want));
  });

  it('leaves the positions another thread took to that thread', () => {
    const want = vm.map(body, [x], outputs).outputs[0]!;
    const got = vm.mapShared(body, [x], outputs, { grain: 2048, taken: 2048, calls: 1, fill: -1 });
    expect(Array.from(got.outputs[0]!.subarray(0, 2048))).toEqual(Array(2048).fill(-1));
    expect(Array.from(got.outputs[0]!.subarray(2048))).toEqual(Array.from(want.subarray(2048)));
  });

  it('refuses a grain of 0 as a malformed call', () => {
    expect(vm.mapShared(body, [x], outputs, { grain: 0, taken: 0, calls: 1, fill: 0 }).statuses).toEqual([2]);
  });
});

/** A reduction of `values` (1-d, `run` per output) for every kind that takes `dtype`. */
function reduceCase(dtype: DType, values: readonly number[], run: number, reductions: readonly ReduceKind[], view?: { strides: number[]; offset: number }): ReduceCase {
  const count = run === 0 ? 3 : values.length / run;
  const shape = [count, run];
  const strides = view?.strides ?? [run, 1];
  return {
    body: { shape, loads: [memory(0, dtype, shape, strides, view?.offset ?? 0)], instrs: [load(0, dtype)] },
    slots: [typed(dtype, values.length ? values : [0])],
    reduced: 1,
    reductions: reductions.map((op) => ({ op, ref: 0, dtype: REDUCE[op].dtype === 'index' ? 'int32' : dtype, ...(op === 'var' ? { ddof: 1 } : {}) })),
  };
}

const ALL_REDUCTIONS: ReduceKind[] = ['sum', 'prod', 'min', 'max', 'any', 'all', 'argmin', 'argmax', 'var'];
/** The arg reductions, with and without NaN skipped: they answer on every run that holds a number. */
const ARG_REDUCTIONS: ReduceKind[] = ['argmin', 'argmax', 'nanargmin', 'nanargmax'];
const cycle = (dtype: DType, n: number, seed: number) => Array.from({ length: n }, (_, i) => SPECIAL[dtype][(i * 7 + seed) % SPECIAL[dtype].length]!);
const smooth = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 1000 + seed);

describe('vm_reduce', () => {
  it.each([...DTYPES])('matches the reference bit for bit on %s special values (one-block, batched runs)', (dtype) => {
    const values = cycle(dtype, 13 * 40, 3);
    const c = reduceCase(dtype, values, 13, ALL_REDUCTIONS);
    const got = vm.reduce(c);
    expect(got.status).toBe(0);
    expectSame(got.acc, referenceReduce(c), dtype);
  });

  it.each([1, 100, 1024, 3000, 9 * 1024 + 7, 40000])('matches the reference bit for bit over runs of %i (pairwise over blocks)', (run) => {
    for (const dtype of ['float64', 'float32', 'int32', 'uint32'] as const) {
      const values = dtype === 'float64' ? smooth(run * 2, 1) : cycle(dtype, run * 2, 5);
      const c = reduceCase(dtype, dtype === 'float32' ? values.map(Math.fround) : values, run, ALL_REDUCTIONS);
      expectSame(vm.reduce(c).acc, referenceReduce(c), `${dtype} run ${run}`);
    }
  });

  it('matches the reference bit for bit over every run from 1 to 200 of values whose sums round', () => {
    // Runs of 9 to 64 sum their recursion's leaves in lanes (accumulate.rs pairwise_small),
    // and longer ones end in such nodes: every length checks the leaves and how they combine.
    const spread = (n: number) => Array.from({ length: n }, (_, i) => (i % 11 === 3 ? -0 : Math.sin(i * 1.3 + n) * 2 ** ((i * 7) % 61 - 30)));
    for (let run = 1; run <= 200; run++) {
      const c = reduceCase('float64', spread(run * 3), run, ['sum', 'var']);
      expectSame(vm.reduce(c).acc, referenceReduce(c), `run ${run}`);
    }
    const negativeZeros = reduceCase('float64', new Array(37 * 2).fill(-0), 37, ['sum']);
    expectSame(vm.reduce(negativeZeros).acc, referenceReduce(negativeZeros), 'runs of -0');
  });

  it('keeps the first NaN and the first extreme, wherever they fall', () => {
    const values = smooth(5000, 2);
    for (const at of [0, 1, 1023, 1024, 4999]) {
      const withNaN = values.slice();
      withNaN[at] = NaN;
      withNaN[(at + 2000) % 5000] = NaN;
      const c = reduceCase('float64', withNaN, 5000, ALL_REDUCTIONS);
      expectSame(vm.reduce(c).acc, referenceReduce(c), `NaN at ${at}`);
    }
    const ties = reduceCase('float64', [3, -0, 0, -0, 5, 0, -0, 3], 8, ALL_REDUCTIONS);
    expectSame(vm.reduce(ties).acc, referenceReduce(ties), 'signed zero ties');
    // Zero extremes of either sign, first met in a later block; repeated nonzero extremes.
    const zeros = Array.from({ length: 3001 }, (_, i) => (i % 700 === 699 ? (i % 1400 === 699 ? 0 : -0) : 1 + (i % 13)));
    const c = reduceCase('float64', [...zeros, ...zeros.map((x) => -x)], 3001, ALL_REDUCTIONS);
    expectSame(vm.reduce(c).acc, referenceReduce(c), 'zero extremes');
  });

  it.each([...DTYPES])('skips NaN in nanargmin and nanargmax as the reference does, on %s special values', (dtype) => {
    const c = reduceCase(dtype, cycle(dtype, 13 * 40, 3), 13, ARG_REDUCTIONS);
    const got = vm.reduce(c);
    expect(got.status).toBe(0);
    expectSame(got.acc, referenceReduce(c), dtype);
  });

  it('finds the first extreme among the numbers for nanargmin and nanargmax, past NaN blocks, ties and signed zeros', () => {
    const values = smooth(5000, 2);
    for (const at of [0, 1, 1023, 1024, 4999]) {
      const withNaN = values.slice();
      withNaN[at] = NaN;
      // A whole block of NaN, then the run goes on.
      withNaN.fill(NaN, 2048, 3072);
      const c = reduceCase('float64', withNaN, 5000, ARG_REDUCTIONS);
      expectSame(vm.reduce(c).acc, referenceReduce(c), `NaN at ${at}`);
    }
    // [NaN, -inf] answers 1 (argmax of NaN replaced by -inf would answer 0); zeros tie whatever their sign.
    const edges = [NaN, -Infinity, NaN, Infinity, -Infinity, NaN, -0, 0, NaN, 0, 0, -0];
    const c = reduceCase('float64', edges, 2, ARG_REDUCTIONS);
    expectSame(vm.reduce(c).acc, referenceReduce(c), 'edges');
    expect(Array.from(vm.reduce(c).acc.subarray(12, 24))).toEqual([1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0]);
  });

  it('returns the fault codes of src/kernel/faults.ts for a run of nothing but NaN, as the reference raises', () => {
    for (const op of ['nanargmin', 'nanargmax'] as const) {
      // A batched short run, and a long one that goes through the blocks.
      for (const run of [3, 3000]) {
        const values = Array.from({ length: 2 * run }, (_, i) => (i < run ? i : NaN));
        const c = reduceCase('float64', values, run, ['sum', op]);
        expect(vm.reduce(c).status, `${op} run ${run}`).toBe(KERNEL_FAULTS[`${op}AllNan`].code);
        expect(() => referenceReduce(c)).toThrow(`${op}: All-NaN slice encountered`);
      }
    }
  });

  it('gives the identities of empty runs: sum 0, prod 1, min/max NaN, argmin 0, any 0, all 1, var NaN', () => {
    for (const dtype of DTYPES) {
      const c = reduceCase(dtype, [], 0, ALL_REDUCTIONS);
      const got = vm.reduce(c);
      expect(got.status).toBe(0);
      expectSame(got.acc, referenceReduce(c), `empty ${dtype}`);
    }
  });

  it('reduces a transposed view (axis 0 of a matrix) and splits outputs over calls', () => {
    const values = smooth(300 * 7, 3);
    const c = reduceCase('float64', values, 300, ALL_REDUCTIONS, { strides: [1, 7], offset: 0 });
    const want = referenceReduce(c);
    expectSame(vm.reduce(c).acc, want, 'one call');
    expectSame(vm.reduce(c, 3).acc, want, 'three calls');
  });

  it('reduces a fused body: the sum and variance of x * 2 + 1 for float32 x', () => {
    const x = Float32Array.from(smooth(5000, 4), Math.fround);
    const c: ReduceCase = {
      body: {
        shape: [2, 2500],
        loads: [memory(0, 'float32', [2, 2500])],
        instrs: [load(0, 'float32'), { op: 'const', value: 2, dtype: 'float32' }, { op: 'mul', args: [0, 1], dtype: 'float32' }, { op: 'const', value: 1, dtype: 'float32' }, { op: 'add', args: [2, 3], dtype: 'float32' }, { op: 'cast', args: [4], dtype: 'float64' }],
      },
      slots: [x],
      reduced: 1,
      reductions: [{ op: 'sum', ref: 4, dtype: 'float32' }, { op: 'var', ref: 5, dtype: 'float64', ddof: 0 }, { op: 'max', ref: 4, dtype: 'float32' }],
    };
    expectSame(vm.reduce(c).acc, referenceReduce(c), 'fused');
  });
});

describe('vm_reduce_states', () => {
  /** Merges the states as the wasm backend does (src/backend/wasm/reduce-merge.ts). */
  function merged(c: ReduceCase, chunk: number): Float64Array {
    const { states, chunks, status } = vm.reduceStates(c, chunk);
    expect(status).toBe(0);
    const nred = c.reductions.length;
    const count = states.length / (chunks * nred * 3);
    const acc = new Float64Array(nred * count);
    c.reductions.forEach((r, k) => {
      for (let o = 0; o < count; o++) acc[k * count + o] = mergeStates(r.op, r.dtype, states, (o * chunks * nred + k) * 3, chunks, nred * 3, r.ddof ?? 0);
    });
    return acc;
  }

  it('merges to the reference bit for bit when each run is one chunk', () => {
    for (const dtype of DTYPES) {
      for (const run of [0, 13, 3000]) {
        const c = reduceCase(dtype, run ? cycle(dtype, run * 3, 1) : [], run, ALL_REDUCTIONS);
        expectSame(merged(c, 65536), referenceReduce(c), `${dtype} run ${run}`);
      }
    }
  });

  it('merges chunked runs to the reference: exactly for order-free reductions, closely for float sums, products and variances', () => {
    const values = smooth(20000 * 2, 6);
    values[15000] = NaN;
    const exact = reduceCase('float64', values, 20000, ['min', 'max', 'any', 'all', 'argmin', 'argmax']);
    expectSame(merged(exact, 4096), referenceReduce(exact), 'order-free');
    const ints = reduceCase('int32', cycle('int32', 40000, 2), 20000, ['sum', 'prod', 'min', 'argmax']);
    expectSame(merged(ints, 4096), referenceReduce(ints), 'int32');
    const close = reduceCase('float64', smooth(40000, 7).map((x) => 1 + x * 1e-6), 20000, ['sum', 'prod', 'var']);
    // A product of 20,000 terms rounds 20,000 times whatever the order: ~sqrt(n) ulp apart.
    expectSame(merged(close, 4096), referenceReduce(close), 'float', { dtype: 'float64', ulps: 1024 });
  });

  it('merges chunked nanargmin and nanargmax past all-NaN chunks and ties across chunks, and raises for an all-NaN run', () => {
    const values = smooth(20000 * 2, 8);
    // Output 0: its first chunk all NaN, more NaN later; output 1: its maximum and minimum each twice, in different chunks.
    values.fill(NaN, 0, 4096);
    values[9000] = NaN;
    [values[20100], values[29000]] = [5000, 5000];
    [values[24095], values[36000]] = [-5000, -5000];
    const c = reduceCase('float64', values, 20000, ARG_REDUCTIONS);
    const got = merged(c, 4096);
    expectSame(got, referenceReduce(c), 'chunked');
    expect([got[2 * 2 + 1], got[3 * 2 + 1]]).toEqual([4095, 100]);
    const allNaN = reduceCase('float64', Array<number>(2 * 9000).fill(NaN), 9000, ['nanargmax']);
    expect(() => merged(allNaN, 4096)).toThrow('nanargmax: All-NaN slice encountered');
  });
});
