import type { DType } from '../../../graph/dtype.js';
import { sizeOf } from '../../../graph/shape.js';
import type { Load, ReduceKernel, ReduceKind } from '../../../kernel/program.js';
import { KERNEL_FAULTS } from '../../../kernel/faults.js';
import { REDUCTIONS } from '../../../kernel/reductions.js';
import { constantsOf } from '../../../kernel/constants.js';
import { emitBodyFunction } from './body.js';
import { HELPERS } from './helpers.js';
import { convert } from './ops.js';
import { positionFunction } from './position.js';
import { subgroupStatements, subgroupWorkgroup } from './reduce-subgroups.js';
import { grid, ShaderBuilder, type GpuKernel, type DeviceProfile } from './shader.js';
import { splice } from '../templates.js';
import { KIND, WGSL_TYPE, type Kind } from './types.js';

/**
 * Up to this many elements per output, one invocation folds a whole run (the `direct`
 * entry point); longer runs are split into chunks that workgroups fold in parallel.
 * A thread-per-output loop of 256 adds costs less than a second pass over partials.
 */
const DIRECT_RUN = 256;
/** With this many outputs the device is busy with one invocation per output, while LOOP_BUDGET allows the run. */
const DIRECT_OUTPUTS = 16384;
/** Elements each invocation folds per chunk: 32 keeps a chunk (32 x WG) large next to its one partial state. */
const ITEMS = 32;
/**
 * Loop iterations one invocation may run in all. llvmpipe (Mesa's GLES adapter) ends
 * every loop of an invocation once 65,535 iterations have run, counted across all its
 * loops (gallivm's loop limiter), and the result is silently wrong: a `direct` sum of
 * 70,000 ones per output gave 65,535 (test/webgpu/reduce-long-runs.test.ts). The 5,535
 * left over cover the workgroup combine (at most WG iterations) and loops not counted
 * here. `direct` runs only while run x per-element loops fits; `partials` raises its
 * elements per invocation only as far as keeps `finish` (one iteration per chunk) in it.
 */
const LOOP_BUDGET = 60000;
/**
 * Worst-case loop iterations of one call of each library helper that loops, not counting
 * the helpers it calls: Philox's 10 rounds; a u32 power's 32 exponent bits; fmod's two
 * subnormal normalisations (23 each), its long division over the exponent gap (at most
 * 254 + 22 + 1) and the final normalisation (24). A test checks that every helper with
 * a loop is listed.
 */
export const HELPER_LOOPS: Readonly<Record<string, number>> = { q_random: 10, q_pow_u: 32, q_fmod: 347 };

const helperLoopMemo = new Map<string, number>();
/** Worst-case loop iterations of one call of helper `name`, with those of the helpers it calls. */
function helperLoops(name: string): number {
  let n = helperLoopMemo.get(name);
  if (n === undefined) {
    const code = HELPERS[name]!.code;
    n = (HELPER_LOOPS[name] ?? 0) + loopsOf(code.slice(code.indexOf('{')));
    helperLoopMemo.set(name, n);
  }
  return n;
}

/**
 * Worst-case loop iterations of running WGSL `code` once: each call of a helper counts its
 * loops (a call inside a loop of `code` itself is not allowed for: generated bodies have none).
 */
