import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, Frame, col, init, np, type Expr } from 'quiverjs';
import { exprFromTree, stepFromSpec, type StepSpec } from '../../src/frontend/frame/wire.js';
import { scanFromSpecs } from '../../src/frontend/frame/scan.js';
import type { ExprTree } from '../../src/frontend/frame/expr.js';
import { readCsvBatches } from '../../src/io/index.js';

beforeAll(async () => {
  await init({ backend: 'js' });
});

const frame = () =>
  new Frame({
    x: new Float64Array([1.5, -2, 0, NaN, 4, -0.5]),
    y: new Float64Array([2, 3, -1, 1, 0, 0.25]),
    s: ['a', 'b', null, 'a', 'c', 'b'],
  });

/** The tree as a worker receives it: through JSON text. */
const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

async function valuesOf(e: Expr): Promise<number[]> {
  return Array.from((await frame().assign({ r: e }).toColumns()).r as ArrayLike<number>);
}

async function expectSameAfterTheWire(e: Expr): Promise<void> {
  const rebuilt = exprFromTree(overTheWire(e.tree!));
  expect(rebuilt.label).toBe(e.label);
  expect(await valuesOf(rebuilt)).toEqual(await valuesOf(e));
}

const BINARY = ['add', 'sub', 'mul', 'div', 'pow', 'mod', 'minimum', 'maximum', 'lt', 'le', 'gt', 'ge', 'and', 'or', 'eq', 'ne'] as const;
const UNARY = ['neg', 'abs', 'sqrt', 'log', 'exp', 'isnan', 'not'] as const;
// NaN, ±Infinity and -0 are the numbers JSON.stringify alone would change.
const OPERANDS = [() => col('y'), () => 2.5, () => -0, () => NaN, () => -Infinity, () => true];

describe('expressions as JSON data', () => {
  it('rebuilds every binary op, with columns, numbers, NaN, ±Infinity, -0 and booleans, to the same label and values', async () => {
    for (const op of BINARY) for (const b of OPERANDS) await expectSameAfterTheWire(col('x')[op](b()));
  });

  it('rebuilds every unary op to the same label and values', async () => {
    for (const op of UNARY) await expectSameAfterTheWire(col('x')[op]());
  });

  it('rebuilds string equality, including a literal the column does not hold, inside a larger expression', async () => {
    await expectSameAfterTheWire(col('s').eq('a'));
    await expectSameAfterTheWire(col('s').ne('b'));
    await expectSameAfterTheWire(col('s').eq('zzz'));
    const e = col('s').eq('a').or(col('x').gt(col('y').mul(2))).not();
    await expectSameAfterTheWire(e);
    expect(await valuesOf(exprFromTree(overTheWire(e.tree!)))).toEqual([0, 1, 0, 0, 0, 1]);
  });

  it('has no tree when an operand is an NDArray', () => {
    expect(col('x').add(np.ones([6])).tree).toBeUndefined();
    expect(col('x').add(np.ones([6])).mul(2).abs().tree).toBeUndefined();
  });

  it('rejects an unknown op, a missing field and fields of the wrong type, naming them', () => {
    const bad = (tree: unknown, message: string) => {
      expect(() => exprFromTree(tree as ExprTree)).toThrow(ArgumentError);
      expect(() => exprFromTree(tree as ExprTree)).toThrow(message);
    };
    bad({ op: 'foo', a: { col: 'x' } }, "plan: unknown expression op 'foo' at expression");
    bad({ op: 'add', a: { op: 'toString', a: { col: 'x' } }, b: 1 }, "plan: unknown expression op 'toString' at expression.a");
    bad({ op: 'add', b: 1 }, 'plan: expression.a is missing');
    bad({ col: 3 }, 'plan: expression.col must be a column name, got 3');
    bad({ op: 'eq', a: { col: 's' }, literal: 5 }, "plan: expression.literal of 'eq' must be a string, got 5");
    bad({ op: 'mul', a: { col: 'x' }, b: 'two' }, 'plan: expression.b must be an expression object, got "two"');
    bad({ op: 'mul', a: { col: 'x' }, b: { number: 'pi' } }, 'plan: expression.b.number must be one of NaN, Infinity, -Infinity, -0, got "pi"');
    bad({ op: 7 }, 'plan: expression must have \'col\' or \'op\', got op 7');
    bad(null, 'plan: expression must be an expression object, got null');
  });
});

