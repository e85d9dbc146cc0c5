import type { DType } from '../../../graph/dtype.js';
import type { GroupStat, GroupStatSpec } from '../../../graph/group-agg.js';
import { sizeOf } from '../../../graph/shape.js';
import type { Load, OpaqueKernel } from '../../../kernel/program.js';
import { emitBodyFunction } from './body.js';
import { convert, Unsupported } from './ops.js';
import { grid, floatConstants, ShaderBuilder, workgroupSize, type GpuKernel, type DeviceProfile, type PassSpec } from './shader.js';
import { splice } from './template.js';
import { KIND, WGSL_TYPE, type Kind } from './types.js';

/**
 * Sort-based rather than atomics-based. WGSL has no float atomics: sums through
 * atomicCompareExchangeWeak on f32 bits add in whatever order invocations win, so results
 * change from run to run and a large group accumulates one rounding per row; and
 * first/last/argmin/argmax with the reference's first-occurrence ties need extra passes
 * of index atomics. Sorting rows by code (stable) and folding each group in row order
 * gives every statistic, ties and two-pass m2 as the reference defines them, in one
 * deterministic module without workgroup memory or atomics, so compatibility mode
 * (16 KiB of workgroup memory, GLES) runs any group count.
 */
/** Rows one invocation walks per block in a radix pass at least, as shaders/sort.wgsl (sort.ts BLOCK). */
const BLOCK = 256;
/**
 * Blocks per radix pass at most: past 1,024 the blocks grow instead. One invocation turns
 * the digit counts into offsets, 16 steps per block, and llvmpipe (the GLES adapter) ends
 * an invocation's loops after 65,535 iterations: 8M rows in blocks of 256 would need
 * 524,288. It also keeps that serial step short on any device.
 */
const MAX_BLOCKS = 1024;
/**
 * Sorted rows per tile of the fold: a group of a million rows spreads over a thousand
 * invocations, and a 2^23-row input leaves 8,192 partial states, few enough for one
 * invocation to merge (llvmpipe stops an invocation's loops after 65,535 iterations).
 */
const TILE = 1024;
/**
 * The largest storage binding every WebGPU device allows (the spec's default
 * maxStorageBufferBindingSize). Past it the sort scratch would need splitting, so the
 * node runs on the CPU.
 */
const MAX_BINDING_BYTES = 2 ** 27;
/** Row indices and counts are written as f32: exact up to 2^24. */
const MAX_EXACT = 2 ** 24;

/** The statistics WGSL computes here; nunique and quantile need each group sorted by value and stay on the CPU. */
const ON_GPU: ReadonlySet<GroupStat> = new Set(['size', 'count', 'sum', 'm2', 'min', 'max', 'argmin', 'argmax', 'first', 'last']);
/** Statistics whose f32 result is exact whatever the values: counts and row indices. */
const EXACT_IN_F32: ReadonlySet<GroupStat> = new Set(['size', 'count', 'argmin', 'argmax']);

/**
 * Why a groupAgg cannot run on the GPU when float64 must not lose precision, or undefined
 * when it can. Its float64 output is written as f32 words and widened on read-back: that
 * is exact for counts and row indices, and carries float32 and bool values' statistics at
 * their own precision (pandas keeps float32 sums float32), but an int32 or uint32 sum,
 * extreme or end past 2^24 would be rounded, so those run on the CPU.
 */
export function groupAggNeedsFloat64(p: OpaqueKernel): string | undefined {
  for (const [k, list] of p.group!.stats.entries()) {
    const dtype = p.inputs[k + 1]!.instrs[p.refs[k + 1]!]!.dtype;
    if (dtype === 'float32' || dtype === 'bool') continue;
    const inexact = list.find((s) => !EXACT_IN_F32.has(s.stat));
    if (inexact) return `groupAgg: ${inexact.stat} of ${dtype} values is not exact in f32 (create the backend with { float64: "downcast" } to compute it there)`;
  }
  return undefined;
}

