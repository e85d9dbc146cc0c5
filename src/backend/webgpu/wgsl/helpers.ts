import { CORE } from './math-core.js';
import { DIVISION } from './math-div.js';
import { EXP_LOG } from './math-exp-log.js';
import { POW } from './math-pow.js';
import { REDUCE } from './math-reduce.js';
import { SPECIAL } from './math-special.js';
import { TRIG } from './math-trig.js';

/** A WGSL function (or module-scope declaration) that generated code may call, with the helpers it calls. */
export interface Helper {
  readonly deps?: readonly string[];
  readonly code: string;
}

/**
 * Every helper by name. Kernels include only the helpers their code names (and those
 * helpers' dependencies), so a simple map kernel compiles only a few lines of library.
 */
export const HELPERS: Readonly<Record<string, Helper>> = { ...CORE, ...EXP_LOG, ...TRIG, ...SPECIAL, ...DIVISION, ...POW, ...REDUCE };

/** Whether `names` or their dependencies use the status word (group 1), through which kernels report errors. */
export function usesStatus(names: Iterable<string>): boolean {
  const seen = new Set<string>();
  const visit = (name: string): boolean => {
    if (name === 'q_status') return true;
    if (seen.has(name)) return false;
    seen.add(name);
    return (HELPERS[name]?.deps ?? []).some(visit);
  };
  return [...names].some(visit);
}

/** The WGSL text of `names` and everything they depend on, dependencies first, each once. */
export function helperSource(names: Iterable<string>): string {
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (name: string): void => {
    if (done.has(name)) return;
    done.add(name);
    const h = HELPERS[name];
    if (!h) throw new Error(`wgsl: unknown helper ${name}`);
    for (const d of h.deps ?? []) visit(d);
    out.push(h.code.trim());
  };
  for (const n of names) visit(n);
  return out.join('\n\n');
}
