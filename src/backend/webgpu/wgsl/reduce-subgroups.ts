import type { ReduceKind } from '../../../kernel/program.js';
import type { ShaderBuilder } from './shader.js';
import type { Kind } from './types.js';

/**
 * The subgroup variant of a reduction's intra-workgroup step (shaders/reduce.wgsl's
 * `q_workgroup`), for adapters with the `subgroups` feature (WGSL `enable subgroups;`,
 * Chrome 134 / Dawn; measured: Dawn on SwiftShader, in Node and in Chromium, has it with
 * subgroup size 4; Mesa over GLES and Deno's wgpu do not).
 *
 * Each subgroup reduces its invocations' states with subgroup builtins, then invocation 0
 * combines the subgroup results with `q_combine` in order of each subgroup's lowest
 * invocation index. Nothing assumes a subgroup size (WGSL allows 4 to 128) or how
 * invocations map onto subgroups: a subgroup's leader is the invocation holding
 * `subgroupMin(lid)`, so partly filled subgroups (a 64-invocation workgroup on a
 * 128-wide device) and any layout work.
 *
 * Float sums: each invocation adds its strided elements in order (as in the tree path),
 * `subgroupAdd` adds the subgroup's partials in an order the spec leaves to the device,
 * then the subgroup totals are added in leader order. The result is the same on every
 * run of one device, but may differ in the last bits from the shared-memory tree.
 */

/** Index 0xffffffff marks an arg-extremum state that has seen no element (reduce.ts NONE). */
const NONE = '0xffffffffu';
const I32_MIN = 'bitcast<i32>(0x80000000u)';
const I32_MAX = '2147483647i';

/** Subgroup builtins of the bitwise, additive and multiplicative reductions, by op and kind. */
const ADD: { [K in Kind]: string } = { f: 'subgroupAdd', i: 'subgroupAdd', u: 'subgroupAdd', b: 'subgroupOr' };
const MUL: { [K in Kind]: string } = { f: 'subgroupMul', i: 'subgroupMul', u: 'subgroupMul', b: 'subgroupAnd' };

/**
 * Statements setting the fields of reduction `k` in `t` (the subgroup's state) from `s`
 * (this invocation's). Every statement runs in every invocation: subgroup builtins need
 * uniform control flow.
 *
 * WGSL leaves subgroupMin/Max's NaN behaviour open (gpuweb#5044) and SPIR-V drops NaNs,
 * as SwiftShader does (measured), so float extremes never reach them as floats: they
 * reduce an i32 key instead, with every NaN mapped to the winning end so it propagates.
 * min/max use a total order (-0 below +0, so all -0 gives -0); argmin/argmax use the
 * reference's order (q_ord: both zeros equal) and break ties by the lowest index, which
 * any order of combining keeps, so the first NaN and the first extreme still win.
 */
export function subgroupStatements(op: ReduceKind, k: number, vk: Kind, ak: Kind, need: ShaderBuilder['need']): string {
  const f = `s${k}`;
  switch (op) {
    case 'sum':
      return `t.${f} = ${ADD[ak]}(s.${f});`;
    case 'prod':
      return `t.${f} = ${MUL[ak]}(s.${f});`;
    case 'any':
      return `t.${f} = subgroupOr(s.${f});`;
    case 'all':
      return `t.${f} = subgroupAnd(s.${f});`;
    case 'min':
    case 'max': {
      const call = op === 'min' ? 'subgroupMin' : 'subgroupMax';
      if (ak !== 'f') return `t.${f} = ${call}(s.${f});`;
      need('q_fkey', 'q_funkey');
      return `t.${f} = q_funkey(${call}(q_fkey(s.${f}, ${op === 'min' ? I32_MIN : I32_MAX})));`;
    }
    case 'argmin':
    case 'argmax':
      return argExtremum(op === 'argmin', f, vk, need);
    // Their states never hold a NaN (NaN is skipped on folding), so argmin's and argmax's
    // keys order them; all-empty states keep index NONE, which the result turns into the fault.
    case 'nanargmin':
    case 'nanargmax':
      return argExtremum(op === 'nanargmin', f, vk, need);
    case 'var':
      // Chan, Golub and LeVeque's merge of n states at once: count and mean from sums, then
      // each state's m2 plus n (m - mean)^2. Empty states add 0 to every sum.
      return `{ let n = subgroupAdd(s.${f}n); let w = f32(s.${f}n); let total = subgroupAdd(w * s.${f}m);
    let m = select(0.0f, total / f32(n), n > 0u); let d = s.${f}m - m;
    t.${f}n = n; t.${f}m = m; t.${f}q = subgroupAdd(s.${f}q + w * d * d); }`;
    default:
      return op satisfies never;
  }
}

/**
 * argmin/argmax as two subgroup reductions: the best key, then the lowest index holding
 * it. Empty states take the losing end of the key range, NaNs (floats) the winning end.
 */
function argExtremum(min: boolean, f: string, vk: Kind, need: ShaderBuilder['need']): string {
  const best = min ? 'subgroupMin' : 'subgroupMax';
  let key: string;
  let value: string;
  let empty: string;
  if (vk === 'f') {
    need('q_isnan', 'q_ord', 'q_unord');
    key = `select(q_ord(s.${f}v), ${min ? I32_MIN : I32_MAX}, q_isnan(s.${f}v))`;
    empty = min ? I32_MAX : I32_MIN;
    value = 'q_unord(b)';
  } else {
    key = `s.${f}v`;
    empty = vk === 'i' ? (min ? I32_MAX : I32_MIN) : min ? '0xffffffffu' : '0u';
    value = 'b';
  }
  return `{ let k = select(${key}, ${empty}, s.${f}i == ${NONE}); let b = ${best}(k);
    t.${f}i = subgroupMin(select(${NONE}, s.${f}i, k == b)); t.${f}v = ${value}; }`;
}

/**
 * The `enable` directive and the `q_workgroup` function (with the `q_subgroup` it calls)
 * for shaders/reduce.wgsl, from every reduction's subgroupStatements. Invocation 0
 * returns the workgroup's state, as the template's tree does; one barrier instead of two.
 */
export function subgroupWorkgroup(statements: readonly string[]): { enable: string; combine: string } {
  const combine = `
var<workgroup> q_leader: array<u32, WG>;
fn q_subgroup(s: State) -> State {
  var t: State;
${statements.map((s) => `  ${s}`).join('\n')}
  return t;
}
fn q_workgroup(s: State, lid: u32) -> State {
  let t = q_subgroup(s);
  let lead = lid == subgroupMin(lid);
  q_leader[lid] = select(0u, 1u, lead);
  if (lead) { q_shared[lid] = t; }
  workgroupBarrier();
  var w = q_shared[0];
  if (lid == 0u) {
    for (var i = 1u; i < WG; i++) {
      if (q_leader[i] != 0u) { w = q_combine(w, q_shared[i]); }
    }
  }
  return w;
}`;
  return { enable: 'enable subgroups;', combine };
}
