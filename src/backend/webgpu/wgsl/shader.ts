import type { DType } from '../../../graph/dtype.js';
import { bodiesOf, constantsOf } from '../../../kernel/constants.js';
import type { ConstInstr, KernelProgram, Load } from '../../../kernel/program.js';
import { helperSource, usesStatus } from './helpers.js';
import { KIND, typeOf } from './types.js';

/** What a pass binds at group 0, in binding order. */
export type PassBinding =
  | { readonly kind: 'slot'; readonly slot: number; readonly write: boolean }
  | { readonly kind: 'scratch'; readonly index: number }
  | { readonly kind: 'params' };

/** One dispatch of a kernel: an entry point of its module and its grid (sizes are baked in: shapes are part of the hash). */
export interface PassSpec {
  readonly entry: string;
  /** Workgroups in x, y, z; a pass with none is skipped (empty arrays). */
  readonly dispatch: readonly [number, number, number];
}

/**
 * A kernel program lowered for the GPU: one WGSL module (sizes baked in as constants)
 * whose entry points run in order over one bind group, and the scratch buffers (bytes)
 * the passes share.
 */
export interface GpuKernel {
  readonly label: string;
  readonly code: string;
  readonly bindings: readonly PassBinding[];
  /** Whether the module reports errors through the status word (group 1). */
  readonly status: boolean;
  readonly passes: readonly PassSpec[];
  readonly scratch: readonly number[];
}

/** What kernels are generated for: the device's limits, and what its compiler keeps of IEEE arithmetic. */
export interface DeviceProfile {
  readonly maxInvocations: number;
  readonly maxWorkgroupSizeX: number;
  readonly maxWorkgroupSizeY: number;
  readonly maxWorkgroupsPerDimension: number;
  readonly maxWorkgroupStorage: number;
  readonly maxStorageBuffers: number;
  /**
   * Bytes one storage binding may span (the device's maxStorageBufferBindingSize, as
   * src/platform/gpu.ts requested it from the adapter): 1 GiB on SwiftShader, 128 MiB on
   * Mesa llvmpipe over GLES. A kernel whose scratch would exceed it runs on the CPU (route.ts).
   */
  readonly maxStorageBinding: number;
  /**
   * Whether Knuth's two-sum survives compilation (probed at startup, device.ts). Mesa's
   * GLSL compiler reassociates float additions and folds its error term to 0; ops whose
   * exactness rests on it (float floor division and remainder, float arange/linspace)
   * then run on the CPU instead of coming out an integer or a few ulps off.
   */
  readonly exactTwoSum: boolean;
  /**
   * Whether the device was created with the `subgroups` feature: reductions then combine
   * within a workgroup with subgroup builtins (wgsl/reduce-subgroups.ts). The profile is
   * fixed per backend, and so is each kernel hash's variant in its pipeline cache.
   */
  readonly subgroups: boolean;
}

