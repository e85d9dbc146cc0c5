/**
 * Every op of the table (src/graph/ops.ts) is checked against NumPy somewhere. COVERAGE
 * says where, one entry per op, so a new op does not compile until someone names its
 * fixtures: a fixture file and the name its cases give the op (the function they call in
 * elementwise.json and reductions.json, the list in linalg_sort.json, a step of the chain
 * in views.json), narrowed to one section of the file where the name alone would not say
 * it. The test builds those cases without reading their results and checks that one
 * NumPy answered holds the op in its graph.
 *
 * Some ops have no NumPy counterpart: random (Philox4x32-10 bits; NumPy's Philox is the
 * 4x64 variant), groupAgg and groupSlots (NumPy has no groupby), the rolling windows and the exponentially
 * weighted statistics (pandas'), and impliedVol (SciPy has no option pricing). Their entries
 * name the test that checks them against their own oracle, and the public call that test makes.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, type NDArray } from 'quiverjs';
import type { Node } from '../../src/graph/node.js';
import type { OpName } from '../../src/graph/ops.js';
import { TEST_INIT } from '../helpers/backend.js';
import { LINALG_CALLS, type LinalgFixture, type LinalgKind } from './linalg-cases.js';
import { build, loadFixture, type ArraySpec } from './oracle.js';
import { reduce, type ReduceFixture } from './reduce-cases.js';
import { UfuncRunner, type UfuncCase } from './ufunc-cases.js';
import { replay, type ViewFixture } from './view-cases.js';

type Result = NDArray | NDArray[];

/** A fixture case NumPy answered (did not raise): the names it goes by, its section and its result, built lazily. */
interface Answered {
  readonly section: string;
  readonly names: readonly string[];
  build(): Result | Promise<Result>;
}

const answeredOnly = <C extends { raises?: string }>(cases: C[]): C[] => cases.filter((c) => c.raises === undefined);

/** The elementwise fixture's sections: lists of cases named by the function they call. */
const ELEMENTWISE_SECTIONS = ['unary', 'binary', 'scalar', 'special', 'casts'] as const;
type ElementwiseFixture = { arrays: Record<string, ArraySpec> } & { [S in (typeof ELEMENTWISE_SECTIONS)[number]]: UfuncCase[] };

/** Each fixture file's answered cases. */
const FIXTURES = {
  elementwise: (): Answered[] => {
    const fx = loadFixture<ElementwiseFixture>('elementwise');
    const runner = new UfuncRunner(fx.arrays);
    return ELEMENTWISE_SECTIONS.flatMap((section) =>
      answeredOnly(fx[section]).map((c) => ({ section, names: [c.op], build: () => runner.result(c) })),
    );
  },
  reductions: (): Answered[] => {
    const fx = loadFixture<ReduceFixture>('reductions');
    return answeredOnly(fx.cases).map((c) => ({ section: 'cases', names: [c.op], build: () => reduce(fx, c) }));
  },
  linalg_sort: (): Answered[] => {
    const fx = loadFixture<LinalgFixture>('linalg_sort');
    return (Object.keys(LINALG_CALLS) as LinalgKind[]).flatMap((kind) =>
      answeredOnly(fx[kind]).map((c) => ({ section: kind, names: [kind], build: () => LINALG_CALLS[kind](c, (c.inputs ?? []).map(build)) })),
    );
  },
  views: (): Answered[] => {
    const fx = loadFixture<ViewFixture>('views');
    return answeredOnly(fx.cases).map((c) => ({ section: 'cases', names: c.steps.map((s) => s.op), build: () => replay(fx, c) }));
  },
} satisfies Record<string, () => Answered[]>;
type FixtureName = keyof typeof FIXTURES;

/** The fixture cases that build an op, or the test that checks an op NumPy lacks. */
type Where =
  | { readonly fixture: FixtureName; readonly name: string; readonly section?: string }
  | { readonly test: string; readonly calls: string; readonly oracle: string };

