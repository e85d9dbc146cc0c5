import { parseArgs } from 'node:util';
import type { BackendName } from '../../src/index.js';

/** Problem sizes; the Monte Carlo scenario count grows with them. */
export const SIZES = {
  small: { assets: 50, days: 1000, scenarios: 10_000 },
  medium: { assets: 200, days: 2520, scenarios: 10_000 },
  large: { assets: 500, days: 2520, scenarios: 20_000 },
} as const;
export type SizeName = keyof typeof SIZES;

export interface ReportArgs {
  size: SizeName;
  seed: number;
  backend: BackendName | undefined;
}

const BACKENDS: readonly string[] = ['js', 'wasm', 'webgpu'] satisfies BackendName[];

/** `--size small|medium|large --seed N --backend js`; bad values stop the run with a message saying what is allowed. */
export function parseReportArgs(argv: string[]): ReportArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: 'small' },
      seed: { type: 'string', default: '42' },
      backend: { type: 'string' },
    },
  });
  const size = values.size!;
  if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}, got '${size}'`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got '${values.seed}'`);
  const backend = values.backend;
  if (backend !== undefined && !BACKENDS.includes(backend)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}, got '${backend}'`);
  return { size: size as SizeName, seed, backend: backend as BackendName | undefined };
}