/** groupAgg from shaders/groupby.wgsl: codes' and values' prologues spliced in, one partial state per value column. */
export function groupAggKernel(p: OpaqueKernel, random: readonly Load[], limits: DeviceProfile, template: string): GpuKernel {
  const { groups, stats } = p.group!;
  const rows = sizeOf(p.inputs[0]!.shape);
  const unsupported = stats.flat().find((s) => !ON_GPU.has(s.stat));
  if (unsupported) throw new Unsupported(`groupAgg: ${unsupported.stat} sorts each group by value (no WGSL kernel)`);
  if (rows > MAX_EXACT) throw new Unsupported(`groupAgg: ${rows} rows (row indices are exact in f32 up to 2^24)`);
  const b = new ShaderBuilder(random, floatConstants(p), limits);
  const wg = workgroupSize(limits, 64);
  const blocks = Math.max(1, Math.min(MAX_BLOCKS, Math.ceil(rows / BLOCK)));
  const block = Math.max(BLOCK, Math.ceil(rows / blocks));
  const tiles = Math.max(1, Math.ceil(rows / TILE));
  // Keys run 0..groups (groups: rows in no group), so only the bits of `groups` are sorted.
  const passes = Math.ceil((32 - Math.clz32(groups)) / 4);
  b.scratch(0, 'q_work', 'u32');
  const dst = b.slot(p.outputs[0]!.slot, 'float64', true);
  b.need('q_f32');
  let row = 0;
  let words = 0;
  const columns = stats.map((list, k) => {
    const c = columnCode(p, k + 1, list.map((s) => [s, row++] as const), words, dst, { groups, tiles }, b);
    words += c.words;
    return c;
  });
  const scratchBytes = (4 * rows + 16 * blocks + words) * 4;
  if (scratchBytes > MAX_BINDING_BYTES || row * groups * 4 > MAX_BINDING_BYTES) {
    throw new Unsupported(`groupAgg: ${rows} rows and ${groups} groups need more than a 128 MiB storage binding`);
  }
  const codeKind = KIND[p.inputs[0]!.instrs[p.refs[0]!]!.dtype];
  const prologue = [
    ...p.inputs.map((body, k) => emitBodyFunction(`q_in${k}`, body, [p.refs[k]!], b)),
    `fn q_code(row: u32) -> i32 { return ${convert(`q_in0(row).v${p.refs[0]}`, codeKind, 'i', b.need)}; }`,
  ].join('\n');
  const digits = Array.from({ length: passes }, (_, d) => ({ shift: 4 * d, from: d % 2 === 0 ? 0 : rows }));
  const sizes = { WG: wg, Q_ROWS: rows, Q_GROUPS: groups, Q_BLOCK: block, Q_BLOCKS: blocks, Q_FINAL: passes % 2 === 0 ? 0 : rows, Q_TILE: TILE, Q_TILES: tiles };
  const code = splice(template, {
    sizes: Object.entries(sizes)
      .map(([name, v]) => `const ${name}: u32 = ${v}u;`)
      .join('\n'),
    bindings: b.declarations(),
    'fused-prologue': prologue,
    statistics: statisticsCode(columns),
    passes: digits.map(({ shift, from }, d) => digitEntries(d, shift, from)).join('\n'),
  });
  const perBlock = grid(Math.ceil(blocks / wg), limits);
  const perTile = grid(Math.ceil(tiles / wg), limits);
  const perGroup = grid(Math.ceil(groups / wg), limits);
  const m2 = stats.some((list) => list.some((s) => s.stat === 'm2'));
  const specs: PassSpec[] = [
    { entry: 'keys', dispatch: grid(Math.ceil(rows / wg), limits) },
    ...digits.flatMap((_, d) => [
      { entry: `hist${d}`, dispatch: perBlock },
      { entry: `offsets${d}`, dispatch: grid(1, limits) },
      { entry: `scatter${d}`, dispatch: perBlock },
    ]),
    { entry: 'segments', dispatch: perTile },
    { entry: 'merge', dispatch: perGroup },
    ...(m2 ? [{ entry: 'deviations', dispatch: perTile }, { entry: 'merge_deviations', dispatch: perGroup }] : []),
  ];
  return { label: `groupAgg ${[...new Set(stats.flat().map((s) => s.stat))].join('+')}`, code, bindings: b.bindings(), status: b.status, passes: specs, scratch: [scratchBytes] };
}