export function loopsOf(code: string): number {
  let n = 0;
  for (const call of code.matchAll(/\b(q_\w+)\(/g)) {
    const name = call[1]!;
    if (name in HELPERS && !code.slice(Math.max(0, call.index - 3), call.index).endsWith('fn ')) n += helperLoops(name);
  }
  return n;
}
/**
 * Invocations per workgroup of kernels that use workgroup memory. SwiftShader's compile
 * time grows with it: a strided fold plus a two-barrier combine compiled fastest at 64
 * of 64, 128 and 256. 64 is also a whole wavefront on AMD and two warps on NVIDIA.
 */
export const SHARED_WG = 64;

/** One reduction's part of the State: its fields, and WGSL for identity, fold, combine and result. */
interface StateSpec {
  readonly fields: readonly (readonly [string, string])[];
  readonly identity: readonly string[];
  /** Statements updating `t` (the State being folded) with value `x` at run index `r`. */
  fold(x: string): string;
  /** Statements setting `t` from `a` and `b` (a covers earlier chunks or lower invocations). */
  combine(): string;
  /** The reduction's result, of its dtype, from state `s`. */
  result(need: ShaderBuilder['need']): string;
}

const ZERO: { [K in Kind]: string } = { f: '0.0f', i: '0i', u: '0u', b: '0u' };
const ONE: { [K in Kind]: string } = { f: '1.0f', i: '1i', u: '1u', b: '1u' };
const NONE = '0xffffffffu';

/**
 * The identity of `op`'s state (kernel/reductions.ts) as WGSL literals, one per field of
 * `kinds`: for the reductions whose WGSL state keeps the table's fields. Extremes keep
 * no `seen` word on the GPU (min/max start from an infinity, argmin/argmax mark an empty
 * state by index NONE), so they state their own.
 */
function tableIdentity(op: ReduceKind, kinds: readonly Kind[]): string[] {
  const identity = REDUCTIONS[op].identity;
  if (identity.length !== kinds.length) throw new Error(`reduce: ${op}'s state has ${identity.length} fields, not ${kinds.length}`);
  return identity.map((x, j) => {
    if (x !== 0 && x !== 1) throw new Error(`reduce: ${op}'s identity ${x} has no WGSL literal`);
    return (x === 0 ? ZERO : ONE)[kinds[j]!];
  });
}

function stateSpec(op: ReduceKind, k: number, valueDType: DType, dtype: DType, ddof: number, b: ShaderBuilder): StateSpec {
  const vk = KIND[valueDType];
  const ak = KIND[dtype];
  const f = `s${k}`;
  const value = (x: string, to: Kind) => convert(x, vk, to, b.need);
  const field = (fields: readonly (readonly [string, string])[], identity: string[], fold: (x: string) => string, combine: string, result: (need: ShaderBuilder['need']) => string): StateSpec => ({
    fields,
    identity,
    fold,
    combine: () => combine,
    result,
  });
  switch (op) {
    case 'sum':
    case 'prod': {
      const bool = ak === 'b';
      const o = op === 'sum' ? (bool ? '|' : '+') : bool ? '&' : '*';
      return field([[f, WGSL_TYPE[ak]]], tableIdentity(op, [ak]), (x) => `t.${f} = t.${f} ${o} ${value(x, ak)};`, `t.${f} = a.${f} ${o} b.${f};`, () => `s.${f}`);
    }
    case 'min':
    case 'max': {
      const min = op === 'min';
      let identity: string;
      let pick: (a: string, x: string) => string;
      if (ak === 'f') {
        b.need('q_f32', min ? 'q_rmin' : 'q_rmax');
        identity = `q_f32(${min ? '0x7f800000u' : '0xff800000u'})`;
        pick = (a, x) => `${min ? 'q_rmin' : 'q_rmax'}(${a}, ${x})`;
      } else {
        identity = ak === 'i' ? (min ? '2147483647i' : 'bitcast<i32>(0x80000000u)') : min ? (ak === 'u' ? '0xffffffffu' : '1u') : '0u';
        pick = (a, x) => `${op}(${a}, ${x})`;
      }
      return field([[f, WGSL_TYPE[ak]]], [identity], (x) => `t.${f} = ${pick(`t.${f}`, value(x, ak))};`, `t.${f} = ${pick(`a.${f}`, `b.${f}`)};`, () => `s.${f}`);
    }
    case 'any':
    case 'all': {
      const o = op === 'any' ? '|' : '&';
      const nz = (x: string) => convert(x, vk, 'b', b.need);
      return field([[f, 'u32']], tableIdentity(op, ['b']), (x) => `t.${f} = t.${f} ${o} ${nz(x)};`, `t.${f} = a.${f} ${o} b.${f};`, (need) => convert(`s.${f}`, 'b', ak, need));
    }
    case 'argmin':
    case 'argmax':
    case 'nanargmin':
    case 'nanargmax': {
      // nanargmin/nanargmax skip NaN (math-reduce.ts), so an index still NONE at the end
      // means an all-NaN run: its result raises the row's fault through the status word.
      const fault = REDUCTIONS[op].fault;
      const plain = op === 'nanargmin' ? 'argmin' : op === 'nanargmax' ? 'argmax' : op;
      const helper = vk === 'f' ? `q_${op}_f` : `q_${plain}_${vk === 'i' ? 'i' : 'u'}`;
      b.need(helper);
      const take = (av: string, ai: string, bv: string, bi: string) => `${helper}(${av}, ${ai}, ${bv}, ${bi})`;
      const index = (need: ShaderBuilder['need']) => {
        if (fault === undefined) return `s.${f}i`;
        need('q_arg_found');
        return `q_arg_found(s.${f}i, ${KERNEL_FAULTS[fault].code}u)`;
      };
      return field(
        [[`${f}v`, WGSL_TYPE[vk]], [`${f}i`, 'u32']],
        [ZERO[vk], NONE],
        (x) => `if (${take(`t.${f}v`, `t.${f}i`, x, 'r')}) { t.${f}v = ${x}; t.${f}i = r; }`,
        `if (${take(`a.${f}v`, `a.${f}i`, `b.${f}v`, `b.${f}i`)}) { t.${f}v = b.${f}v; t.${f}i = b.${f}i; } else { t.${f}v = a.${f}v; t.${f}i = a.${f}i; }`,
        (need) => convert(index(need), 'u', ak, need),
      );
    }
    case 'var': {
      // Welford's update per element, Chan, Golub and LeVeque's merge across states: the
      // one-pass equivalent of the reference's two-pass blocks.
      return field(
        [[`${f}n`, 'u32'], [`${f}m`, 'f32'], [`${f}q`, 'f32']],
        tableIdentity(op, ['u', 'f', 'f']),
        (x) => `{ let y = ${value(x, 'f')}; t.${f}n = t.${f}n + 1u; let d = y - t.${f}m; t.${f}m = t.${f}m + d / f32(t.${f}n); t.${f}q = t.${f}q + d * (y - t.${f}m); }`,
        `if (a.${f}n == 0u) { t.${f}n = b.${f}n; t.${f}m = b.${f}m; t.${f}q = b.${f}q; }
  else if (b.${f}n == 0u) { t.${f}n = a.${f}n; t.${f}m = a.${f}m; t.${f}q = a.${f}q; }
  else {
    let n = a.${f}n + b.${f}n;
    let d = b.${f}m - a.${f}m;
    let wb = f32(b.${f}n) / f32(n);
    t.${f}n = n;
    t.${f}m = a.${f}m + d * wb;
    t.${f}q = a.${f}q + b.${f}q + d * d * f32(a.${f}n) * wb;
  }`,
        () => `q_var_result(s.${f}n, s.${f}q, ${ddof}.0f)`,
      );
    }
    default:
      return op satisfies never;
  }
}

/**
 * A reduction kernel from shaders/reduce.wgsl: the fused prologue is folded into one
 * State per output (every reduction of the kernel at once, so `mean` and `std` of x
 * share one read of x), and the fused epilogue maps the results to the outputs.
 */
export function reduceKernel(p: ReduceKernel, random: readonly Load[], limits: DeviceProfile, template: string): GpuKernel {
  const b = new ShaderBuilder(random, constantsOf(p), limits);
  const shape = p.body.shape;
  const kept = shape.map((_, i) => i).filter((i) => !p.axes.includes(i));
  const outputs = sizeOf(kept.map((d) => shape[d]!));
  const run = sizeOf(p.axes.map((d) => shape[d]!));
  const specs = p.reductions.map((r, k) => stateSpec(r.op, k, p.body.instrs[r.ref]!.dtype, r.dtype, r.ddof ?? 0, b));
  if (p.reductions.some((r) => r.op === 'var')) b.need('q_var_result');
  const fields = specs.flatMap((s) => s.fields);
  // Workgroup memory holds WG states: fewer invocations for kernels with many reductions.
  let wg = 1;
  while (wg * 2 <= Math.min(SHARED_WG, limits.maxInvocations, limits.maxWorkgroupSizeX) && wg * 2 * fields.length * 4 <= limits.maxWorkgroupStorage) wg *= 2;
  const prologue = emitBodyFunction('q_prologue', p.body, p.reductions.map((r) => r.ref), b);
  const epilogue = emitBodyFunction('q_epi', p.epilogue, p.outputs.map((o) => o.ref), b, p.reductions.map((r) => r.dtype));
  const stores = p.outputs.map((o) => `  ${b.slot(o.slot, o.dtype, true)}[o] = e.v${o.ref};`);
  // Declared in every module (the template's `partials` and `finish` read it), bound only as a stub when direct.
  b.scratch(0, 'q_partials', 'State');

  const state = [
    `struct State { ${fields.map(([n, t]) => `${n}: ${t}`).join(', ')} }`,
    `fn q_identity() -> State { return State(${specs.flatMap((s) => s.identity).join(', ')}); }`,
    'fn q_combine(a: State, b: State) -> State {',
    '  var t: State;',
    ...specs.map((s) => `  ${s.combine()}`),
    '  return t;',
    '}',
  ].join('\n');
  const fold = [
    positionFunction('q_pos', shape, kept, p.axes),
    prologue,
    'fn q_fold(s: State, o: u32, r: u32) -> State {',
    '  let v = q_prologue(q_pos(o, r));',
    '  var t = s;',
    ...specs.map((s, k) => `  ${s.fold(`v.v${p.reductions[k]!.ref}`)}`),
    '  return t;',
    '}',
  ].join('\n');
  const results = specs.map((s) => s.result(b.need));
  const finish = [
    epilogue,
    'fn q_epilogue(o: u32, s: State) {',
    `  let e = q_epi(o${results.map((r) => `, ${r}`).join('')});`,
    ...stores,
    '}',
  ].join('\n');
  // Loop iterations per element (the fold's helpers' loops plus the run loop's own) and per output.
  const perElement = 1 + loopsOf(fold);
  const perOutput = loopsOf(finish);
  const direct = (run <= DIRECT_RUN || outputs >= DIRECT_OUTPUTS) && run * perElement + perOutput <= LOOP_BUDGET;
  // ITEMS elements per invocation, or with outputs enough to occupy the device one
  // workgroup per output, as far as the fold's loops allow; more where `finish` would
  // combine more chunks than the budget allows (past 120M elements per output at WG 64).
  const most = Math.max(1, Math.floor(LOOP_BUDGET / perElement));
  const wanted = outputs >= DIRECT_OUTPUTS ? Math.ceil(run / wg) : ITEMS;
  const items = Math.max(Math.min(wanted, most), Math.ceil(run / (wg * Math.max(1, LOOP_BUDGET - perOutput))));
  const chunk = wg * items;
  const chunks = Math.max(1, Math.ceil(run / chunk));
  // Two levels of sqrt(WG) combines each (16 x 16 for 256 invocations).
  const per = 2 ** Math.ceil(Math.log2(wg) / 2);
  const sizes = [
    `const WG: u32 = ${wg}u;`,
    `const Q_OUTPUTS: u32 = ${outputs}u;`,
    `const Q_RUN: u32 = ${run}u;`,
    `const Q_CHUNK: u32 = ${chunk}u;`,
    `const Q_CHUNKS: u32 = ${chunks}u;`,
    `const Q_GROUPS: u32 = ${wg / per}u;`,
    `const Q_PER: u32 = ${per}u;`,
  ].join('\n');
  // Only `partials` combines within a workgroup; direct kernels keep one module for every adapter.
  const subgroups = limits.subgroups && !direct;
  const workgroup = subgroups
    ? subgroupWorkgroup(p.reductions.map((r, k) => subgroupStatements(r.op, k, KIND[p.body.instrs[r.ref]!.dtype], KIND[r.dtype], b.need)))
    : { enable: '', combine: 'fn q_workgroup(s: State, lid: u32) -> State { return q_tree(s, lid); }' };
  const code = splice(template, {
    enable: workgroup.enable,
    sizes,
    bindings: b.declarations(),
    state,
    'fused-prologue': fold,
    'fused-epilogue': finish,
    'workgroup-combine': workgroup.combine,
  });
  const perInvocation = grid(Math.ceil(outputs / wg), limits);
  return {
    label: `reduce ${p.reductions.map((r) => r.op).join('+')}${subgroups ? ' (subgroups)' : ''}`,
    code,
    bindings: b.bindings(),
    status: b.status,
    passes: direct
      ? [{ entry: 'direct', dispatch: perInvocation }]
      : [
          { entry: 'partials', dispatch: grid(outputs * chunks, limits) },
          { entry: 'finish', dispatch: perInvocation },
        ],
    scratch: [direct ? 4 : outputs * chunks * fields.length * 4],
  };
}
