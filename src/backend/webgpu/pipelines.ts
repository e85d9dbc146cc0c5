/// <reference types="@webgpu/types" />
import { SHADER_STAGE_COMPUTE } from './device.js';
import type { GpuKernel } from './wgsl/shader.js';

/** A kernel ready to launch: its pipelines (one per pass) and the layout its bind group follows. */
export interface CompiledKernel {
  readonly kernel: GpuKernel;
  readonly layout: GPUBindGroupLayout;
  readonly statusLayout: GPUBindGroupLayout | undefined;
  readonly pipelines: readonly GPUComputePipeline[];
}

/**
 * Compiled pipelines by the program's canonical hash (kernel/hash.ts), so a loop that
 * repeats an expression on new data compiles once. 512 entries, as the js backend's
 * cache: a risk job has tens of distinct kernels; the bound only stops a program that
 * generates endless shapes from growing the cache forever (oldest entry goes first).
 */
export class PipelineCache {
  private readonly entries = new Map<string, Promise<CompiledKernel>>();
  static readonly LIMIT = 512;

  constructor(private readonly device: GPUDevice) {}

  get(hash: string): Promise<CompiledKernel> | undefined {
    return this.entries.get(hash);
  }

  /** Compiles `kernel` under `hash` (the caller counts the compile). */
  add(hash: string, kernel: GpuKernel): Promise<CompiledKernel> {
    if (this.entries.size >= PipelineCache.LIMIT) this.entries.delete(this.entries.keys().next().value!);
    const compiled = compileKernel(this.device, kernel);
    this.entries.set(hash, compiled);
    compiled.catch(() => this.entries.delete(hash));
    return compiled;
  }
}

async function compileKernel(device: GPUDevice, kernel: GpuKernel): Promise<CompiledKernel> {
  const module = device.createShaderModule({ label: kernel.label, code: kernel.code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    const text = errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('\n');
    throw new Error(`webgpu: the ${kernel.label} kernel's WGSL does not compile:\n${text}\n--- WGSL ---\n${numbered(kernel.code)}`);
  }
  const layout = device.createBindGroupLayout({
    label: kernel.label,
    entries: kernel.bindings.map((b, binding) => ({
      binding,
      visibility: SHADER_STAGE_COMPUTE,
      buffer: { type: b.kind === 'params' ? 'uniform' : b.kind === 'scratch' || b.write ? 'storage' : 'read-only-storage' },
    })),
  });
  const statusLayout = kernel.status
    ? device.createBindGroupLayout({ label: 'status', entries: [{ binding: 0, visibility: SHADER_STAGE_COMPUTE, buffer: { type: 'storage' } }] })
    : undefined;
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: statusLayout ? [layout, statusLayout] : [layout] });
  const pipelines = await Promise.all(
    kernel.passes.map((pass) =>
      device.createComputePipelineAsync({
        label: `${kernel.label}:${pass.entry}`,
        layout: pipelineLayout,
        compute: { module, entryPoint: pass.entry },
      }),
    ),
  );
  return { kernel, layout, statusLayout, pipelines };
}

const numbered = (code: string) =>
  code
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(4)} ${l}`)
    .join('\n');
