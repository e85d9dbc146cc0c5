import type { Comparison } from '../harness.js';
import type { Environment } from '../environment.js';
import { HEADER, cellsOf } from './format.js';

/** bench/results/results.md: one row per comparison, with the environment on every row so rows can be merged across runs. */
export function markdownReport(rows: Comparison[], env: Environment): string {
  const header = [...HEADER, 'backend', 'machine', 'cores', 'node', 'date'];
  const line = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
  return [
    '# Quiver vs plain JS',
    '',
    `Median time per evaluation (tinybench, ${env.mode} run). ratio = plain JS time / Quiver time: above 1x Quiver is faster.`,
    'Regenerate with `npm run bench` (or `npm run bench -- --quick`).',
    '',
    line(header),
    line(header.map((_, c) => (c >= 2 && c <= 4 ? '---:' : '---'))),
    ...rows.map((r) => line([...cellsOf(r), env.backend, env.machine, env.cores, env.node, env.date])),
    '',
  ].join('\n');
}
