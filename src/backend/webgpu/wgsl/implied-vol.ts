import { sizeOf } from '../../../graph/shape.js';
import type { Load, OpaqueKernel } from '../../../kernel/program.js';
import { constantsOf } from '../../../kernel/constants.js';
import { splice } from '../templates.js';
import { emitBodyFunction } from './body.js';
import { f32 } from './literals.js';
import { convert, Unsupported } from './ops.js';
import { grid, ShaderBuilder, workgroupSize, type GpuKernel, type DeviceProfile } from './shader.js';
import { KIND } from './types.js';

/** The fields of shaders/implied-vol.wgsl's Quote, in the op's input order. */
const FIELDS = ['price', 'spot', 'strike', 'time', 'rate', 'dividend', 'call'] as const;

/**
 * impliedVol from shaders/implied-vol.wgsl: one invocation per option evaluates the seven
 * inputs' fused prologues at its position and iterates in f32 (float64 programs run on
 * the CPU, route.ts), with the library's exp, log, erfc and sqrt (wgsl/math-*.ts). The
 * tolerance and the iteration bound are part of the program, so of its cache key.
 */
export function impliedVolKernel(p: OpaqueKernel, random: readonly Load[], limits: DeviceProfile, template: string): GpuKernel {
  const b = new ShaderBuilder(random, constantsOf(p), limits);
  const out = p.outputs[0]!;
  if (KIND[out.dtype] !== 'f') throw new Unsupported(`impliedVol over ${out.dtype}`);
  const n = sizeOf(p.shape.slice(1));
  const { tolerance, maxIterations } = p.solver!;
  if (!Number.isFinite(Math.fround(tolerance))) throw new Unsupported(`impliedVol with tolerance ${tolerance}, which f32 cannot hold`);
  const wg = workgroupSize(limits, 64);
  const bodies = p.inputs.map((body, k) => emitBodyFunction(`iv_in${k}`, body, [p.refs[k]!], b));
  const values = p.inputs.map((body, k) => convert(`iv_in${k}(pos).v${p.refs[k]}`, KIND[body.instrs[p.refs[k]!]!.dtype], 'f', b.need));
  b.need('q_f32', 'q_isnan', 'q_exp', 'q_log', 'q_sqrt', 'q_erfc');
  const target = b.slot(out.slot, out.dtype, true);
  const quote = FIELDS.map((f, k) => (f === 'call' ? `${values[k]} != 0.0f` : values[k]!));
  const code = splice(template, {
    sizes: [`const WG: u32 = ${wg}u;`, `const IV_N: u32 = ${n}u;`, `const IV_TOLERANCE: f32 = ${f32(tolerance)};`, `const IV_MAX_ITERATIONS: u32 = ${maxIterations}u;`].join('\n'),
    bindings: b.declarations(),
    math: '// q_f32, q_isnan, q_exp, q_log, q_sqrt and q_erfc: the library\'s, declared with the bindings.',
    'fused-prologue': [...bodies, `fn iv_quote(pos: u32) -> Quote {\n  return Quote(${quote.join(', ')});\n}`].join('\n\n'),
    op: `fn iv_store(pos: u32, row: u32, v: f32) { ${target}[row * IV_N + pos] = v; }`,
  });
  return { label: p.op, code, bindings: b.bindings(), status: b.status, passes: [{ entry: 'main', dispatch: grid(Math.ceil(n / wg), limits) }], scratch: [] };
}
