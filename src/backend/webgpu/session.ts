/// <reference types="@webgpu/types" />
import { acquireGpu, type GpuDevice, type GpuOptions } from '../../platform/gpu.js';
import { USAGE } from './device.js';
import { PipelineCache } from './pipelines.js';
import { BufferPool } from './pool.js';

/**
 * Everything that belongs to one GPUDevice: its compiled pipelines and buffer pools. A
 * lost device takes all of it along, so the backend replaces the whole session with one
 * on a new device rather than mending parts.
 */
export class GpuSession {
  readonly pipelines: PipelineCache;
  readonly storage: BufferPool;
  readonly staging: BufferPool;
  readonly uniforms: BufferPool;
  /** Why the device was lost, once it is. */
  lost: string | undefined;

  constructor(
    readonly gpu: GpuDevice,
    poolBytes: number,
  ) {
    const device = gpu.device;
    this.pipelines = new PipelineCache(device);
    this.storage = new BufferPool(device, USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST, poolBytes, 'storage');
    this.staging = new BufferPool(device, USAGE.MAP_READ | USAGE.COPY_DST, poolBytes / 4, 'staging');
    this.uniforms = new BufferPool(device, USAGE.UNIFORM | USAGE.COPY_DST, 2 ** 20, 'uniform');
    void device.lost.then((info) => (this.lost ??= info.message || info.reason || 'device lost'));
  }

  get device(): GPUDevice {
    return this.gpu.device;
  }

  /** A session on a new device from the same adapter options, or undefined when none can be had. */
  static async restart(options: GpuOptions, poolBytes: number): Promise<GpuSession | undefined> {
    const acquired = await acquireGpu(options);
    return acquired.ok ? new GpuSession(acquired.gpu, poolBytes) : undefined;
  }

  /** Destroys the pooled buffers and the device. */
  close(reason: string): void {
    this.lost ??= reason;
    this.storage.trim();
    this.staging.trim();
    this.uniforms.trim();
    this.gpu.device.destroy();
  }
}
