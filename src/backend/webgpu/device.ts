/// <reference types="@webgpu/types" />
import type { DeviceProfile } from './wgsl/shader.js';

/**
 * WebGPU's flag values (fixed by the spec). Spelled out here because Node's `webgpu`
 * package does not install the GPUBufferUsage/GPUMapMode globals, and the backend must
 * not patch globals.
 */
export const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
export const MAP_READ = 0x1;
export const SHADER_STAGE_COMPUTE = 0x4;

/** The limits kernels are sized from, read from the device (never constants: compatibility mode lowers them). */
export function deviceProfile(device: GPUDevice, exactTwoSum: boolean): DeviceProfile {
  const l = device.limits;
  return {
    exactTwoSum,
    subgroups: device.features.has('subgroups'),
    maxInvocations: l.maxComputeInvocationsPerWorkgroup,
    maxWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
    maxWorkgroupSizeY: l.maxComputeWorkgroupSizeY,
    maxWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
    maxWorkgroupStorage: l.maxComputeWorkgroupStorageSize,
    maxStorageBuffers: l.maxStorageBuffersPerShaderStage,
    maxStorageBinding: l.maxStorageBufferBindingSize,
  };
}

/**
 * Runs Knuth's two-sum on the device for pairs whose rounding error is known and says
 * whether the error terms come back exact. Vulkan (SwiftShader) keeps them; Mesa's
 * GLSL path reassociates the additions and returns 0 for every pair (measured).
 */
export async function probeTwoSum(device: GPUDevice): Promise<boolean> {
  const pairs = new Float32Array([1, 2 ** -30, 3, 2 ** -25, -7, 2 ** -22, 1e10, 1.5]);
  const code = `
@group(0) @binding(0) var<storage, read_write> io: array<f32>;
@compute @workgroup_size(1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let a = io[2u * gid.x];
  let b = io[2u * gid.x + 1u];
  let s = a + b;
  let bb = s - a;
  io[2u * gid.x + 1u] = (a - (s - bb)) + (b - bb);
}`;
  const usage = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;
  const buffer = device.createBuffer({ size: pairs.byteLength, usage });
  const staging = device.createBuffer({ size: pairs.byteLength, usage: USAGE.MAP_READ | USAGE.COPY_DST });
  try {
    device.queue.writeBuffer(buffer, 0, pairs);
    const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer } }] }));
    pass.dispatchWorkgroups(pairs.length / 2);
    pass.end();
    encoder.copyBufferToBuffer(buffer, 0, staging, 0, pairs.byteLength);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(MAP_READ);
    const out = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    for (let i = 0; i < pairs.length; i += 2) {
      const [a, b] = [pairs[i]!, pairs[i + 1]!];
      if (out[i + 1] !== Math.fround(a + b - Math.fround(a + b))) return false;
    }
    return true;
  } finally {
    buffer.destroy();
    staging.destroy();
  }
}
