/// <reference types="@webgpu/types" />
import { allocate, type AnyTypedArray, type DType } from '../../graph/dtype.js';
import { BackendError, ValueError } from '../../graph/errors.js';
import type { Realized } from '../../graph/node.js';
import { sizeOf } from '../../graph/shape.js';
import { contiguousView } from '../../graph/view.js';
import { statusError } from '../../kernel/faults.js';
import type { Plan, Step } from '../../kernel/plan.js';
import type { KernelProgram } from '../../kernel/program.js';
import { acquireGpu, type GpuOptions } from '../../platform/gpu.js';
import type { Backend, BackendCounters } from '../backend.js';
import { compile as compileJs, type Executable } from '../js/kernels.js';
import { deviceProfile, probeTwoSum } from './device.js';
import { PipelineCache, type CompiledKernel } from './pipelines.js';
import type { BufferPool, PoolStats } from './pool.js';
import { route, type Float64Policy, type Route } from './route.js';
import { GpuSession } from './session.js';
import { loadTemplates, type Templates } from './templates.js';
import { fromGpuWords, readBack, toGpuWords } from './transfer.js';
import { STATUS_INDEX } from './wgsl/opaque.js';
import { launchParams, type GpuKernel, type DeviceProfile } from './wgsl/shader.js';
import { GPU_ITEM_BYTES } from './wgsl/types.js';

export interface WebGpuOptions extends GpuOptions {
  /**
   * WGSL has no f64. 'cpu' (the default) runs every kernel that touches float64 on the
   * CPU with the js reference kernels; 'downcast' computes float64 as f32 on the GPU,
   * converting at upload and readback.
   */
  readonly float64?: Float64Policy;
  /**
   * Bytes of free GPU buffers kept for reuse. 256 MiB: a loop over arrays of a few
   * million elements keeps every buffer it needs; past that buffers are destroyed,
   * least recently used first.
   */
  readonly poolBytes?: number;
  /**
   * Lower limits to size kernels by than the device's (each is capped at the device's),
   * to reproduce a smaller adapter, e.g. compatibility mode's 128 invocations and 4
   * storage buffers per shader, on a larger one; `exactTwoSum: false` treats the compiler
   * as one that reassociates float math.
   */
  readonly limits?: Partial<DeviceProfile>;
  /**
   * The backend that runs the steps the GPU cannot (float64 under the default policy):
   * init() passes the wasm backend. Without one, the js reference kernels run them.
   */
  readonly cpu?: Backend;
}

/** The backend's counters: every kernel counts as a launch; these say where it ran. */
export interface WebGpuCounters extends BackendCounters {
  gpuLaunches: number;
  cpuLaunches: number;
  /** Devices started to replace a lost one. */
  deviceRestarts: number;
}

/**
 * New devices started after losses before the backend stays on the CPU: a device lost
 * again and again (a failing driver) would otherwise cost a restart and a rerun per plan.
 */
const MAX_RESTARTS = 3;

/** The pool's default budget; see WebGpuOptions.poolBytes. */
const POOL_BYTES = 256 * 2 ** 20;

/** A plan buffer during one execution: where its current value lives. */
interface Resident {
  readonly dtype: DType;
  readonly count: number;
  host: AnyTypedArray | undefined;
  gpu: GPUBuffer | undefined;
}

/**
 * The WebGPU backend: kernel programs become WGSL (generated for elementwise maps,
 * spliced into shaders/*.wgsl templates for the rest), compiled once per canonical hash.
 * Buffers come from a pool by size class; results are read back through staging
 * buffers. Kernels WGSL cannot compute (float64, unless downcast) run on the CPU with
 * the js reference kernels, with their buffers moved as needed.
 */
export class WebGpuBackend implements Backend {
  readonly name = 'webgpu' as const;
  readonly counters: WebGpuCounters = { compiles: 0, launches: 0, gpuLaunches: 0, cpuLaunches: 0, deviceRestarts: 0 };
  private readonly routes = new Map<string, Route>();
  private readonly cpuKernels = new Map<string, Executable>();
  private readonly profile: DeviceProfile;
  private readonly float64: Float64Policy;
  private readonly cpu: Backend | undefined;
  private readonly poolBytes: number;
  private disposed = false;
  /** The plan running now: plans run one at a time, so error scopes and pooled buffers are never interleaved. */
  private running: Promise<unknown> = Promise.resolve();

