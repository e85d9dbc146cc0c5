import { parseArgs } from 'node:util';
import type { BackendName } from '../../src/index.js';
import { SIZES, type SizeName } from './sizes.js';

export interface ReportArgs {
  size: SizeName;
  seed: number;
  backend: BackendName | undefined;
  /** Where the HTML report goes. */
  out: string;
  /** Where the steps' timings go as JSON, when asked. */
  json: string | undefined;
}

const BACKENDS: readonly string[] = ['js', 'wasm', 'webgpu'] satisfies BackendName[];

/** `--size small|medium|large --seed N --backend js --out report --json FILE`; bad values stop the run with a message saying what is allowed. */
export function parseReportArgs(argv: string[]): ReportArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: 'small' },
      seed: { type: 'string', default: '42' },
      backend: { type: 'string' },
      out: { type: 'string', default: 'report' },
      json: { type: 'string' },
    },
  });
  const size = values.size!;
  if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}, got '${size}'`);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got '${values.seed}'`);
  const backend = values.backend;
  if (backend !== undefined && !BACKENDS.includes(backend)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}, got '${backend}'`);
  return { size: size as SizeName, seed, backend: backend as BackendName | undefined, out: values.out!, json: values.json };
}
