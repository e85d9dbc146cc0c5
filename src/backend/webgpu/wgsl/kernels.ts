import type { KernelProgram, Load } from '../../../kernel/program.js';
import { contractionKernel } from './contraction.js';
import { groupAggKernel } from './group-agg.js';
import { impliedVolKernel } from './implied-vol.js';
import { mapKernel } from './map.js';
import { ewmKernel } from './ewm.js';
import { gatherKernel } from './opaque.js';
import { reduceKernel } from './reduce.js';
import { rollingKernel } from './rolling.js';
import { scanKernel } from './scan.js';
import { sortKernel } from './sort.js';
import type { GpuKernel, DeviceProfile } from './shader.js';
import type { Templates } from '../templates.js';

/** Lowers one kernel program to WGSL; throws Unsupported for what runs on the CPU instead. */
export function lowerProgram(p: KernelProgram, random: readonly Load[], limits: DeviceProfile, templates: Templates): GpuKernel {
  switch (p.kind) {
    case 'map':
      return mapKernel(p, random, limits);
    case 'reduce':
      return reduceKernel(p, random, limits, templates.reduce);
    case 'scan':
      if (p.rolling) return rollingKernel(p, random, limits, templates.rolling);
      if (p.ewm) return ewmKernel(p, random, limits, templates.ewm);
      return scanKernel(p, random, limits, templates.scan);
    case 'contraction':
      return contractionKernel(p, random, limits, templates.matmul);
    case 'opaque':
      if (p.op === 'groupAgg') return groupAggKernel(p, random, limits, templates.groupby);
      if (p.op === 'impliedVol') return impliedVolKernel(p, random, limits, templates.impliedVol);
      return p.op === 'sort' || p.op === 'argsort' ? sortKernel(p, random, limits, templates.sort) : gatherKernel(p, random, limits);
    default:
      return p satisfies never;
  }
}