  private constructor(
    private session: GpuSession,
    private readonly templates: Templates,
    exactTwoSum: boolean,
    private readonly options: WebGpuOptions,
  ) {
    const device = session.device;
    this.float64 = options.float64 ?? 'cpu';
    this.cpu = options.cpu;
    const own = deviceProfile(device, exactTwoSum);
    const cap = options.limits ?? {};
    this.profile = Object.fromEntries(
      Object.entries(own).map(([k, v]) => {
        const c = cap[k as keyof DeviceProfile];
        return [k, typeof v === 'boolean' ? v && c !== false : Math.min(v, (c as number | undefined) ?? v)];
      }),
    ) as unknown as DeviceProfile;
    this.poolBytes = options.poolBytes ?? POOL_BYTES;
  }

  /** Starts the backend, or throws a BackendError saying why there is no WebGPU here. */
  static async create(options: WebGpuOptions = {}): Promise<WebGpuBackend> {
    const acquired = await acquireGpu(options);
    if (!acquired.ok) throw new BackendError(`webgpu: ${acquired.reason}`);
    const [templates, exactTwoSum] = await Promise.all([loadTemplates(), probeTwoSum(acquired.gpu.device)]);
    return new WebGpuBackend(new GpuSession(acquired.gpu, options.poolBytes ?? POOL_BYTES), templates, exactTwoSum, options);
  }

  /** WGSL indexes with i32 / u32 and a binding's length is counted in i32. */
  readonly maxElements = 2 ** 31 - 1;

  get description(): string {
    const f64 = this.float64 === 'downcast' ? 'float64 computed as f32' : `float64 kernels on ${this.cpu?.name ?? 'js'}`;
    const { lost, gpu } = this.session;
    const restarted = this.counters.deviceRestarts ? `; ${this.counters.deviceRestarts} lost device(s) replaced` : '';
    return `webgpu (${gpu.description}; ${f64}${restarted}${lost ? `; device lost (${lost}): running on the CPU` : ''})`;
  }

  /** Bytes in GPU buffers handed out and pooled (tests check both stay flat over many evaluations). */
  poolStats(): PoolStats {
    return this.session.storage.stats();
  }

  /** Where each step of `plan` runs: 'gpu', or 'cpu: <reason>'. */
  placement(plan: Plan): string[] {
    return plan.steps.map((s) => {
      const r = this.routeOf(s);
      return 'gpu' in r ? 'gpu' : `cpu: ${r.cpu}`;
    });
  }

  /** Releases the device and every pooled buffer; later plans run on the CPU. */
  dispose(): void {
    this.disposed = true;
    this.session.close('disposed');
  }

  execute(plan: Plan): Promise<Realized[]> {
    const result = this.running.then(() => this.executeNow(plan));
    this.running = result.catch(() => undefined);
    return result;
  }

  private async executeNow(plan: Plan): Promise<Realized[]> {
    if (!(await this.deviceReady())) return this.run(plan, true);
    const session = this.session;
    try {
      return await this.run(plan, false);
    } catch (e) {
      // A device lost mid-plan loses only GPU copies: sources are host data, so the whole plan runs again (MAX_RESTARTS bounds this).
      if (session.lost) return this.executeNow(plan);
      throw e;
    }
  }

  /** Whether the GPU can take the next plan: a lost device is replaced by a new one, up to MAX_RESTARTS times. */
  private async deviceReady(): Promise<boolean> {
    if (!this.session.lost) return true;
    if (this.disposed || this.counters.deviceRestarts >= MAX_RESTARTS) return false;
    this.counters.deviceRestarts++;
    const next = await GpuSession.restart(this.options, this.poolBytes);
    if (next) this.session = next;
    return next !== undefined;
  }

  private routeOf(step: Step): Route {
    let r = this.routes.get(step.hash);
    if (!r) {
      r = route(step.program, this.profile, this.templates, this.float64);
      if (this.routes.size >= PipelineCache.LIMIT) this.routes.delete(this.routes.keys().next().value!);
      this.routes.set(step.hash, r);
    }
    return r;
  }