const CSV = ['desk,x,book', 'fx,1.5,1', 'rates,2,0', 'fx,-3,2', 'credit,4,1', 'rates,0.5,3', 'fx,10,0', 'credit,-1,2', 'rates,6,1'].join('\n') + '\n';
const bytes = new TextEncoder().encode(CSV);
const batches = () => readCsvBatches(bytes, { blockSize: 20, schema: { x: 'float64', book: 'int32' } });

describe('ScanFrame steps as JSON data', () => {
  it('rebuilds assign, filter and select over the same bytes to the same grouped result, which matches plain JS', async () => {
    const scan = Frame.scanCsv(bytes, { blockSize: 20, schema: { x: 'float64', book: 'int32' } })
      .assign({ y: col('x').mul(2).add(col('book')), big: col('x').gt(Infinity) })
      .filter(col('desk').ne('credit').and(col('book').gt(0)))
      .select('desk', 'y');
    const rebuilt = scanFromSpecs(batches, overTheWire(scan.wireSteps('agg')));
    const spec = { y: ['sum', 'count'] } as const;
    const [want, got] = await Promise.all([scan, rebuilt].map(async (s) => (await s.groupby('desk').agg(spec)).toColumns()));
    expect(got).toEqual(want);
    // Rows with book > 0 outside credit: fx 1.5*2+1 and -3*2+2, rates 0.5*2+3 and 6*2+1.
    expect(want.desk).toEqual(['fx', 'rates']);
    expect(Array.from(want.y_sum as Float64Array)).toEqual([4 + -4, 4 + 13]);
    expect(Array.from(want.y_count as ArrayLike<number>)).toEqual([2, 2]);
  });

  it('runs one rebuilt step on an in-memory frame', async () => {
    const step = stepFromSpec(overTheWire({ filter: col('s').eq('b').tree! }));
    expect((await (await step(frame())).toColumns()).s).toEqual(['b', 'b']);
  });

  it('refuses to describe a step that holds in-memory data, naming the op and the step', () => {
    const scan = Frame.scanCsv(bytes).select('x');
    const message = (s: { wireSteps(op: string): unknown }) => () => s.wireSteps('agg');
    expect(message(scan.assign({ w: np.ones([8]) }))).toThrow(ArgumentError);
    expect(message(scan.assign({ v: col('x'), w: np.ones([8]) }))).toThrow(
      'agg: the step assign({ v: x, w: <array> }) holds in-memory data, which cannot be sent to cluster workers; use an expression of columns and numbers',
    );
    expect(message(scan.filter(col('x').gt(np.zeros([8]))))).toThrow('agg: the step filter(x.greater(array)) holds in-memory data');
    expect(message(scan.filter(new Uint8Array(8)))).toThrow('agg: the step filter(<array>) holds in-memory data');
  });

  it('rejects malformed steps from the wire, naming what is wrong', () => {
    const bad = (specs: unknown, message: string) => {
      expect(() => scanFromSpecs(batches, specs as StepSpec[])).toThrow(ArgumentError);
      expect(() => scanFromSpecs(batches, specs as StepSpec[])).toThrow(message);
    };
    bad({ select: ['x'] }, 'plan: steps must be a list, got an options object');
    bad([{ select: ['x'], filter: { col: 'b' } }], 'plan: a step must be an object with one key, assign, filter or select; got keys (select, filter)');
    bad([{ sort: ['x'] }], 'got keys (sort)');
    bad([{ select: ['x', 2] }], 'plan: select must be a list of column names, got ["x", 2]');
    bad([{ assign: [] }], 'plan: assign must be an object mapping names to expressions, got []');
    bad([{ assign: { w: { op: 'foo', a: { col: 'x' } } } }], "plan: unknown expression op 'foo' at assign.w");
    bad([{ filter: { op: 'not', a: { col: 'x' } } }], "plan: unknown expression op 'not' at filter");
  });
});