/** The three entry points of radix digit pass d (the digit at `shift`, read from the half at `from`). */
function digitEntries(d: number, shift: number, from: number): string {
  const entry = (name: string, call: string) =>
    `@compute @workgroup_size(WG)\nfn ${name}(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) { ${call} }`;
  return [
    entry(`hist${d}`, `q_histogram(q_invocation(gid, nwg), ${shift}u, ${from}u);`),
    entry(`offsets${d}`, 'q_offsets(q_invocation(gid, nwg));'),
    entry(`scatter${d}`, `q_scatter(q_invocation(gid, nwg), ${shift}u, ${from}u);`),
  ].join('\n');
}

const NAN = 'q_f32(0x7fc00000u)';

/** A value's order as a WGSL expression: q_ord for floats (exact where subnormals flush), the value itself otherwise. */
const order = (x: string, k: Kind) => (k === 'f' ? `q_ord(${x})` : x);

/** One value column's part of the statistics region, and the scratch words its partial states take. */
interface ColumnCode {
  readonly code: string;
  readonly words: number;
  /** Statements of each hook (shaders/groupby.wgsl q_segment, q_merge, q_deviations, q_merge_deviations). */
  readonly segment: string;
  readonly merge: string;
  readonly deviations: string;
  readonly mergeDeviations: string;
}

/**
 * Column K's WGSL: a partial state PK (count, cascaded sum, the first strictly
 * smaller/larger value and its row, the first and last non-NaN value) folded over sorted
 * rows in row order, joined in tile order (ties keep the earlier part, as the reference
 * keeps the first occurrence), kept in scratch between passes, and written out at the
 * group's output rows; m2 folds (x - mean)^2 in a second walk. A group without values
 * gets the reference's empties: 0 count, sum and m2, NaN otherwise.
 */
