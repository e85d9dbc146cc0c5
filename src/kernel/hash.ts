import type { Instr, KernelProgram } from './program.js';

/**
 * The canonical text of a program. Programs are built with slots numbered in first
 * use and instructions in a fixed walk of the graph, so this text depends neither on
 * buffer identities nor on the order nodes were created; -0, NaN and Infinity are spelled out.
 * Random keys and the values of constants are left out: backends read them from the
 * program at each launch.
 */
export function canonicalText(program: KernelProgram): string {
  return JSON.stringify(program, function (this: unknown, k, v: unknown) {
    // A random key is a parameter, not code: a Monte Carlo loop over fresh keys compiles once.
    if (k === 'key0' || k === 'key1') return '?';
    // So is a constant's value (its dtype stays): x * 2 and x * 3 run one compiled kernel (#13).
    if (k === 'value' && (this as Instr).op === 'const') return '?';
    return typeof v === 'number' ? (Object.is(v, -0) ? '-0' : String(v)) : v;
  });
}

/** cyrb53: a fast 53-bit string hash, plenty for a cache of compiled kernels; shown as hex. */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

export const hashProgram = (program: KernelProgram): string => hashText(canonicalText(program));
