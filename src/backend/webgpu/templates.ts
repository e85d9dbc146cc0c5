/**
 * The WGSL templates: the hand-written kernels in shaders/*.wgsl, as the modules that
 * scripts/gen-shaders.ts makes of them (so no file has to be found at run time), and how
 * generated code is spliced into their marked regions.
 */
import { ewm } from './shaders/ewm.js';
import { groupby } from './shaders/groupby.js';
import { impliedVol } from './shaders/implied-vol.js';
import { matmul } from './shaders/matmul.js';
import { reduce } from './shaders/reduce.js';
import { rolling } from './shaders/rolling.js';
import { scan } from './shaders/scan.js';
import { sort } from './shaders/sort.js';

/** The hand-written WGSL templates (shaders/*.wgsl) that kernels splice fused code into. */
export interface Templates {
  readonly reduce: string;
  readonly scan: string;
  readonly rolling: string;
  readonly ewm: string;
  readonly matmul: string;
  readonly sort: string;
  readonly groupby: string;
  readonly impliedVol: string;
}

/** The WGSL templates; a promise, as when they were files read at run time. */
export function loadTemplates(): Promise<Templates> {
  return Promise.resolve({ reduce, scan, rolling, ewm, matmul, sort, groupby, impliedVol });
}

/**
 * Fills a WGSL template (shaders/*.wgsl): the lines between `// @name` and `// @end`
 * are replaced by `parts[name]`, the marker lines stay, so generated modules show
 * where each piece came from. Every region must be filled and every part must have a
 * region: a template and its generator cannot drift apart silently.
 */
export function splice(template: string, parts: Readonly<Record<string, string>>): string {
  const out: string[] = [];
  const used = new Set<string>();
  let open: string | undefined;
  for (const line of template.split('\n')) {
    const marker = /^\s*\/\/ @([\w-]+)\s*$/.exec(line)?.[1];
    if (marker === 'end') {
      if (open === undefined) throw new Error('wgsl template: // @end without a region');
      out.push(line);
      open = undefined;
    } else if (marker !== undefined) {
      if (open !== undefined) throw new Error(`wgsl template: region ${marker} inside ${open}`);
      const part = parts[marker];
      if (part === undefined) throw new Error(`wgsl template: no code for region ${marker}`);
      out.push(line, part.trim());
      used.add(marker);
      open = marker;
    } else if (open === undefined) {
      out.push(line);
    }
  }
  if (open !== undefined) throw new Error(`wgsl template: region ${open} is not closed`);
  const unused = Object.keys(parts).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`wgsl template: no region for ${unused.join(', ')}`);
  return out.join('\n');
}
