import { ELEMENTWISE, type ElementwiseRow } from '../../graph/ops.js';
import type { Body } from '../../kernel/program.js';

/** A transcendental instruction (a range reduction and a polynomial) costs about this many simple ones. */
const TRANSCENDENTAL = 10;
/** The weight of an expression of about ten ops with two transcendental ones and three constants (bench/elementwise.bench.ts's), on which PARALLEL_MIN was measured. */
const TYPICAL = 40;

const heavy = (op: string): boolean => (ELEMENTWISE as Record<string, ElementwiseRow | undefined>)[op]?.transcendental === true;

/**
 * A kernel's work over `n` positions of `body` in the unit `parallelism` takes: elements
 * of the typical expression. A worker's wake-up costs the same whatever the kernel runs,
 * so a kernel of one cheap op needs many more elements than a body of transcendental
 * ones before a second thread pays for it (a negation of 131,072 float64 ran faster on
 * one thread than on two on the 2-core machine).
 */
export function workOf(body: Body, n: number): number {
  let weight = 0;
  for (const ins of body.instrs) weight += heavy(ins.op) ? TRANSCENDENTAL : 1;
  return (n * weight) / TYPICAL;
}