const COVERAGE: { readonly [K in OpName]: Where } = {
  neg: { fixture: 'elementwise', name: 'neg' },
  abs: { fixture: 'elementwise', name: 'abs' },
  sign: { fixture: 'elementwise', name: 'sign' },
  sqrt: { fixture: 'elementwise', name: 'sqrt' },
  cbrt: { fixture: 'elementwise', name: 'cbrt' },
  exp: { fixture: 'elementwise', name: 'exp' },
  expm1: { fixture: 'elementwise', name: 'expm1' },
  exp2: { fixture: 'elementwise', name: 'exp2' },
  log: { fixture: 'elementwise', name: 'log' },
  log1p: { fixture: 'elementwise', name: 'log1p' },
  log2: { fixture: 'elementwise', name: 'log2' },
  log10: { fixture: 'elementwise', name: 'log10' },
  sin: { fixture: 'elementwise', name: 'sin' },
  cos: { fixture: 'elementwise', name: 'cos' },
  tan: { fixture: 'elementwise', name: 'tan' },
  arcsin: { fixture: 'elementwise', name: 'arcsin' },
  arccos: { fixture: 'elementwise', name: 'arccos' },
  arctan: { fixture: 'elementwise', name: 'arctan' },
  sinh: { fixture: 'elementwise', name: 'sinh' },
  cosh: { fixture: 'elementwise', name: 'cosh' },
  tanh: { fixture: 'elementwise', name: 'tanh' },
  erf: { fixture: 'elementwise', name: 'erf' },
  erfc: { fixture: 'elementwise', name: 'erfc' },
  floor: { fixture: 'elementwise', name: 'floor' },
  ceil: { fixture: 'elementwise', name: 'ceil' },
  trunc: { fixture: 'elementwise', name: 'trunc' },
  round: { fixture: 'elementwise', name: 'round' },
  reciprocal: { fixture: 'elementwise', name: 'reciprocal' },
  isnan: { fixture: 'elementwise', name: 'isnan' },
  isinf: { fixture: 'elementwise', name: 'isinf' },
  isfinite: { fixture: 'elementwise', name: 'isfinite' },
  cast: { fixture: 'elementwise', name: 'astype' },
  add: { fixture: 'elementwise', name: 'add' },
  sub: { fixture: 'elementwise', name: 'sub' },
  mul: { fixture: 'elementwise', name: 'mul' },
  div: { fixture: 'elementwise', name: 'div' },
  floorDiv: { fixture: 'elementwise', name: 'floorDiv' },
  mod: { fixture: 'elementwise', name: 'mod' },
  pow: { fixture: 'elementwise', name: 'pow' },
  arctan2: { fixture: 'elementwise', name: 'arctan2' },
  hypot: { fixture: 'elementwise', name: 'hypot' },
  minimum: { fixture: 'elementwise', name: 'minimum' },
  maximum: { fixture: 'elementwise', name: 'maximum' },
  equal: { fixture: 'elementwise', name: 'equal' },
  notEqual: { fixture: 'elementwise', name: 'notEqual' },
  less: { fixture: 'elementwise', name: 'less' },
  lessEqual: { fixture: 'elementwise', name: 'lessEqual' },
  greater: { fixture: 'elementwise', name: 'greater' },
  greaterEqual: { fixture: 'elementwise', name: 'greaterEqual' },
  where: { fixture: 'elementwise', name: 'where' },
  sum: { fixture: 'reductions', name: 'sum' },
  prod: { fixture: 'reductions', name: 'prod' },
  min: { fixture: 'reductions', name: 'min' },
  max: { fixture: 'reductions', name: 'max' },
  any: { fixture: 'reductions', name: 'any' },
  all: { fixture: 'reductions', name: 'all' },
  var: { fixture: 'reductions', name: 'var' },
  argmin: { fixture: 'reductions', name: 'argmin' },
  argmax: { fixture: 'reductions', name: 'argmax' },
  nanargmin: { fixture: 'reductions', name: 'nanargmin' },
  nanargmax: { fixture: 'reductions', name: 'nanargmax' },
  // Every fixture array is a buffer; a JS scalar operand is a fill.
  buffer: { fixture: 'elementwise', name: 'add', section: 'binary' },
  fill: { fixture: 'elementwise', name: 'add', section: 'scalar' },
  range: { fixture: 'linalg_sort', name: 'arange' },
  random: {
    test: 'test/core/random-bits.test.ts',
    calls: 'np.randomBits',
    oracle: "the Philox4x32-10 of src/kernel/philox.ts, itself checked against Random123's known answers",
  },
  cumsum: { fixture: 'reductions', name: 'cumsum' },
  cumprod: { fixture: 'reductions', name: 'cumprod' },
  matmul: { fixture: 'linalg_sort', name: 'matmul' },
  reshape: { fixture: 'views', name: 'reshape' },
  permute: { fixture: 'views', name: 'transpose' },
  expand: { fixture: 'views', name: 'broadcastTo' },
  slice: { fixture: 'views', name: 'slice' },
  sort: { fixture: 'linalg_sort', name: 'sort' },
  argsort: { fixture: 'linalg_sort', name: 'argsort' },
  gather: { fixture: 'linalg_sort', name: 'take' },
  gatherAlong: { fixture: 'linalg_sort', name: 'takeAlongAxis' },
  concat: { fixture: 'linalg_sort', name: 'concatenate' },
  groupAgg: { test: 'test/frame/groupby.differential.test.ts', calls: 'groupby', oracle: 'a plain-JS Map-of-arrays groupby' },
  rollingSum: { test: 'test/lib/rolling-ops.test.ts', calls: 'risk.rollingSum', oracle: 'a plain-JS loop over each window' },
  rollingMean: { test: 'test/lib/rolling-ops.test.ts', calls: 'risk.rollingMean', oracle: 'a plain-JS loop over each window' },
  rollingVar: { test: 'test/lib/rolling-ops.test.ts', calls: 'risk.rollingVar', oracle: 'a plain-JS loop over each window' },
  rollingStd: { test: 'test/lib/rolling-ops.test.ts', calls: 'risk.rollingStd', oracle: 'a plain-JS loop over each window' },
  rollingMin: { test: 'test/lib/rolling-ops.test.ts', calls: 'risk.rollingMin', oracle: 'a plain-JS loop over each window' },
  rollingMax: { test: 'test/lib/rolling-ops.test.ts', calls: 'risk.rollingMax', oracle: 'a plain-JS loop over each window' },
  ewmMean: { test: 'test/lib/ewm-ops.test.ts', calls: 'risk.ewmMean', oracle: 'pandas\' ewma recursion, written plainly in JS' },
  ewmVar: { test: 'test/lib/ewm-ops.test.ts', calls: 'risk.ewmVar', oracle: 'pandas\' ewmcov recursion, written plainly in JS' },
  ewmStd: { test: 'test/lib/ewm-ops.test.ts', calls: 'risk.ewmStd', oracle: 'pandas\' ewmcov recursion, written plainly in JS' },
  groupSlots: { test: 'test/frame/group-slots.test.ts', calls: 'groupby', oracle: 'plain-JS loops that number each row\'s keys' },
  impliedVol: { test: 'test/lib/implied-vol-kernel.test.ts', calls: 'risk.impliedVol', oracle: 'a plain-JS Newton iteration per option' },
};