  private async run(plan: Plan, cpuOnly: boolean): Promise<Realized[]> {
    if (cpuOnly && this.cpu) return this.cpu.execute(plan);
    const bufs: Resident[] = plan.buffers.map((b) => ({
      dtype: b.dtype,
      count: b.source ? b.source.data.length : sizeOf(b.shape),
      host: b.source?.data,
      gpu: undefined,
    }));
    const device = this.session.device;
    let status: GPUBuffer | undefined;
    if (!cpuOnly) device.pushErrorScope('validation');
    try {
      for (const step of plan.steps) {
        const r: Route = cpuOnly ? { cpu: 'device lost' } : this.routeOf(step);
        this.counters.launches++;
        if ('gpu' in r) {
          status ??= this.statusBuffer(r.gpu);
          await this.launchGpu(step, r.gpu, bufs, status);
          this.counters.gpuLaunches++;
        } else {
          await this.launchCpu(step, bufs);
          this.counters.cpuLaunches++;
        }
        for (const id of step.frees) this.dropGpu(bufs[id]!);
      }
      const wanted = [...new Set(plan.outputs.map((o) => o.buffer))];
      const [statusWord] = await this.toHost(wanted.map((id) => bufs[id]!), status);
      // An index out of bounds: the CPU run of the same plan raises IndexError naming the index, axis and size.
      if (statusWord === STATUS_INDEX) return await this.run(plan, true);
      // Any other code is a fault of kernel/faults.ts, raised as the reference raises it.
      if (statusWord) throw statusError(statusWord) ?? new ValueError(`webgpu: kernel error code ${statusWord}`);
      return plan.outputs.map((o) => ({ data: bufs[o.buffer]!.host!, view: o.view }));
    } finally {
      for (const b of bufs) this.dropGpu(b);
      if (status) this.session.storage.release(status);
      if (!cpuOnly) {
        const error = await device.popErrorScope();
        if (error && !this.session.lost) throw new Error(`webgpu: ${error.message}`);
      }
    }
  }

  /** A zeroed status word for kernels that can fail; undefined when this one cannot. */
  private statusBuffer(kernel: GpuKernel): GPUBuffer | undefined {
    if (!kernel.status) return undefined;
    const buffer = this.session.storage.acquire(4);
    this.session.device.queue.writeBuffer(buffer, 0, new Uint32Array(1));
    return buffer;
  }

  private async launchGpu(step: Step, kernel: GpuKernel, bufs: Resident[], status: GPUBuffer | undefined): Promise<void> {
    const device = this.session.device;
    let compiled = this.session.pipelines.get(step.hash);
    if (!compiled) {
      this.counters.compiles++;
      compiled = this.session.pipelines.add(step.hash, kernel);
    }
    const k: CompiledKernel = await compiled;
    const temporary: { pool: BufferPool; buffer: GPUBuffer }[] = [];
    const scratch = k.kernel.scratch.map((bytes) => {
      const buffer = this.session.storage.acquire(bytes);
      temporary.push({ pool: this.session.storage, buffer });
      return buffer;
    });
    const entries: GPUBindGroupEntry[] = k.kernel.bindings.map((b, binding) => {
      switch (b.kind) {
        case 'slot': {
          const r = bufs[step.slots[b.slot]!]!;
          return { binding, resource: { buffer: b.write ? this.outputBuffer(r) : this.inputBuffer(r) } };
        }
        case 'scratch':
          return { binding, resource: { buffer: scratch[b.index]! } };
        case 'params': {
          // Random keys and float constants of the program being run (a cached kernel serves every program with its hash).
          const words = launchParams(step.program);
          const buffer = this.session.uniforms.acquire(words.byteLength);
          device.queue.writeBuffer(buffer, 0, words);
          temporary.push({ pool: this.session.uniforms, buffer });
          return { binding, resource: { buffer } };
        }
      }
    });
    const group = device.createBindGroup({ layout: k.layout, entries });
    const statusGroup = k.statusLayout && status ? device.createBindGroup({ layout: k.statusLayout, entries: [{ binding: 0, resource: { buffer: status } }] }) : undefined;
    const encoder = device.createCommandEncoder({ label: k.kernel.label });
    const pass = encoder.beginComputePass({ label: k.kernel.label });
    k.kernel.passes.forEach((p, i) => {
      if (p.dispatch[0] * p.dispatch[1] * p.dispatch[2] === 0) return;
      pass.setPipeline(k.pipelines[i]!);
      pass.setBindGroup(0, group);
      if (statusGroup) pass.setBindGroup(1, statusGroup);
      pass.dispatchWorkgroups(...p.dispatch);
    });
    pass.end();
    device.queue.submit([encoder.finish()]);
    // Later uses of these buffers are queued after this submission, so they may be reused now.
    for (const t of temporary) t.pool.release(t.buffer);
  }

