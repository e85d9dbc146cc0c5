import { sizeOf } from '../../../graph/shape.js';
import type { RollingOp } from '../../../graph/ops.js';
import type { Load, ScanKernel } from '../../../kernel/program.js';
import { constantsOf } from '../../../kernel/constants.js';
import { emitBodyFunction } from './body.js';
import { f32 } from './literals.js';
import { convert } from './ops.js';
import { positionFunction } from './position.js';
import { grid, ShaderBuilder, workgroupSize, type GpuKernel, type DeviceProfile } from './shader.js';
import { splice } from '../templates.js';
import { KIND } from './types.js';

/** Each op's statistic code: shaders/rolling.wgsl names them (R_SUM, ...) from the constants this file writes, and compares R_STAT with those names. */
const STAT: { readonly [O in RollingOp]: number } = { rollingSum: 0, rollingMean: 1, rollingVar: 2, rollingStd: 3, rollingMin: 4, rollingMax: 5 };

/**
 * A rolling-window statistic from shaders/rolling.wgsl, the fused prologue spliced in:
 * one invocation per lane walks it (float32 only; float64 programs run on the CPU,
 * route.ts). Min and max keep their deques in a scratch buffer of window + 1 indices per
 * lane. The window, minPeriods and ddof are part of the program, so of its cache key.
 */
export function rollingKernel(p: ScanKernel, random: readonly Load[], limits: DeviceProfile, template: string): GpuKernel {
  const b = new ShaderBuilder(random, constantsOf(p), limits);
  const shape = p.body.shape;
  const len = shape[p.axis]!;
  const lanes = len === 0 ? 0 : sizeOf(shape) / len;
  const out = p.outputs[0]!;
  const { window, minPeriods, ddof } = p.rolling!;
  const wg = workgroupSize(limits, 64);
  const prologue = emitBodyFunction('r_prologue', p.body, [p.ref], b);
  const value = convert(`r_prologue(pos).v${p.ref}`, KIND[p.body.instrs[p.ref]!.dtype], 'f', b.need);
  const stat = STAT[p.op as RollingOp];
  const extreme = stat >= STAT.rollingMin;
  const cap = Math.min(window, len) + 1;
  b.scratch(0, 'r_deques', 'u32');
  const target = b.slot(out.slot, out.dtype, true);
  const others = shape.map((_, i) => i).filter((i) => i !== p.axis);
  const code = splice(template, {
    sizes: [
      `const WG: u32 = ${wg}u;`,
      `const R_LANES: u32 = ${lanes}u;`,
      `const R_LEN: u32 = ${len}u;`,
      // Beyond the lane's length a window is the whole lane and a minPeriods gates all: both fit u32.
      `const R_WINDOW: u32 = ${Math.min(window, len)}u;`,
      `const R_MIN_PERIODS: u32 = ${Math.min(minPeriods, len + 1)}u;`,
      `const R_DDOF: f32 = ${f32(ddof)};`,
      ...Object.entries(STAT).map(([op, c]) => `const R_${op.slice('rolling'.length).toUpperCase()}: u32 = ${c}u;`),
      `const R_STAT: u32 = ${stat}u;`,
      `const R_CAP: u32 = ${cap}u;`,
    ].join('\n'),
    bindings: b.declarations(),
    op: [positionFunction('r_pos', shape, others, [p.axis]), `fn r_store(pos: u32, v: f32) { ${target}[pos] = v; }`].join('\n'),
    'fused-prologue': [prologue, `fn r_value(pos: u32) -> f32 { return ${value}; }`].join('\n'),
  });
  return {
    label: p.op,
    code,
    bindings: b.bindings(),
    status: b.status,
    passes: [{ entry: extreme ? 'extreme' : 'rolling', dispatch: grid(Math.ceil(lanes / wg), limits) }],
    // The sums' entry never touches the deques, but the module declares them: one word.
    scratch: [extreme ? Math.max(4, lanes * cap * 4) : 4],
  };
}
