import { sizeOf } from '../../../graph/shape.js';
import type { Load, MapKernel } from '../../../kernel/program.js';
import { constantsOf } from '../../../kernel/constants.js';
import { emitBodyFunction } from './body.js';
import { grid, ShaderBuilder, workgroupSize, type GpuKernel, type DeviceProfile } from './shader.js';

/** An elementwise map: one invocation per element evaluates the fused body and writes every output contiguously. */
export function mapKernel(p: MapKernel, random: readonly Load[], limits: DeviceProfile): GpuKernel {
  const b = new ShaderBuilder(random, constantsOf(p), limits);
  const n = sizeOf(p.body.shape);
  const wg = workgroupSize(limits);
  const body = emitBodyFunction('body', p.body, p.outputs.map((o) => o.ref), b);
  const stores = p.outputs.map((o) => `  ${b.slot(o.slot, o.dtype, true)}[pos] = r.v${o.ref};`);
  const code = b.source(`
${body}

@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let pos = gid.x + gid.y * (nwg.x * ${wg}u);
  if (pos >= ${n}u) { return; }
  let r = body(pos);
${stores.join('\n')}
}`);
  return {
    label: 'map',
    code,
    bindings: b.bindings(),
    status: b.status,
    passes: [{ entry: 'main', dispatch: grid(Math.ceil(n / wg), limits) }],
    scratch: [],
  };
}
