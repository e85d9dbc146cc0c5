import { sizeOf } from '../../../graph/shape.js';
import type { ContractionKernel, Load } from '../../../kernel/program.js';
import { emitBodyFunction } from './body.js';
import { convert, Unsupported } from './ops.js';
import { floatConstants, ShaderBuilder, type GpuKernel, type DeviceProfile } from './shader.js';
import { splice } from './template.js';
import { KIND, WGSL_TYPE } from './types.js';

/**
 * Register block per invocation and K slice per stage. 4 x 4 accumulators and a 16-deep
 * slice keep staged tiles at (TM + TN) * 16 words = 4 KiB for an 8 x 8 workgroup, a
 * quarter of the smallest workgroup memory WebGPU guarantees (16 KiB), and each staged
 * word is read 4 times from registers' worth of reuse.
 */
const RM = 4;
const RN = 4;
const TK = 16;

/** Batched matmul from shaders/matmul.wgsl with the prologues of A and B and the epilogue spliced in. */
export function contractionKernel(p: ContractionKernel, random: readonly Load[], limits: DeviceProfile, template: string): GpuKernel {
  const b = new ShaderBuilder(random, floatConstants(p), limits);
  const out = p.epilogue.shape;
  const [n, m] = [out.at(-2)!, out.at(-1)!];
  const k = p.a.shape.at(-1)!;
  const batch = sizeOf(out.slice(0, -2));
  if (batch > limits.maxWorkgroupsPerDimension) throw new Unsupported(`matmul batch of ${batch} exceeds the device's ${limits.maxWorkgroupsPerDimension} workgroups per dimension`);
  // An 8 x 8 workgroup where the device allows (compatibility mode allows 128 invocations, core 256).
  let tx = 8;
  let ty = 8;
  while (tx * ty > limits.maxInvocations) ty /= 2;
  if ((ty * RM + tx * RN) * TK * 4 > limits.maxWorkgroupStorage) throw new Unsupported('matmul tiles exceed workgroup memory');
  const kind = KIND[p.dtype];
  const type = WGSL_TYPE[kind];
  const madd = kind === 'b' ? 'acc | (x & y)' : 'acc + x * y';

  const prologueA = emitBodyFunction('q_pa', p.a, [p.aRef], b);
  const prologueB = emitBodyFunction('q_pb', p.b, [p.bRef], b);
  const epilogue = emitBodyFunction('q_epi', p.epilogue, p.outputs.map((o) => o.ref), b, [p.dtype]);
  const valueA = convert(`q_pa((t * ${n}u + i) * ${k}u + q).v${p.aRef}`, KIND[p.a.instrs[p.aRef]!.dtype], kind, b.need);
  const valueB = convert(`q_pb((t * ${k}u + q) * ${m}u + j).v${p.bRef}`, KIND[p.b.instrs[p.bRef]!.dtype], kind, b.need);
  const stores = p.outputs.map((o) => `  ${b.slot(o.slot, o.dtype, true)}[pos] = e.v${o.ref};`);
  const code = splice(template, {
    sizes: [`const TX: u32 = ${tx}u;`, `const TY: u32 = ${ty}u;`, `const RM: u32 = ${RM}u;`, `const RN: u32 = ${RN}u;`, `const TK: u32 = ${TK}u;`, `const Q_N: u32 = ${n}u;`, `const Q_M: u32 = ${m}u;`, `const Q_K: u32 = ${k}u;`].join('\n'),
    bindings: b.declarations(),
    types: [`alias T = ${type};`, `fn q_zero() -> T { return ${kind === 'f' ? '0.0f' : kind === 'i' ? '0i' : '0u'}; }`, `fn q_madd(acc: T, x: T, y: T) -> T { return ${madd}; }`].join('\n'),
    'fused-prologue': [prologueA, prologueB, `fn q_a(t: u32, i: u32, q: u32) -> T { return ${valueA}; }`, `fn q_b(t: u32, q: u32, j: u32) -> T { return ${valueB}; }`].join('\n'),
    'fused-epilogue': [epilogue, 'fn q_epilogue(t: u32, i: u32, j: u32, acc: T) {', `  let pos = (t * ${n}u + i) * ${m}u + j;`, '  let e = q_epi(pos, acc);', ...stores, '}'].join('\n'),
  });
  const empty = n * m * batch === 0;
  const groups = [Math.ceil(m / (tx * RN)), Math.ceil(n / (ty * RM))];
  if (groups.some((g) => g > limits.maxWorkgroupsPerDimension)) throw new Unsupported(`matmul of ${n} x ${m} needs more workgroups than the device allows per dimension`);
  return {
    label: 'matmul',
    code,
    bindings: b.bindings(),
    status: b.status,
    passes: [{ entry: 'main', dispatch: empty ? [0, 0, 0] : [groups[0]!, groups[1]!, batch] }],
    scratch: [],
  };
}