/** Bytes as MiB for placement reasons (`160 MiB`). */
export const mib = (bytes: number): string => `${+(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The random-generator loads of a program in body order: the launch's keys, which the hash leaves out. */
export const randomLoads = (p: KernelProgram): Load[] => bodiesOf(p).flatMap((b) => b.loads.filter((l) => l.generator?.kind === 'random'));

/**
 * The launch's uniform words: each random key as a vec4 (key0, key1, 0, 0), then one
 * word per constant, four per vec4: a float's f32 bits (float64 rounds to f32, as WGSL
 * computes it), an integer's 32 bits, a bool's 0 or 1. Values are already rounded to
 * their dtype (optimizer/fold.ts), so the words hold exactly what a literal would.
 * Kernels read constants from here instead of WGSL literals: their values are not in
 * the hash, so a pipeline serves every value (#13); and compilers fold arithmetic on
 * float literals as if signed zeros did not exist (SwiftShader turns x * 0.0 into +0
 * for x = -1.5, and 0.0 - x into -x).
 */
export function launchParams(p: KernelProgram): Uint32Array<ArrayBuffer> {
  const keys = randomLoads(p).flatMap((l) => (l.generator?.kind === 'random' ? [l.generator.key0 >>> 0, l.generator.key1 >>> 0, 0, 0] : []));
  const consts = constantsOf(p);
  const words = new Uint32Array(keys.length + Math.ceil(consts.length / 4) * 4);
  words.set(keys);
  const floats = new Float32Array(words.buffer);
  consts.forEach((c, i) => {
    if (KIND[c.dtype] === 'f') floats[keys.length + i] = c.value;
    else words[keys.length + i] = c.value >>> 0;
  });
  return words;
}

/**
 * Collects what one pass's WGSL declares: storage bindings for the plan slots and
 * scratch buffers it touches, the random-key uniform, and library helpers.
 */
export class ShaderBuilder {
  private readonly helpers = new Set<string>();
  private readonly entries: { binding: PassBinding; decl: string }[] = [];
  private readonly slotNames = new Map<number, string>();
  private params = false;

  constructor(
    /** Every random load of the program, in randomLoads order. */
    private readonly random: readonly Load[],
    /** Every constant of the program, in `constants` order. */
    private readonly consts: readonly ConstInstr[],
    readonly profile: DeviceProfile,
  ) {}

  readonly need = (...names: string[]): void => {
    for (const n of names) this.helpers.add(n);
  };

  /** The storage array of plan slot `slot`; a slot written anywhere in the pass is bound read_write. */
  slot(slot: number, dtype: DType, write = false): string {
    const name = `s${slot}`;
    const existing = this.entries.find((e) => e.binding.kind === 'slot' && e.binding.slot === slot);
    const access = write ? 'read_write' : 'read';
    const decl = (b: number) => `@group(0) @binding(${b}) var<storage, ${access}> ${name}: array<${typeOf(dtype)}>;`;
    if (existing) {
      if (write && existing.binding.kind === 'slot' && !existing.binding.write) {
        existing.binding = { kind: 'slot', slot, write: true };
        existing.decl = decl(this.entries.indexOf(existing)).replace('<storage, read>', '<storage, read_write>');
      }
    } else {
      this.entries.push({ binding: { kind: 'slot', slot, write }, decl: decl(this.entries.length) });
    }
    this.slotNames.set(slot, name);
    return name;
  }

  /** Scratch buffer `index` of the kernel (partial states, carries, sort keys): a read_write array of `type` named `name`. */
  scratch(index: number, name: string, type: string): string {
    if (!this.entries.some((e) => e.binding.kind === 'scratch' && e.binding.index === index)) {
      const b = this.entries.length;
      this.entries.push({ binding: { kind: 'scratch', index }, decl: `@group(0) @binding(${b}) var<storage, read_write> ${name}: array<${type}>;` });
    }
    return name;
  }

  /** The key of a random load, from the launch's uniform (keys are not in the hash, so not in the code). */
  randomKey(load: Load): string {
    const i = this.random.indexOf(load);
    if (i < 0) throw new Error('wgsl: random load is not part of the program');
    this.params = true;
    return `q_params.v[${i}].xy`;
  }

  /** A constant, read from the launch's uniform as its WGSL type (see `constants`). */
  constant(ins: ConstInstr): string {
    const i = this.consts.indexOf(ins);
    if (i < 0) throw new Error('wgsl: constant is not part of the program');
    this.params = true;
    const at = this.random.length * 4 + i;
    const word = `q_params.v[${at >> 2}][${at & 3}]`;
    return typeOf(ins.dtype) === 'u32' ? word : `bitcast<${typeOf(ins.dtype)}>(${word})`;
  }

  /** Binding declarations (and the random-key uniform) followed by the library helpers asked for. */
  declarations(): string {
    const decls = this.entries.map((e) => e.decl);
    if (this.params) {
      decls.push(
        `struct q_Params { v: array<vec4<u32>, ${Math.max(1, this.random.length + Math.ceil(this.consts.length / 4))}> }`,
        `@group(0) @binding(${this.entries.length}) var<uniform> q_params: q_Params;`,
      );
    }
    return [...decls, '', helperSource(this.helpers)].join('\n');
  }

  /** A whole module: the declarations, then `body` (the kernel's own functions and entry points). */
  source(body: string): string {
    return [this.declarations(), '', body.trim(), ''].join('\n');
  }

  bindings(): PassBinding[] {
    const list = this.entries.map((e) => e.binding);
    return this.params ? [...list, { kind: 'params' }] : list;
  }

  /** Whether the module uses the status word (an op that can fail: an int32 power, an index out of bounds). */
  get status(): boolean {
    return usesStatus(this.helpers);
  }
}

/**
 * The largest power-of-two workgroup up to `cap` that the device allows. Passes without
 * workgroup memory use 256 (core WebGPU's default limit; compatibility mode allows 128);
 * passes with it cap lower (reduce.ts SHARED_WG), because compile time grows with it.
 */
export function workgroupSize(limits: DeviceProfile, cap = 256): number {
  let wg = 1;
  while (wg * 2 <= Math.min(cap, limits.maxInvocations, limits.maxWorkgroupSizeX)) wg *= 2;
  return wg;
}

/** A grid of `groups` workgroups: x up to the per-dimension limit, the rest in y (kernels index gid.x + gid.y * nwg.x * WG). */
export function grid(groups: number, limits: DeviceProfile): [number, number, number] {
  if (groups <= 0) return [0, 0, 0];
  const x = Math.min(groups, limits.maxWorkgroupsPerDimension);
  return [x, Math.ceil(groups / x), 1];
}