/** The ops in the graphs behind `result`, found by walking each node's inputs. */
function opsOf(result: Result): Set<OpName> {
  const seen = new Set<Node>();
  const pending = [result].flat().map((a) => a.node());
  for (let n = pending.pop(); n !== undefined; n = pending.pop()) {
    if (seen.has(n)) continue;
    seen.add(n);
    pending.push(...n.inputs);
  }
  return new Set([...seen].map((n) => n.op));
}

async function someBuilds(cases: readonly Answered[], op: OpName): Promise<boolean> {
  for (const c of cases) if (opsOf(await c.build()).has(op)) return true;
  return false;
}

const answered = new Map<FixtureName, Answered[]>();
const casesOf = (fixture: FixtureName): Answered[] => {
  if (!answered.has(fixture)) answered.set(fixture, FIXTURES[fixture]());
  return answered.get(fixture)!;
};

beforeAll(async () => {
  await init(TEST_INIT);
});

describe('every op of the table has NumPy fixtures', () => {
  const entries = Object.entries(COVERAGE) as [OpName, Where][];
  const inFixtures = entries.flatMap(([op, w]) =>
    'fixture' in w ? [[op, `${w.fixture}.json's ${w.name} cases${w.section ? ` (${w.section})` : ''}`, w] as const] : [],
  );
  const inTests = entries.flatMap(([op, w]) => ('test' in w ? [[op, w.test, w] as const] : []));

  it.each(inFixtures)('%s is built by one of %s that NumPy answered', async (op, where, w) => {
    const cases = casesOf(w.fixture).filter((c) => c.names.includes(w.name) && (w.section === undefined || c.section === w.section));
    expect(cases.length, `no answered case among ${where}`).toBeGreaterThan(0);
    expect(await someBuilds(cases, op), `none of ${where} builds a ${op} node`).toBe(true);
  });

  it.each(inTests)('%s, which NumPy lacks, is checked by %s', (_, file, w) => {
    const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
    expect(text, `${file} should call ${w.calls} (checked against ${w.oracle})`).toContain(w.calls);
  });
});