  /** The GPU copy of an input, uploaded from the host when it has none. */
  private inputBuffer(r: Resident): GPUBuffer {
    if (!r.gpu) {
      r.gpu = this.session.storage.acquire(Math.max(1, r.count) * GPU_ITEM_BYTES);
      if (r.count > 0) this.session.device.queue.writeBuffer(r.gpu, 0, toGpuWords(r.host!));
    }
    return r.gpu;
  }

  /** A fresh GPU buffer for a kernel output; the value now lives only there. */
  private outputBuffer(r: Resident): GPUBuffer {
    r.gpu ??= this.session.storage.acquire(Math.max(1, r.count) * GPU_ITEM_BYTES);
    r.host = undefined;
    return r.gpu;
  }

  private dropGpu(r: Resident): void {
    if (r.gpu) this.session.storage.release(r.gpu);
    r.gpu = undefined;
  }

  /**
   * Reads back every listed buffer that has no host copy (and the status word), in one
   * round trip. Returns the status word's value (0 when there is none).
   */
  private async toHost(list: readonly Resident[], status?: GPUBuffer): Promise<[number]> {
    const pending = list.filter((r) => !r.host);
    for (const r of pending) if (r.count === 0) r.host = allocate(r.dtype, 0);
    const reads = pending.filter((r) => !r.host);
    const items = reads.map((r) => ({ buffer: r.gpu!, bytes: r.count * GPU_ITEM_BYTES }));
    if (status) items.push({ buffer: status, bytes: 4 });
    const words = await readBack(this.session.device, this.session.staging, items);
    reads.forEach((r, i) => (r.host = fromGpuWords(words[i]!, r.dtype, r.count)));
    return [status ? new Uint32Array(words.at(-1)!)[0]! : 0];
  }

  /** Runs a step on the CPU backend (or the js reference kernels) with host copies of its buffers. */
  private async launchCpu(step: Step, bufs: Resident[]): Promise<void> {
    const outputs = new Set(step.program.outputs.map((o) => step.slots[o.slot]!));
    await this.toHost(step.slots.filter((id) => !outputs.has(id)).map((id) => bufs[id]!));
    for (const id of outputs) this.dropGpu(bufs[id]!);
    if (this.cpu) return this.delegate(this.cpu, step, bufs, outputs);
    for (const id of outputs) bufs[id]!.host = allocate(bufs[id]!.dtype, bufs[id]!.count);
    this.cpuKernel(step.hash, step.program)(step.slots.map((id) => bufs[id]!.host!), step.program);
  }

  /** The step as a one-kernel plan over flat host buffers, run by `cpu`; its outputs become host copies. */
  private async delegate(cpu: Backend, step: Step, bufs: Resident[], outputs: ReadonlySet<number>): Promise<void> {
    const ids = [...new Set(step.slots)];
    const local = new Map(ids.map((id, i) => [id, i]));
    const flat = (id: number) => contiguousView([bufs[id]!.count]);
    const plan: Plan = {
      buffers: ids.map((id, i) => {
        const r = bufs[id]!;
        return { id: i, shape: [r.count], dtype: r.dtype, ...(outputs.has(id) ? {} : { source: { data: r.host!, view: flat(id) } }) };
      }),
      steps: [{ ...step, slots: step.slots.map((id) => local.get(id)!), frees: [] }],
      outputs: [...outputs].map((id) => ({ buffer: local.get(id)!, view: flat(id) })),
    };
    const results = await cpu.execute(plan);
    [...outputs].forEach((id, i) => (bufs[id]!.host = results[i]!.data));
  }

  private cpuKernel(hash: string, program: KernelProgram): Executable {
    let exe = this.cpuKernels.get(hash);
    if (!exe) {
      exe = compileJs(program);
      this.counters.compiles++;
      if (this.cpuKernels.size >= PipelineCache.LIMIT) this.cpuKernels.delete(this.cpuKernels.keys().next().value!);
      this.cpuKernels.set(hash, exe);
    }
    return exe;
  }
}
