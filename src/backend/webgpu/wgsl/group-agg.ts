import type { GroupStat } from '../../../graph/group-agg.js';
import { sizeOf } from '../../../graph/shape.js';
import type { Load, OpaqueKernel } from '../../../kernel/program.js';
import { constantsOf } from '../../../kernel/constants.js';
import { emitBodyFunction } from './body.js';
import { columnCode, type ColumnCode } from './group-agg-column.js';
import { convert, Unsupported } from './ops.js';
import { grid, mib, ShaderBuilder, workgroupSize, type GpuKernel, type DeviceProfile, type PassSpec } from './shader.js';
import { splice } from '../templates.js';
import { KIND } from './types.js';

/**
 * Sort-based rather than atomics-based. WGSL has no float atomics: sums through
 * atomicCompareExchangeWeak on f32 bits add in whatever order invocations win, so results
 * change from run to run and a large group accumulates one rounding per row; and
 * first/last/argmin/argmax with the reference's first-occurrence ties need extra passes
 * of index atomics. Sorting rows by code (stable) and folding each group in row order
 * gives every statistic, ties and two-pass m2 as the reference defines them, in one
 * deterministic module without atomics and with WG words of workgroup memory, so
 * compatibility mode (16 KiB of workgroup memory, GLES) runs any group count.
 *
 * Tried on SwiftShader (software, so not performance evidence) with 1M float32 rows and
 * count+sum at 100, 100k and 1 groups, a CAS-atomics prototype and its workgroup-
 * privatised form ran faster than this kernel there. SwiftShader's time follows
 * the rows walked: the sort walks them twice per 4-bit digit (5 digits at 100k groups),
 * atomics once. But the atomic sums of the 1-group case were 3.6e-4 relative off the
 * float64 result, outside float32 tolerance and different each run; privatising fixed
 * that (1e-6) only while a workgroup's histogram fits 16 KiB (about 2,000 groups for
 * count+sum). Results within float tolerance of the wasm backend at every group count
 * decided it for the sort.
 */

/** Rows one invocation walks per block in a radix pass, as shaders/sort.wgsl (sort.ts BLOCK). */
const BLOCK = 256;
/**
 * Sorted rows per tile of the fold: a group of a million rows spreads over a thousand
 * invocations, and a 2^23-row input leaves 8,192 partial states, few enough for one
 * invocation to merge (llvmpipe stops an invocation's loops after 65,535 iterations).
 */
const TILE = 1024;
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
  const b = new ShaderBuilder(random, constantsOf(p), limits);
  const wg = workgroupSize(limits, 64);
  const blocks = Math.max(1, Math.ceil(rows / BLOCK));
  const tiles = Math.max(1, Math.ceil(rows / TILE));
  // Keys run 0..groups (groups: rows in no group), so only the bits of `groups` are sorted.
  const passes = Math.ceil((32 - Math.clz32(groups)) / 4);
  b.scratch(0, 'q_work', 'u32');
  const dst = b.slot(p.outputs[0]!.slot, 'float64', true);
  b.need('q_f32');
  let row = 0;
  let words = 0;
  const columns = stats.map((list, k) => {
    const c = columnCode(p, { input: k + 1, wanted: list.map((s) => [s, row++] as const), at: words }, { dst, groups, tiles }, b);
    words += c.words;
    return c;
  });
  const scratchBytes = (4 * rows + 16 * blocks + words) * 4;
  // Past the device's storage binding the sort scratch (or the output) would need splitting, so the node runs on the CPU.
  const binding = limits.maxStorageBinding;
  if (scratchBytes > binding || row * groups * 4 > binding) {
    throw new Unsupported(`groupAgg: ${rows} rows and ${groups} groups need more than the device's ${mib(binding)} storage binding (maxStorageBufferBindingSize)`);
  }
  const codeKind = KIND[p.inputs[0]!.instrs[p.refs[0]!]!.dtype];
  const prologue = [
    ...p.inputs.map((body, k) => emitBodyFunction(`q_in${k}`, body, [p.refs[k]!], b)),
    `fn q_code(row: u32) -> i32 { return ${convert(`q_in0(row).v${p.refs[0]}`, codeKind, 'i', b.need)}; }`,
  ].join('\n');
  const digits = Array.from({ length: passes }, (_, d) => ({ shift: 4 * d, from: d % 2 === 0 ? 0 : rows }));
  const sizes = { WG: wg, Q_ROWS: rows, Q_GROUPS: groups, Q_BLOCK: BLOCK, Q_BLOCKS: blocks, Q_FINAL: passes % 2 === 0 ? 0 : rows, Q_TILE: TILE, Q_TILES: tiles };
  const code = splice(template, {
    sizes: Object.entries(sizes)
      .map(([name, v]) => `const ${name}: u32 = ${v}u;`)
      .join('\n'),
    bindings: b.declarations(),
    'fused-prologue': prologue,
    statistics: statisticsCode(columns),
    passes: digits.map(({ shift, from }, d) => digitEntries(d, shift, from)).join('\n'),
  });
  const m2 = stats.some((list) => list.some((s) => s.stat === 'm2'));
  const specs = passSpecs({ rows, groups, blocks, tiles, passes, m2 }, wg, limits);
  return { label: `groupAgg ${[...new Set(stats.flat().map((s) => s.stat))].join('+')}`, code, bindings: b.bindings(), status: b.status, passes: specs, scratch: [scratchBytes] };
}

/** The dispatches in order: keys, each digit's three passes, the tile folds and group merges (twice with m2). */
function passSpecs(n: { rows: number; groups: number; blocks: number; tiles: number; passes: number; m2: boolean }, wg: number, limits: DeviceProfile): PassSpec[] {
  const over = (count: number) => grid(Math.ceil(count / wg), limits);
  const folds = (fold: string, merge: string): PassSpec[] => [
    { entry: fold, dispatch: over(n.tiles) },
    { entry: merge, dispatch: over(n.groups) },
  ];
  return [
    { entry: 'keys', dispatch: over(n.rows) },
    ...Array.from({ length: n.passes }, (_, d): PassSpec[] => [
      { entry: `hist${d}`, dispatch: over(n.blocks) },
      { entry: `offsets${d}`, dispatch: [1, 1, 1] },
      { entry: `scatter${d}`, dispatch: over(n.blocks) },
    ]).flat(),
    ...folds('segments', 'merge'),
    ...(n.m2 ? folds('deviations', 'merge_deviations') : []),
  ];
}

/** The three entry points of radix digit pass d (the digit at `shift`, read from the half at `from`). */
function digitEntries(d: number, shift: number, from: number): string {
  const entry = (name: string, call: string) =>
    `@compute @workgroup_size(WG)\nfn ${name}(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) { ${call} }`;
  return [
    entry(`hist${d}`, `q_histogram(q_invocation(gid, nwg), ${shift}u, ${from}u);`),
    `@compute @workgroup_size(WG)\nfn offsets${d}(@builtin(local_invocation_index) lid: u32) { q_offsets(lid); }`,
    entry(`scatter${d}`, `q_scatter(q_invocation(gid, nwg), ${shift}u, ${from}u);`),
  ].join('\n');
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