function columnCode(p: OpaqueKernel, input: number, wanted: readonly (readonly [GroupStatSpec, number])[], at: number, dst: string, geometry: { groups: number; tiles: number }, b: ShaderBuilder): ColumnCode {
  const { groups, tiles } = geometry;
  const dtype: DType = p.inputs[input]!.instrs[p.refs[input]!]!.dtype;
  const k = KIND[dtype];
  const T = WGSL_TYPE[k];
  if (k === 'f') b.need('q_isnan', 'q_ord');
  const asF32 = (x: string) => convert(x, k, 'f', b.need);
  const P = `P${input}`;
  const m2 = wanted.find(([s]) => s.stat === 'm2');
  const parts = `P${input}_AT`;
  const means = `M${input}_AT`;
  const walk = (body: readonly string[]) => [
    '  for (var e = start; e < end; e++) {',
    '    let row = q_row(e);',
    `    let v = q_in${input}(row).v${p.refs[input]};`,
    ...(k === 'f' ? ['    if (q_isnan(v)) { continue; }'] : []),
    ...body,
    '  }',
  ];
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
  const fields = ['count', 'sum', 'lo', 'lo_at', 'hi', 'hi_at', 'first', 'last'] as const;
  const word = (f: (typeof fields)[number]) => (f === 'count' || f.endsWith('_at') ? `s.${f}` : `bitcast<u32>(s.${f})`);
  const unword = (f: (typeof fields)[number], w: string) => (f === 'count' || f.endsWith('_at') ? w : `bitcast<${f === 'sum' ? 'f32' : T}>(${w})`);
  const mean = (s: string) => `${s}.sum / f32(max(${s}.count, 1u))`;
  const tileParts = (add: (part: string) => string[]) => ['  for (var t = start / Q_TILE + 1u; t <= (end - 1u) / Q_TILE; t++) {', ...add('2u * t'), '  }'];
  const code = [
    `const ${parts}: u32 = PARTS + ${at}u;`,
    ...(m2 ? [`const ${means}: u32 = PARTS + ${at + 16 * tiles}u;`] : []),
    `struct ${P} { count: u32, sum: f32, lo: ${T}, lo_at: u32, hi: ${T}, hi_at: u32, first: ${T}, last: ${T} }`,
    `fn q_fold${input}(start: u32, end: u32) -> ${P} {`,
    `  var s: ${P};`,
    '  var sum: Cascade;',
    ...walk([
      '    if (s.count == 0u) { s.lo = v; s.hi = v; s.first = v; s.lo_at = row; s.hi_at = row; }',
      `    if (${order('v', k)} < ${order('s.lo', k)}) { s.lo = v; s.lo_at = row; }`,
      `    if (${order('v', k)} > ${order('s.hi', k)}) { s.hi = v; s.hi_at = row; }`,
      '    s.last = v;',
      '    s.count = s.count + 1u;',
      `    q_add(&sum, ${asF32('v')});`,
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
    ...fields.map((f, i) => `  q_work[${parts} + part * 8u + ${i}u] = ${word(f)};`),
    '}',
    `fn q_part${input}(part: u32) -> ${P} {`,
    `  return ${P}(${fields.map((f, i) => unword(f, `q_work[${parts} + part * 8u + ${i}u]`)).join(', ')});`,
    '}',
    `fn q_write${input}(g: u32, size: u32, s: ${P}) {`,
    ...wanted.filter(([s]) => s.stat !== 'm2').map(([s, r]) => `  ${dst}[${r * groups}u + g] = ${results[s.stat]!};`),
    '}',
    ...(m2
      ? [
          `fn q_devs${input}(start: u32, end: u32, mean: f32) -> f32 {`,
          '  var m2: Cascade;',
          ...walk([`    let d = ${asF32('v')} - mean;`, '    q_add(&m2, d * d);']),
          '  return q_total(m2);',
          '}',
        ]
      : []),
  ].join('\n');
  const m2At = (g: string) => `${dst}[${m2 ? m2[1] * groups : 0}u + ${g}]`;
  return {
    code,
    words: 16 * tiles + (m2 ? groups + 2 * tiles : 0),
    segment: [
      '  {',
      `    let s = q_fold${input}(start, end);`,
      `    if (part == NONE) { q_write${input}(g, end - start, s);${m2 ? ` ${m2At('g')} = q_devs${input}(start, end, ${mean('s')});` : ''} }`,
      `    else { q_keep${input}(part, s); }`,
      '  }',
    ].join('\n'),
    merge: [
      '  {',
      `  var s = q_part${input}(2u * (start / Q_TILE) + 1u);`,
      '  var sum: Cascade;',
      '  q_add(&sum, s.sum);',
      ...tileParts((part) => [`    let b = q_part${input}(${part});`, '    q_add(&sum, b.sum);', `    s = q_join${input}(s, b);`]),
      '  s.sum = q_total(sum);',
      `  q_write${input}(g, end - start, s);`,
      ...(m2 ? [`  q_work[${means} + g] = bitcast<u32>(${mean('s')});`] : []),
      '  }',
    ].join('\n'),
    deviations: m2 ? `  q_work[${means} + ${groups}u + part] = bitcast<u32>(q_devs${input}(start, end, bitcast<f32>(q_work[${means} + g])));` : '',
    mergeDeviations: m2
      ? [
          '  {',
          '  var m2: Cascade;',
          `  q_add(&m2, bitcast<f32>(q_work[${means} + ${groups}u + 2u * (start / Q_TILE) + 1u]));`,
          ...tileParts((part) => [`    q_add(&m2, bitcast<f32>(q_work[${means} + ${groups}u + ${part}]));`]),
          `  ${m2At('g')} = q_total(m2);`,
          '  }',
        ].join('\n')
      : '',
  };
}

/** The statistics region: every column's code, then the four hooks calling each column's part. */
function statisticsCode(columns: readonly ColumnCode[]): string {
  const hook = (signature: string, part: (c: ColumnCode) => string) => [`fn ${signature} {`, ...columns.map(part).filter((s) => s !== ''), '}'].join('\n');
  return [
    ...columns.map((c) => c.code),
    hook('q_segment(g: u32, start: u32, end: u32, part: u32)', (c) => c.segment),
    hook('q_merge(g: u32, start: u32, end: u32)', (c) => c.merge),
    hook('q_deviations(g: u32, start: u32, end: u32, part: u32)', (c) => c.deviations),
    hook('q_merge_deviations(g: u32, start: u32, end: u32)', (c) => c.mergeDeviations),
  ].join('\n');
}
