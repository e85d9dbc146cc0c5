import { contiguousStrides, sizeOf } from '../../../graph/shape.js';
import type { Load, OpaqueKernel } from '../../../kernel/program.js';
import { constantsOf } from '../../../kernel/constants.js';
import { emitBodyFunction } from './body.js';
import { convert, Unsupported } from './ops.js';
import { grid, ShaderBuilder, workgroupSize, type GpuKernel, type DeviceProfile } from './shader.js';
import { KIND } from './types.js';

/** Status code of an index out of bounds: the backend reruns the plan on the CPU, which raises the reference's IndexError. */
export const STATUS_INDEX = 2;

/**
 * take, take_along_axis, concatenate and groupSlots: one invocation per output element computes
 * where its value comes from and evaluates that input's fused prologue there, so no
 * input is stored first. A bad index sets the status word instead of reading.
 */
export function gatherKernel(p: OpaqueKernel, random: readonly Load[], limits: DeviceProfile): GpuKernel {
  const b = new ShaderBuilder(random, constantsOf(p), limits);
  const out = p.outputs[0]!;
  const n = sizeOf(p.shape);
  const wg = workgroupSize(limits);
  const bodies = p.inputs.map((body, k) => emitBodyFunction(`q_in${k}`, body, [p.refs[k]!], b));
  const value = (k: number, pos: string) => convert(`q_in${k}(${pos}).v${p.refs[k]}`, KIND[p.inputs[k]!.instrs[p.refs[k]!]!.dtype], KIND[out.dtype], b.need);
  let code: string;
  switch (p.op) {
    case 'gather':
    case 'gatherAlong':
      code = p.op === 'gather' ? takeCode(p, value, b) : takeAlongCode(p, value, b);
      break;
    case 'concat':
      code = concatCode(p, value);
      break;
    case 'groupSlots':
      code = slotsCode(p, value);
      break;
    default:
      throw new Unsupported(`${p.op} is not a gather`);
  }
  const target = b.slot(out.slot, out.dtype, true);
  const source = b.source(`
${bodies.join('\n\n')}

${code}

@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let pos = gid.x + gid.y * (nwg.x * ${wg}u);
  if (pos >= ${n}u) { return; }
  ${target}[pos] = q_element(pos);
}`);
  return { label: p.op, code: source, bindings: b.bindings(), status: b.status, passes: [{ entry: 'main', dispatch: grid(Math.ceil(n / wg), limits) }], scratch: [] };
}

type Value = (input: number, pos: string) => string;

/** An index read from input 1 at `pos`, resolved against `size` (negative counts from the end); out of bounds fails. */
function indexAt(p: OpaqueKernel, pos: string, size: number, b: ShaderBuilder): string {
  const kind = KIND[p.inputs[1]!.instrs[p.refs[1]!]!.dtype];
  if (kind !== 'i' && kind !== 'u') throw new Unsupported(`${p.op} with ${kind} indices`);
  b.need('q_status');
  const raw = `q_in1(${pos}).v${p.refs[1]}`;
  const lines =
    kind === 'i'
      ? [`  let raw = ${raw};`, `  if (raw < -${size}i || raw >= ${size}i) { q_fail(${STATUS_INDEX}u); return 0u; }`, `  return u32(select(raw, raw + ${size}i, raw < 0i));`]
      : [`  let raw = ${raw};`, `  if (raw >= ${size}u) { q_fail(${STATUS_INDEX}u); return 0u; }`, '  return raw;'];
  return [`fn q_index(pos: u32) -> u32 {`, ...lines, '}'].join('\n');
}

/** np.take: out is x.shape[:axis] + indices.shape + x.shape[axis+1:]. */
function takeCode(p: OpaqueKernel, value: Value, b: ShaderBuilder): string {
  const xs = p.inputs[0]!.shape;
  const axis = p.axis;
  const size = xs[axis]!;
  const inner = sizeOf(xs.slice(axis + 1));
  const count = sizeOf(p.inputs[1]!.shape);
  return [
    indexAt(p, 'pos', size, b),
    `fn q_element(pos: u32) -> ${typeOfOut(p)} {`,
    `  let c = pos % ${Math.max(1, inner)}u;`,
    `  let t = (pos / ${Math.max(1, inner)}u) % ${Math.max(1, count)}u;`,
    `  let a = pos / ${Math.max(1, inner * count)}u;`,
    `  let j = q_index(t);`,
    `  return ${value(0, `(a * ${size}u + j) * ${inner}u + c`)};`,
    '}',
  ].join('\n');
}

/** np.take_along_axis: the output has the indices' shape; its coordinate along `axis` is replaced by the index. */
function takeAlongCode(p: OpaqueKernel, value: Value, b: ShaderBuilder): string {
  const xs = p.inputs[0]!.shape;
  const axis = p.axis;
  const os = contiguousStrides(p.shape);
  const xStrides = contiguousStrides(xs);
  const terms = p.shape.map((d, i) => (i === axis ? `j * ${xStrides[i]}u` : `((pos / ${os[i]}u) % ${Math.max(1, d)}u) * ${xStrides[i]}u`));
  return [indexAt(p, 'pos', xs[axis]!, b), `fn q_element(pos: u32) -> ${typeOfOut(p)} {`, '  let j = q_index(pos);', `  return ${value(0, terms.join(' + ') || '0u')};`, '}'].join('\n');
}

/** np.concatenate: each output row along `axis` is the inputs' rows one after another. */
function concatCode(p: OpaqueKernel, value: Value): string {
  const runs = p.inputs.map((body) => sizeOf(body.shape.slice(p.axis)));
  const total = runs.reduce((a, r) => a + r, 0);
  const lines = [`fn q_element(pos: u32) -> ${typeOfOut(p)} {`, `  let a = pos / ${Math.max(1, total)}u;`, `  let r = pos % ${Math.max(1, total)}u;`];
  let start = 0;
  runs.forEach((run, k) => {
    if (run > 0) lines.push(`  if (r < ${start + run}u) { return ${value(k, `a * ${run}u + (r - ${start}u)`)}; }`);
    start += run;
  });
  const zero = { f: '0.0f', i: '0i', u: '0u', b: '0u' }[KIND[p.outputs[0]!.dtype]];
  lines.push(`  return ${zero};`, '}');
  return lines.join('\n');
}

/**
 * groupSlots: the mixed-radix slot of the row's keys in wrapping i32 arithmetic, as the
 * wasm loop computes it, or -1 where a nullable key is negative. Bases are written as
 * bit patterns: -2147483648i is not a WGSL literal.
 */
function slotsCode(p: OpaqueKernel, value: Value): string {
  const { base, stride, nullable } = p.slots!;
  const lines = ['fn q_element(pos: u32) -> i32 {', '  var slot = 0i;'];
  p.inputs.forEach((_, k) => {
    lines.push(`  let k${k} = ${value(k, 'pos')};`);
    if (nullable[k]) lines.push(`  if (k${k} < 0i) { return -1i; }`);
    lines.push(`  slot = slot + (k${k} - bitcast<i32>(${base[k]! >>> 0}u)) * ${stride[k]}i;`);
  });
  lines.push('  return slot;', '}');
  return lines.join('\n');
}

const typeOfOut = (p: OpaqueKernel) => ({ f: 'f32', i: 'i32', u: 'u32', b: 'u32' })[KIND[p.outputs[0]!.dtype]];
