/**
 * The demo check's agreement rule. Both runs compute in float64 (on webgpu the report's
 * float64 kernels run on wasm), so the figures differ only where summation order does:
 * about 1e-12 relative. 1e-9 relative leaves room for that and still catches any real
 * difference in what was computed.
 */
export const FIGURE_TOLERANCE = 1e-9;

interface Figures {
  backend: string;
  figures: Record<string, number>;
}

/** One problem per figure that is missing or differs from the reference's by more than the tolerance (relative, floor 1e-12). */
export function compareFigures(run: Figures, reference: Figures, log: (line: string) => void): string[] {
  const problems: string[] = [];
  for (const [name, want] of Object.entries(reference.figures)) {
    const got = run.figures[name];
    const diff = got === undefined ? NaN : Math.abs(got - want) / Math.max(Math.abs(want), 1e-12);
    log(`${name.padEnd(30)} ${run.backend} ${got}  js ${want}  rel diff ${diff.toExponential(1)}`);
    if (!(diff <= FIGURE_TOLERANCE)) problems.push(`${name}: ${run.backend} gives ${got}, js ${want} (relative difference ${diff}, tolerance ${FIGURE_TOLERANCE})`);
  }
  return problems;
}
