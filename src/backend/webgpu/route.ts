import type { Body, KernelProgram } from '../../kernel/program.js';
import { groupAggNeedsFloat64 } from './wgsl/group-agg.js';
import { lowerProgram } from './wgsl/kernels.js';
import type { Templates } from './templates.js';
import { Unsupported } from './wgsl/ops.js';
import { bodiesOf } from '../../kernel/constants.js';
import { mib, randomLoads, type GpuKernel, type DeviceProfile } from './wgsl/shader.js';

/** What float64 means on a backend that cannot compute it. */
export type Float64Policy = 'cpu' | 'downcast';

/** Where one kernel runs: on the GPU as `kernel`, or on the CPU (the js reference kernels) and why. */
export type Route = { readonly gpu: GpuKernel } | { readonly cpu: string };

/**
 * Whether a body computes in float64. One float64 value is exempt: a range (arange,
 * linspace) read only by casts to float32. The GPU evaluates start + i * step in
 * double-f32 and rounds once, which is exactly fround of the float64 value, so
 * `linspace(..., { dtype: 'float32' })` needs no CPU.
 */
function bodyUsesFloat64(b: Body): boolean {
  return b.instrs.some((ins, k) => {
    if (ins.dtype !== 'float64') return false;
    const exempt =
      ins.op === 'load' &&
      b.loads[ins.load]!.generator?.kind === 'range' &&
      b.instrs.every((user) => !('args' in user) || !user.args.includes(k) || (user.op === 'cast' && user.dtype === 'float32'));
    return !exempt;
  });
}

/** Whether any value of the program is float64 (a load, an instruction, an accumulator or an output). */
export function usesFloat64(p: KernelProgram): boolean {
  // groupAgg's float64 output is f32 words widened on read-back; groupAggNeedsFloat64 says when that is exact.
  const outputs = p.kind === 'opaque' && p.op === 'groupAgg' ? [] : p.outputs;
  if (bodiesOf(p).some(bodyUsesFloat64) || outputs.some((o) => o.dtype === 'float64')) return true;
  // Values a kernel consumes other than through instructions must not be float64 either.
  if (p.kind === 'scan' && p.body.instrs[p.ref]!.dtype === 'float64') return true;
  if (p.kind === 'opaque' && p.refs.some((r, k) => p.inputs[k]!.instrs[r]!.dtype === 'float64')) return true;
  if (p.kind === 'reduce') return p.reductions.some((r) => r.dtype === 'float64' || p.body.instrs[r.ref]!.dtype === 'float64');
  if (p.kind === 'contraction') return p.dtype === 'float64' || p.a.instrs[p.aRef]!.dtype === 'float64' || p.b.instrs[p.bRef]!.dtype === 'float64';
  return false;
}

/**
 * Decides where a program runs. WGSL has no f64, so a float64 program runs on the CPU
 * unless the backend downcasts; a construct the WGSL lowering does not cover, or a
 * kernel needing more storage bindings than the device has or scratch larger than one
 * binding may span, also runs on the CPU:
 * never silently wrong, and said in the route's reason.
 */
export function route(p: KernelProgram, limits: DeviceProfile, templates: Templates, float64: Float64Policy): Route {
  if (float64 === 'cpu' && usesFloat64(p)) return { cpu: 'float64 (WGSL has no f64; create the backend with { float64: "downcast" } to compute it in f32)' };
  const inexact = float64 === 'cpu' && p.kind === 'opaque' && p.op === 'groupAgg' ? groupAggNeedsFloat64(p) : undefined;
  if (inexact) return { cpu: inexact };
  try {
    const gpu = lowerProgram(p, randomLoads(p), limits, templates);
    const storage = gpu.bindings.filter((b) => b.kind !== 'params').length + (gpu.status ? 1 : 0);
    if (storage > limits.maxStorageBuffers) return { cpu: `${storage} storage buffers (the device allows ${limits.maxStorageBuffers} per shader)` };
    // A scratch buffer is bound whole, so one past the binding limit fails validation at launch (a sort's 20 bytes an element pass 128 MiB on llvmpipe at 6.7M).
    const scratch = Math.max(0, ...gpu.scratch);
    if (scratch > limits.maxStorageBinding) return { cpu: `${gpu.label}: ${mib(scratch)} of scratch exceeds the device's ${mib(limits.maxStorageBinding)} storage binding (maxStorageBufferBindingSize)` };
    return { gpu };
  } catch (e) {
    if (e instanceof Unsupported) return { cpu: e.message };
    throw e;
  }
}
