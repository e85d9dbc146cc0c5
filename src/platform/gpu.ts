/// <reference types="@webgpu/types" />
import { probeNodeAdapter, type NodeAdapterProbe } from './gpu-probe.js';
import { isNode } from './node.js';

/**
 * WebGPU adapter and device acquisition, the same on every runtime: `navigator.gpu` in
 * browsers and Deno; in Node, the optional npm package `webgpu` (Google's Dawn), imported
 * only when asked for so a user without it pays nothing. A missing adapter is an answer,
 * not an exception: `acquireGpu` says why there is no WebGPU here, and the caller decides
 * whether that is an error (the user asked for WebGPU) or a reason to pick another backend.
 */

export interface GpuOptions {
  /**
   * Ask for a compatibility-mode adapter (WebGPU over OpenGL ES, e.g. Mesa llvmpipe):
   * smaller limits (128 invocations per workgroup, 4 storage buffers per stage).
   */
  readonly compatibility?: boolean;
  /** Dawn toggles for Node's `webgpu` package, e.g. `['backend=opengles']`; ignored elsewhere. */
  readonly dawnOptions?: readonly string[];
}

export interface GpuDevice {
  readonly device: GPUDevice;
  readonly adapter: GPUAdapter;
  /** One line naming the adapter, e.g. `google swiftshader (Vulkan, Node webgpu)`. */
  readonly description: string;
}

export type GpuAcquisition = { readonly ok: true; readonly gpu: GpuDevice } | { readonly ok: false; readonly reason: string };

/** The npm package that gives Node WebGPU; a variable so bundlers for browsers leave the import alone. */
const NODE_PACKAGE = 'webgpu';

interface NodeWebGpu {
  create(options: string[]): GPU;
}

/** Dawn instances by options: creating one loads the Vulkan/GL driver, so do it once per process. */
const dawnInstances = new Map<string, GPU>();

async function nodeGpu(options: readonly string[]): Promise<GPU | string> {
  let mod: NodeWebGpu;
  try {
    mod = (await import(/* @vite-ignore */ NODE_PACKAGE)) as NodeWebGpu;
  } catch (e) {
    return `the optional npm package '${NODE_PACKAGE}' is not installed (npm install ${NODE_PACKAGE}): ${(e as Error).message}`;
  }
  const key = options.join(' ');
  let gpu = dawnInstances.get(key);
  if (!gpu) {
    gpu = mod.create([...options]);
    dawnInstances.set(key, gpu);
  }
  return gpu;
}

/** Probes by adapter options, once per process: the answer does not change while it runs. */
const probes = new Map<string, Promise<NodeAdapterProbe>>();

function probeOnce(options: GpuOptions): Promise<NodeAdapterProbe> {
  const key = JSON.stringify([options.compatibility ?? false, options.dawnOptions ?? []]);
  let probe = probes.get(key);
  if (!probe) {
    probe = probeNodeAdapter({ ...options, from: new URL(import.meta.url) });
    probes.set(key, probe);
  }
  return probe;
}

export type AdapterFound = { readonly ok: true; readonly description: string } | { readonly ok: false; readonly reason: string };

/**
 * Whether an adapter exists here and what it is, without creating a device: init() reads
 * this to pass over a missing or software adapter before Node loads Dawn in-process.
 */
export async function findGpuAdapter(options: GpuOptions = {}): Promise<AdapterFound> {
  const nav = navigatorGpu();
  if (!nav && isNode()) {
    const probe = await probeOnce(options);
    return probe.found ? { ok: true, description: describe(probe.name, options, `Node ${NODE_PACKAGE}`) } : { ok: false, reason: nodeReason(probe.reason) };
  }
  if (!nav) return { ok: false, reason: NO_NAVIGATOR_GPU };
  let adapter: GPUAdapter | null;
  try {
    adapter = await nav.requestAdapter(adapterOptions(options));
  } catch (e) {
    return { ok: false, reason: `requestAdapter failed via navigator.gpu: ${(e as Error).message}` };
  }
  return adapter ? { ok: true, description: describe(adapterName(adapter), options, 'navigator.gpu') } : { ok: false, reason: 'no WebGPU adapter via navigator.gpu' };
}

