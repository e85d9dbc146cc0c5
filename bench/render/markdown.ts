import type { Environment } from '../environment.js';
import type { Comparison } from '../harness.js';
import { NUMERIC, columnsOf, plainNotes } from './format.js';

/** The line every report carries: CPU, cores, node, date, run mode and threads. */
export function environmentLine(env: Environment): string {
  const threads = env.threads === undefined ? '' : `, --threads ${env.threads}`;
  return `${env.machine}, ${env.cores} cores, node ${env.node}, ${env.date}, ${env.mode} run${threads}`;
}

/** Each backend as it described itself, and those asked for that could not start. */
function backendLines(env: Environment): string[] {
  return [
    ...env.backends.map((b) => `- **${b.name}**${b.scope === 'reference' ? ' (cheap cases only)' : ''}: ${b.description}`),
    ...env.skipped.map((s) => `- **${s.name}**: not run: ${s.reason}`),
  ];
}

/** bench/results/results.md: the environment, the backends, then one row per comparison. */
export function markdownReport(rows: Comparison[], env: Environment): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const notes = plainNotes(rows);
  const { header, cells } = columnsOf(rows);
  return [
    '# Quiver vs plain JS',
    '',
    `Environment: ${environmentLine(env)}.`,
    '',
    ...backendLines(env),
    '',
    'Median time per evaluation (tinybench). ratio = plain JS time / Quiver time: above 1x Quiver is faster.',
    'GFLOP/s = 2n³ / time. Software WebGPU adapters (SwiftShader, llvmpipe) are not performance evidence.',
    'Regenerate with `npm run bench` (see bench/run.ts for the flags).',
    '',
    line(header),
    line(header.map((_, c) => (NUMERIC.has(c) ? '---:' : '---'))),
    ...cells.map(line),
    ...(notes.length > 0 ? ['', ...notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
}
