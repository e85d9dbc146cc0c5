import type { PlanBuffer, Step } from '../kernel/plan.js';

/**
 * Buffer lifetime: adds to each step the intermediate buffers it reads last, which the
 * backend frees (or hands back to its pool) right after it. Sources and requested
 * outputs are never freed here.
 */
export function withFrees(steps: Omit<Step, 'frees'>[], outputs: readonly number[], buffers: readonly PlanBuffer[]): Step[] {
  const last = new Map<number, number>();
  steps.forEach((s, i) => s.slots.forEach((b) => last.set(b, i)));
  const keep = (b: number) => outputs.includes(b) || buffers[b]!.source !== undefined;
  return steps.map((s, i) => ({ ...s, frees: [...last].filter(([b, at]) => at === i && !keep(b)).map(([b]) => b) }));
}
