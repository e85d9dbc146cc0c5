import type { GroupStat, GroupStatSpec } from '../../../graph/group-agg.js';
import type { OpaqueKernel } from '../../../kernel/program.js';
import { convert } from './ops.js';
import type { ShaderBuilder } from './shader.js';
import { KIND, WGSL_TYPE, type Kind } from './types.js';

/** One value column's part of shaders/groupby.wgsl's statistics region, and the scratch words its partial states take. */
export interface ColumnCode {
  readonly code: string;
  readonly words: number;
  /** Statements of each hook (q_segment, q_merge, q_deviations, q_merge_deviations); '' where the column has none. */
  readonly segment: string;
  readonly merge: string;
  readonly deviations: string;
  readonly mergeDeviations: string;
}

/** Where a column sits: its value input, its statistics with their output rows, and its scratch offset past PARTS. */
export interface ColumnPlace {
  readonly input: number;
  readonly wanted: readonly (readonly [GroupStatSpec, number])[];
  readonly at: number;
}

/** What every column of one kernel shares: the output array, the group and tile counts. */
export interface ColumnGeometry {
  readonly dst: string;
  readonly groups: number;
  readonly tiles: number;
}

const NAN = 'q_f32(0x7fc00000u)';
/** The partial state's fields in scratch order (8 words each). */
const FIELDS = ['count', 'sum', 'lo', 'lo_at', 'hi', 'hi_at', 'first', 'last'] as const;

/** A value's order as a WGSL expression: q_ord for floats (exact where subnormals flush), the value itself otherwise. */
const order = (x: string, k: Kind) => (k === 'f' ? `q_ord(${x})` : x);

/** The loop over a segment's sorted positions [start, end), `v` the row's value; NaN rows are skipped. */
function walk(input: number, ref: number, k: Kind, body: readonly string[]): string[] {
  return [
    '  for (var e = start; e < end; e++) {',
    '    let row = q_row(e);',
    `    let v = q_in${input}(row).v${ref};`,
    ...(k === 'f' ? ['    if (q_isnan(v)) { continue; }'] : []),
    ...body,
    '  }',
  ];
}

/** A loop over the partial states of the tiles after a crossing group's first (whose part is 2 * first tile + 1). */
const laterTiles = (body: (part: string) => string[]) => ['  for (var t = start / Q_TILE + 1u; t <= (end - 1u) / Q_TILE; t++) {', ...body('2u * t'), '  }'];

/**
 * Column K's WGSL: a partial state PK (count, cascaded sum, the first strictly
 * smaller/larger value and its row, the first and last non-NaN value) folded over sorted
 * rows in row order, joined in tile order (ties keep the earlier part, as the reference
 * keeps the first occurrence), kept in scratch between passes, and written out at the
 * group's output rows; m2 folds (x - mean)^2 in a second walk. A group without values
 * gets the reference's empties: 0 count, sum and m2, NaN otherwise.
 */
export function columnCode(p: OpaqueKernel, place: ColumnPlace, geometry: ColumnGeometry, b: ShaderBuilder): ColumnCode {
  const { input } = place;
  const k = KIND[p.inputs[input]!.instrs[p.refs[input]!]!.dtype];
  if (k === 'f') b.need('q_isnan', 'q_ord');
  const m2 = place.wanted.find(([s]) => s.stat === 'm2');
  const code = [...stateFunctions(p, place, k, b), writeFunction(place, geometry, k, b), ...(m2 ? deviationFunction(p, input, k, b) : [])];
  const layout = [`const P${input}_AT: u32 = PARTS + ${place.at}u;`, ...(m2 ? [`const M${input}_AT: u32 = PARTS + ${place.at + 16 * geometry.tiles}u;`] : [])];
  return {
    code: [...layout, ...code].join('\n'),
    words: 16 * geometry.tiles + (m2 ? geometry.groups + 2 * geometry.tiles : 0),
    ...hooks(input, m2 ? `${geometry.dst}[${m2[1] * geometry.groups}u + g]` : undefined, geometry.groups),
  };
}

