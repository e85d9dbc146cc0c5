import { sizeOf } from '../../../graph/shape.js';
import type { ContractionKernel, Load } from '../../../kernel/program.js';
import { constantsOf } from '../../../kernel/constants.js';
import { emitBodyFunction } from './body.js';
import { convert, Unsupported } from './ops.js';
import { grid, ShaderBuilder, workgroupSize, type GpuKernel, type DeviceProfile, type PassSpec } from './shader.js';
import { splice } from '../templates.js';
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
/**
 * K one invocation walks: a longer K is split into chunks summed by a second pass.
 * llvmpipe (Mesa over GLES) stops an invocation's loops after about 65,535 iterations
 * in all: (4 x K) @ (K x 4) of ones gave 29,121 for K = 40,000 and 70,000, i.e. 1,820
 * slices of TK at about 36 counted iterations a slice (the slice loop, the two staging
 * loops and the q loop; the fixed RM / RN loops unroll), while K = 4,096 was right.
 * 8,192 (512 slices, about 18,400 iterations; 22,500 with a 4 x 8 workgroup's longer
 * staging) keeps a margin of 3x, and leaves every K up to it on the one-pass kernel.
 */
const K_CHUNK = 8192;

/** Batched matmul from shaders/matmul.wgsl with the prologues of A and B and the epilogue spliced in. */
export function contractionKernel(p: ContractionKernel, random: readonly Load[], limits: DeviceProfile, template: string): GpuKernel {
  const b = new ShaderBuilder(random, constantsOf(p), limits);
  const out = p.epilogue.shape;
  const [n, m] = [out.at(-2)!, out.at(-1)!];
  const k = p.a.shape.at(-1)!;
  const batch = sizeOf(out.slice(0, -2));
  const chunks = Math.max(1, Math.ceil(k / K_CHUNK));
  if (batch * chunks > limits.maxWorkgroupsPerDimension) {
    throw new Unsupported(`matmul batch of ${batch}${chunks > 1 ? ` x ${chunks} chunks of K` : ''} exceeds the device's ${limits.maxWorkgroupsPerDimension} workgroups per dimension`);
  }
  // An 8 x 8 workgroup where the device allows (compatibility mode allows 128 invocations, core 256).
  let tx = 8;
  let ty = 8;
  while (tx * ty > limits.maxInvocations) ty /= 2;
  if ((ty * RM + tx * RN) * TK * 4 > limits.maxWorkgroupStorage) throw new Unsupported('matmul tiles exceed workgroup memory');
  const kind = KIND[p.dtype];
  const type = WGSL_TYPE[kind];
  const madd = kind === 'b' ? 'acc | (x & y)' : 'acc + x * y';
  const add = kind === 'b' ? 'x | y' : 'x + y';
  // The chunks' partial blocks of C, only when K is split: the one-chunk kernel binds what it always did.
  const part = chunks > 1 ? b.scratch(0, 'q_part', type) : undefined;

  const prologueA = emitBodyFunction('q_pa', p.a, [p.aRef], b);
  const prologueB = emitBodyFunction('q_pb', p.b, [p.bRef], b);
  const epilogue = emitBodyFunction('q_epi', p.epilogue, p.outputs.map((o) => o.ref), b, [p.dtype]);
  const valueA = convert(`q_pa((t * ${n}u + i) * ${k}u + q).v${p.aRef}`, KIND[p.a.instrs[p.aRef]!.dtype], kind, b.need);
  const valueB = convert(`q_pb((t * ${k}u + q) * ${m}u + j).v${p.bRef}`, KIND[p.b.instrs[p.bRef]!.dtype], kind, b.need);
  const stores = p.outputs.map((o) => `  ${b.slot(o.slot, o.dtype, true)}[pos] = e.v${o.ref};`);
  const code = splice(template, {
    sizes: Object.entries({ TX: tx, TY: ty, RM, RN, TK, Q_N: n, Q_M: m, Q_K: k, Q_CHUNK: Math.min(k, K_CHUNK), Q_CHUNKS: chunks })
      .map(([name, v]) => `const ${name}: u32 = ${v}u;`)
      .join('\n'),
    bindings: b.declarations(),
    types: [
      `alias T = ${type};`,
      `fn q_zero() -> T { return ${kind === 'f' ? '0.0f' : kind === 'i' ? '0i' : '0u'}; }`,
      `fn q_madd(acc: T, x: T, y: T) -> T { return ${madd}; }`,
      `fn q_add(x: T, y: T) -> T { return ${add}; }`,
    ].join('\n'),
    'fused-prologue': [prologueA, prologueB, `fn q_a(t: u32, i: u32, q: u32) -> T { return ${valueA}; }`, `fn q_b(t: u32, q: u32, j: u32) -> T { return ${valueB}; }`].join('\n'),
    'fused-epilogue': [epilogue, 'fn q_epilogue(t: u32, i: u32, j: u32, acc: T) {', `  let pos = (t * ${n}u + i) * ${m}u + j;`, '  let e = q_epi(pos, acc);', ...stores, '}'].join('\n'),
    chunks: part === undefined ? 'fn q_store(t: u32, chunk: u32, i: u32, j: u32, acc: T) { q_epilogue(t, i, j, acc); }' : combineCode(part, workgroupSize(limits), batch),
  });
  const empty = n * m * batch === 0;
  const groups = [Math.ceil(m / (tx * RN)), Math.ceil(n / (ty * RM))];
  if (groups.some((g) => g > limits.maxWorkgroupsPerDimension)) throw new Unsupported(`matmul of ${n} x ${m} needs more workgroups than the device allows per dimension`);
  const passes: PassSpec[] = [{ entry: 'main', dispatch: empty ? [0, 0, 0] : [groups[0]!, groups[1]!, batch * chunks] }];
  if (part !== undefined) passes.push({ entry: 'combine', dispatch: grid(Math.ceil((batch * n * m) / workgroupSize(limits)), limits) });
  return {
    label: 'matmul',
    code,
    bindings: b.bindings(),
    status: b.status,
    passes,
    // Each chunk's partial C, chunk-major within a batch entry.
    scratch: part === undefined ? [] : [batch * chunks * n * m * 4],
  };
}

/**
 * The @chunks region when K is split: `main` stores each chunk's partial block, and
 * `combine` (one invocation per element of C) adds them in chunk order, then runs the
 * epilogue. Q_CHUNKS iterations an invocation: 8,192 of them would need K past 2^26.
 */
function combineCode(part: string, wg: number, batch: number): string {
  return `fn q_store(t: u32, chunk: u32, i: u32, j: u32, acc: T) { ${part}[((t * Q_CHUNKS + chunk) * Q_N + i) * Q_M + j] = acc; }

const WG: u32 = ${wg}u;
const Q_BATCH: u32 = ${batch}u;

@compute @workgroup_size(WG)
fn combine(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * (nwg.x * WG);
  if (e >= Q_BATCH * Q_N * Q_M) { return; }
  let t = e / (Q_N * Q_M);
  let ij = e % (Q_N * Q_M);
  var acc = q_zero();
  for (var chunk = 0u; chunk < Q_CHUNKS; chunk++) { acc = q_add(acc, ${part}[(t * Q_CHUNKS + chunk) * Q_N * Q_M + ij]); }
  q_epilogue(t, ij / Q_M, ij % Q_M, acc);
}`;
}
