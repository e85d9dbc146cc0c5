import type { KernelProgram, Load } from '../../../kernel/program.js';
import { contractionKernel } from './contraction.js';
import { groupAggKernel } from './group-agg.js';
import { mapKernel } from './map.js';
import { gatherKernel } from './opaque.js';
import { reduceKernel } from './reduce.js';
import { scanKernel } from './scan.js';
import { sortKernel } from './sort.js';
import type { GpuKernel, DeviceProfile } from './shader.js';

/** The hand-written WGSL templates (shaders/*.wgsl) that kernels splice fused code into. */
export interface Templates {
  readonly reduce: string;
  readonly scan: string;
  readonly matmul: string;
  readonly sort: string;
  readonly groupby: string;
}

/** Lowers one kernel program to WGSL; throws Unsupported for what runs on the CPU instead. */
export function lowerProgram(p: KernelProgram, random: readonly Load[], limits: DeviceProfile, templates: Templates): GpuKernel {
  switch (p.kind) {
    case 'map':
      return mapKernel(p, random, limits);
    case 'reduce':
      return reduceKernel(p, random, limits, templates.reduce);
    case 'scan':
      return scanKernel(p, random, limits, templates.scan);
    case 'contraction':
      return contractionKernel(p, random, limits, templates.matmul);
    case 'opaque':
      if (p.op === 'groupAgg') return groupAggKernel(p, random, limits, templates.groupby);
      return p.op === 'sort' || p.op === 'argsort' ? sortKernel(p, random, limits, templates.sort) : gatherKernel(p, random, limits);
    default:
      return p satisfies never;
  }
}
