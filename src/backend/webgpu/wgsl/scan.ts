import { sizeOf } from '../../../graph/shape.js';
import type { Load, ScanKernel } from '../../../kernel/program.js';
import { constantsOf } from '../../../kernel/constants.js';
import { emitBodyFunction } from './body.js';
import { convert } from './ops.js';
import { positionFunction } from './position.js';
import { SHARED_WG } from './reduce.js';
import { grid, ShaderBuilder, workgroupSize, type GpuKernel, type DeviceProfile } from './shader.js';
import { splice } from '../templates.js';
import { KIND, WGSL_TYPE } from './types.js';

/**
 * Lanes up to this long are scanned by one invocation each, in the reference's order
 * (bit-identical float32 running sums); so is any scan with this many lanes, which
 * keeps the device busy anyway. Longer, fewer lanes are scanned in parallel chunks.
 */
const DIRECT_LEN = 2048;
const DIRECT_LANES = 4096;
/** Elements each invocation scans in registers: a chunk is 16 x WG elements. */
const ITEMS = 16;

/** cumsum / cumprod from shaders/scan.wgsl with the fused prologue spliced in. */
export function scanKernel(p: ScanKernel, random: readonly Load[], limits: DeviceProfile, template: string): GpuKernel {
  const b = new ShaderBuilder(random, constantsOf(p), limits);
  const shape = p.body.shape;
  const len = shape[p.axis]!;
  const lanes = len === 0 ? 0 : sizeOf(shape) / len;
  const out = p.outputs[0]!;
  const k = KIND[out.dtype];
  const type = WGSL_TYPE[k];
  const wg = workgroupSize(limits, SHARED_WG);
  const per = 2 ** Math.ceil(Math.log2(wg) / 2);
  const chunk = wg * ITEMS;
  const chunks = Math.max(1, Math.ceil(len / chunk));
  const direct = len <= DIRECT_LEN || lanes >= DIRECT_LANES;

  const prologue = emitBodyFunction('q_prologue', p.body, [p.ref], b);
  const value = convert(`q_prologue(pos).v${p.ref}`, KIND[p.body.instrs[p.ref]!.dtype], k, b.need);
  const sum = p.op === 'cumsum';
  // A running sum starts at -0, the identity of addition (as the reference's); from its bits, since compilers may fold a -0.0 literal to +0.
  const identity = sum ? (k === 'f' ? 'bitcast<f32>(0x80000000u)' : k === 'i' ? '0i' : '0u') : k === 'f' ? '1.0f' : k === 'i' ? '1i' : '1u';
  const op = k === 'b' ? (sum ? '|' : '&') : sum ? '+' : '*';
  const target = b.slot(out.slot, out.dtype, true);
  b.scratch(0, 'q_totals', type);
  const others = shape.map((_, i) => i).filter((i) => i !== p.axis);
  const code = splice(template, {
    sizes: [
      `const WG: u32 = ${wg}u;`,
      `const Q_LANES: u32 = ${lanes}u;`,
      `const Q_LEN: u32 = ${len}u;`,
      `const Q_ITEMS: u32 = ${ITEMS}u;`,
      `const Q_CHUNK: u32 = ${chunk}u;`,
      `const Q_CHUNKS: u32 = ${chunks}u;`,
      `const Q_GROUPS: u32 = ${wg / per}u;`,
      `const Q_PER: u32 = ${per}u;`,
    ].join('\n'),
    bindings: b.declarations(),
    op: [
      `alias T = ${type};`,
      `fn q_identity() -> T { return ${identity}; }`,
      `fn q_op(a: T, b: T) -> T { return a ${op} b; }`,
      positionFunction('q_pos', shape, others, [p.axis]),
      `fn q_store(pos: u32, v: T) { ${target}[pos] = v; }`,
    ].join('\n'),
    'fused-prologue': [prologue, `fn q_value(pos: u32) -> T { return ${value}; }`].join('\n'),
  });
  const perLane = grid(Math.ceil(lanes / wg), limits);
  const perChunk = grid(lanes * chunks, limits);
  return {
    label: p.op,
    code,
    bindings: b.bindings(),
    status: b.status,
    passes: direct
      ? [{ entry: 'direct', dispatch: perLane }]
      : [
          { entry: 'totals', dispatch: perChunk },
          { entry: 'carries', dispatch: perLane },
          { entry: 'apply', dispatch: perChunk },
        ],
    scratch: [direct ? 4 : lanes * chunks * 4],
  };
}
