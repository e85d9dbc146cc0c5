import { contiguousStrides } from '../../../graph/shape.js';

/**
 * `fn NAME(o: u32, r: u32) -> u32`: the C-order position in `shape` of the element whose
 * coordinates along `outer` axes enumerate as o and along `inner` axes as r (both in C
 * order). Reductions pass (output, run index), scans (lane, step). When the inner axes
 * are the trailing ones this is o * run + r.
 */
export function positionFunction(name: string, shape: readonly number[], outer: readonly number[], inner: readonly number[]): string {
  // An empty shape is never indexed, but its `% 0u` would not compile.
  if (shape.includes(0)) return `fn ${name}(o: u32, r: u32) -> u32 { return 0u; }`;
  const run = inner.reduce((a, d) => a * shape[d]!, 1);
  const trailing = inner.every((d, i) => d === shape.length - inner.length + i);
  if (trailing) return `fn ${name}(o: u32, r: u32) -> u32 { return o * ${run}u + r; }`;
  const strides = contiguousStrides(shape);
  const lines: string[] = ['  var pos = 0u;'];
  const walk = (index: string, axes: readonly number[]) => {
    lines.push(`  var ${index}_rest = ${index};`);
    for (let k = axes.length - 1; k >= 0; k--) {
      const d = axes[k]!;
      lines.push(`  pos = pos + (${index}_rest % ${shape[d]}u) * ${strides[d]}u;`);
      if (k > 0) lines.push(`  ${index}_rest = ${index}_rest / ${shape[d]}u;`);
    }
  };
  walk('o', outer);
  walk('r', inner);
  return [`fn ${name}(o: u32, r: u32) -> u32 {`, ...lines, '  return pos;', '}'].join('\n');
}