/** PK and its fold over a segment, ordered join, and scratch store/load. */
function stateFunctions(p: OpaqueKernel, { input }: ColumnPlace, k: Kind, b: ShaderBuilder): string[] {
  const T = WGSL_TYPE[k];
  const P = `P${input}`;
  const at = (i: number) => `q_work[P${input}_AT + part * 8u + ${i}u]`;
  const isWord = (f: (typeof FIELDS)[number]) => f === 'count' || f.endsWith('_at');
  return [
    `struct ${P} { count: u32, sum: f32, lo: ${T}, lo_at: u32, hi: ${T}, hi_at: u32, first: ${T}, last: ${T} }`,
    `fn q_fold${input}(start: u32, end: u32) -> ${P} {`,
    `  var s: ${P};`,
    '  var sum: Cascade;',
    ...walk(input, p.refs[input]!, k, [
      '    if (s.count == 0u) { s.lo = v; s.hi = v; s.first = v; s.lo_at = row; s.hi_at = row; }',
      `    if (${order('v', k)} < ${order('s.lo', k)}) { s.lo = v; s.lo_at = row; }`,
      `    if (${order('v', k)} > ${order('s.hi', k)}) { s.hi = v; s.hi_at = row; }`,
      '    s.last = v;',
      '    s.count = s.count + 1u;',
      `    q_add(&sum, ${convert('v', k, 'f', b.need)});`,
    ]),
    '  s.sum = q_total(sum);',
    '  return s;',
    '}',
    `fn q_join${input}(a: ${P}, b: ${P}) -> ${P} {`,
    '  if (b.count == 0u) { return a; }',
    '  if (a.count == 0u) { return b; }',
    '  var s = a;',
    `  if (${order('b.lo', k)} < ${order('a.lo', k)}) { s.lo = b.lo; s.lo_at = b.lo_at; }`,
    `  if (${order('b.hi', k)} > ${order('a.hi', k)}) { s.hi = b.hi; s.hi_at = b.hi_at; }`,
    '  s.last = b.last;',
    '  s.count = a.count + b.count;',
    '  return s;',
    '}',
    `fn q_keep${input}(part: u32, s: ${P}) {`,
    ...FIELDS.map((f, i) => `  ${at(i)} = ${isWord(f) ? `s.${f}` : `bitcast<u32>(s.${f})`};`),
    '}',
    `fn q_part${input}(part: u32) -> ${P} {`,
    `  return ${P}(${FIELDS.map((f, i) => (isWord(f) ? at(i) : `bitcast<${f === 'sum' ? 'f32' : T}>(${at(i)})`)).join(', ')});`,
    '}',
  ];
}

/** `q_writeK(g, size, s)`: every statistic but m2 from a group's whole state, at its output row. */
function writeFunction({ input, wanted }: ColumnPlace, { dst, groups }: ColumnGeometry, k: Kind, b: ShaderBuilder): string {
  const asF32 = (x: string) => convert(x, k, 'f', b.need);
  const have = (x: string) => `select(${NAN}, ${x}, s.count > 0u)`;
  const results: { [S in GroupStat]?: string } = {
    size: 'f32(size)',
    count: 'f32(s.count)',
    sum: 's.sum',
    min: have(asF32('s.lo')),
    max: have(asF32('s.hi')),
    argmin: have('f32(s.lo_at)'),
    argmax: have('f32(s.hi_at)'),
    first: have(asF32('s.first')),
    last: have(asF32('s.last')),
  };
  const stores = wanted.filter(([s]) => s.stat !== 'm2').map(([s, r]) => `  ${dst}[${r * groups}u + g] = ${results[s.stat]!};`);
  return [`fn q_write${input}(g: u32, size: u32, s: P${input}) {`, ...stores, '}'].join('\n');
}

/** `q_devsK(start, end, mean)`: the cascaded sum of (x - mean)^2 over a segment's non-NaN values. */
function deviationFunction(p: OpaqueKernel, input: number, k: Kind, b: ShaderBuilder): string[] {
  const body = [`    let d = ${convert('v', k, 'f', b.need)} - mean;`, '    q_add(&m2, d * d);'];
  return [`fn q_devs${input}(start: u32, end: u32, mean: f32) -> f32 {`, '  var m2: Cascade;', ...walk(input, p.refs[input]!, k, body), '  return q_total(m2);', '}'];
}

/** The column's statements in each hook; `m2` is its m2 output element (undefined: no m2). */
function hooks(input: number, m2: string | undefined, groups: number): Pick<ColumnCode, 'segment' | 'merge' | 'deviations' | 'mergeDeviations'> {
  const mean = (s: string) => `${s}.sum / f32(max(${s}.count, 1u))`;
  const means = `M${input}_AT`;
  const devs = `${means} + ${groups}u`;
  return {
    segment: [
      '  {',
      `    let s = q_fold${input}(start, end);`,
      `    if (part == NONE) { q_write${input}(g, end - start, s);${m2 ? ` ${m2} = q_devs${input}(start, end, ${mean('s')});` : ''} }`,
      `    else { q_keep${input}(part, s); }`,
      '  }',
    ].join('\n'),
    merge: [
      '  {',
      `  var s = q_part${input}(2u * (start / Q_TILE) + 1u);`,
      '  var sum: Cascade;',
      '  q_add(&sum, s.sum);',
      ...laterTiles((part) => [`    let b = q_part${input}(${part});`, '    q_add(&sum, b.sum);', `    s = q_join${input}(s, b);`]),
      '  s.sum = q_total(sum);',
      `  q_write${input}(g, end - start, s);`,
      ...(m2 ? [`  q_work[${means} + g] = bitcast<u32>(${mean('s')});`] : []),
      '  }',
    ].join('\n'),
    deviations: m2 ? `  q_work[${devs} + part] = bitcast<u32>(q_devs${input}(start, end, bitcast<f32>(q_work[${means} + g])));` : '',
    mergeDeviations: m2
      ? [
          '  {',
          '  var m2: Cascade;',
          `  q_add(&m2, bitcast<f32>(q_work[${devs} + 2u * (start / Q_TILE) + 1u]));`,
          ...laterTiles((part) => [`    q_add(&m2, bitcast<f32>(q_work[${devs} + ${part}]));`]),
          `  ${m2} = q_total(m2);`,
          '  }',
        ].join('\n')
      : '',
  };
}