const NO_NAVIGATOR_GPU = 'this runtime has no navigator.gpu (a browser needs WebGPU enabled and a secure context)';

function adapterOptions(options: GpuOptions): GPURequestAdapterOptions {
  return options.compatibility ? ({ featureLevel: 'compatibility' } as GPURequestAdapterOptions) : {};
}

function adapterName(adapter: GPUAdapter): string {
  const info = adapter.info;
  return [info?.vendor, info?.architecture, info?.description].filter((s) => s).join(' ') || 'unnamed adapter';
}

/** One line naming the adapter and how it was reached, e.g. `google swiftshader (navigator.gpu)`. */
function describe(name: string, options: GpuOptions, via: string): string {
  return `${name} (${options.compatibility ? 'compatibility mode, ' : ''}${via})`;
}

function navigatorGpu(): GPU | undefined {
  return (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
}

function nodeReason(reason: string): string {
  return reason.startsWith('Dawn found no adapter') ? `no WebGPU adapter via Node ${NODE_PACKAGE}: ${reason}. ${NODE_HINT}` : reason;
}

/** Where a GPU-less Linux machine finds a software adapter (docs/platform.md). */
const NODE_HINT =
  'Without a GPU, install libvulkan1 and chromium and set ' +
  'VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json (SwiftShader), or use Mesa over GLES ' +
  "with EGL_PLATFORM=surfaceless and { compatibility: true, dawnOptions: ['backend=opengles'] }";

/**
 * An adapter and a device with the adapter's own limits (the defaults cap storage
 * bindings at 128 MiB and workgroup memory at 16 KiB; kernels size themselves from
 * `device.limits`, so asking for more is free).
 */
export async function acquireGpu(options: GpuOptions = {}): Promise<GpuAcquisition> {
  const nav = navigatorGpu();
  let gpu: GPU | string;
  let via: string;
  if (nav) {
    gpu = nav;
    via = 'navigator.gpu';
  } else if (isNode()) {
    const probe = await probeOnce(options);
    if (!probe.found) return { ok: false, reason: nodeReason(probe.reason) };
    gpu = await nodeGpu(options.dawnOptions ?? []);
    via = `Node ${NODE_PACKAGE}`;
  } else {
    return { ok: false, reason: NO_NAVIGATOR_GPU };
  }
  if (typeof gpu === 'string') return { ok: false, reason: gpu };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter(adapterOptions(options));
  } catch (e) {
    return { ok: false, reason: `requestAdapter failed via ${via}: ${(e as Error).message}` };
  }
  if (!adapter) return { ok: false, reason: `no WebGPU adapter via ${via}${via.startsWith('Node') ? `: ${NODE_HINT}` : ''}` };
  const limits = adapter.limits;
  const requiredLimits: Record<string, number> = {};
  for (const name of REQUESTED_LIMITS) {
    const v = (limits as unknown as Record<string, number | undefined>)[name];
    if (typeof v === 'number') requiredLimits[name] = v;
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits, requiredFeatures: OPTIONAL_FEATURES.filter((f) => adapter.features.has(f)) });
  } catch (e) {
    return { ok: false, reason: `requestDevice failed via ${via}: ${(e as Error).message}` };
  }
  return { ok: true, gpu: { device, adapter, description: describe(adapterName(adapter), options, via) } };
}

/** The limits kernels size themselves from; the device gets the adapter's values of each. */
const REQUESTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

/** Features the device gets when the adapter has them: kernels check device.features before using one. */
const OPTIONAL_FEATURES: readonly GPUFeatureName[] = ['subgroups'];
