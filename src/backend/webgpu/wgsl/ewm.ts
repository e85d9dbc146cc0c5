import { sizeOf } from '../../../graph/shape.js';
import type { EwmOp } from '../../../graph/ops.js';
import type { Load, ScanKernel } from '../../../kernel/program.js';
import { constantsOf } from '../../../kernel/constants.js';
import { emitBodyFunction } from './body.js';
import { f32 } from './literals.js';
import { convert } from './ops.js';
import { positionFunction } from './position.js';
import { grid, ShaderBuilder, workgroupSize, type GpuKernel, type DeviceProfile } from './shader.js';
import { splice } from '../templates.js';
import { KIND } from './types.js';

/** Each op's statistic code: shaders/ewm.wgsl names them (E_MEAN, ...) from the constants this file writes, and compares E_STAT with those names. */
const STAT: { readonly [O in EwmOp]: number } = { ewmMean: 0, ewmVar: 1, ewmStd: 2 };

/**
 * An exponentially weighted statistic from shaders/ewm.wgsl, the fused prologue spliced
 * in: one invocation per lane runs the recursion over it (float32 only; float64 programs
 * run on the CPU, route.ts). α and the flags are part of the program, so of its cache key.
 */
export function ewmKernel(p: ScanKernel, random: readonly Load[], limits: DeviceProfile, template: string): GpuKernel {
  const b = new ShaderBuilder(random, constantsOf(p), limits);
  const shape = p.body.shape;
  const len = shape[p.axis]!;
  const lanes = len === 0 ? 0 : sizeOf(shape) / len;
  const out = p.outputs[0]!;
  const { alpha, adjust, ignoreNa, minPeriods, bias } = p.ewm!;
  const wg = workgroupSize(limits, 64);
  // (1-α)² as float32 squares float32 (1-α): before a second observation the unbiased
  // variance's (Σw)² - Σw² must then come out exactly 0 (NaN), as in float64.
  const decay = Math.fround(1 - alpha);
  const prologue = emitBodyFunction('e_prologue', p.body, [p.ref], b);
  const value = convert(`e_prologue(pos).v${p.ref}`, KIND[p.body.instrs[p.ref]!.dtype], 'f', b.need);
  const target = b.slot(out.slot, out.dtype, true);
  const others = shape.map((_, i) => i).filter((i) => i !== p.axis);
  const code = splice(template, {
    sizes: [
      `const WG: u32 = ${wg}u;`,
      `const E_LANES: u32 = ${lanes}u;`,
      `const E_LEN: u32 = ${len}u;`,
      // Beyond the lane's length a minPeriods gates every row as len + 1 does: it fits u32.
      `const E_MIN_PERIODS: u32 = ${Math.min(minPeriods, len + 1)}u;`,
      `const E_DECAY: f32 = ${f32(decay)};`,
      `const E_DECAY2: f32 = ${f32(decay * decay)};`,
      `const E_NEW_WEIGHT: f32 = ${f32(adjust ? 1 : alpha)};`,
      `const E_ADJUST: bool = ${adjust};`,
      `const E_IGNORE_NA: bool = ${ignoreNa};`,
      `const E_BIAS: bool = ${bias};`,
      ...Object.entries(STAT).map(([op, c]) => `const E_${op.slice('ewm'.length).toUpperCase()}: u32 = ${c}u;`),
      `const E_STAT: u32 = ${STAT[p.op as EwmOp]}u;`,
    ].join('\n'),
    bindings: b.declarations(),
    op: [positionFunction('e_pos', shape, others, [p.axis]), `fn e_store(pos: u32, v: f32) { ${target}[pos] = v; }`].join('\n'),
    'fused-prologue': [prologue, `fn e_value(pos: u32) -> f32 { return ${value}; }`].join('\n'),
  });
  return {
    label: p.op,
    code,
    bindings: b.bindings(),
    status: b.status,
    passes: [{ entry: 'ewm', dispatch: grid(Math.ceil(lanes / wg), limits) }],
    scratch: [],
  };
}
