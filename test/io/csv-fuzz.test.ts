import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, readCsvBatches, type ColumnBatch } from '../../src/io/index.js';
import { chunked } from './collect.js';
import { draws, mutate, settleWithin } from './fuzz-mutations.js';

const SEED = 20_300;
const INPUTS = 1000;
const ROUNDS = 3;

/** Cells a CSV writer can produce: numbers of every spelling, missing values, and text that needs quoting. */
const CELLS = ['1', '-2', '3.5', '1e300', '-0', 'NaN', 'inf', '', 'NA', 'true', 'false', 'x', '"a,b"', '"say ""hi"""', '"two\nlines"', ' 7 ', 'é', '0x10'];
/** Damage worth splicing in: invalid UTF-8, a lone quote, NUL, line ends of every kind. */
const GARBAGE = [[0xff], [0xc3], [0xe2, 0x82], [0x22], [0], [13], [10], [13, 10], [0x2c, 0x2c], [0xef, 0xbb, 0xbf]].map((b) => Uint8Array.from(b));

function randomCsv(seed: number): Uint8Array {
  const { r, int, pick } = draws(seed);
  const columns = 1 + int(4);
  const rows = int(30);
  const lines = [Array.from({ length: columns }, (_, c) => (r() < 0.1 ? `"c,${c}"` : `c${c}`)).join(',')];
  const kinds = Array.from({ length: columns }, () => int(3));
  for (let i = 0; i < rows; i++) {
    lines.push(Array.from({ length: columns }, (_, c) => (kinds[c] === 0 ? String(int(100) - 50) : kinds[c] === 1 ? String((int(2000) - 1000) / 8) : pick(CELLS))).join(','));
  }
  if (r() < 0.05) lines.push('x'.repeat(200_000 + int(100_000)));
  return new TextEncoder().encode(lines.join(r() < 0.2 ? '\r\n' : '\n') + (r() < 0.5 ? '\n' : ''));
}

/** Every column of a parsed batch has one entry per row. */
function wellFormed(batch: ColumnBatch): boolean {
  return [...batch.columns.values()].every((col) => ('codes' in col ? col.codes.length : col.length) === batch.rows);
}

/** A reader's answer is a parse with consistent columns, or a CsvError that points at a line and column. */
function acceptable(outcome: { value: ColumnBatch[] } | { error: unknown }): string | null {
  if ('value' in outcome) return outcome.value.every(wellFormed) ? null : 'a column length differs from the row count';
  const e = outcome.error;
  if (e instanceof CsvError) return e.line >= 1 && e.column >= 1 ? null : `CsvError without a location: ${e.message}`;
  return `${(e as Error).constructor.name}: ${(e as Error).message}`;
}

async function streamed(bytes: Uint8Array, seed: number): Promise<ColumnBatch[]> {
  const { int } = draws(seed);
  // Chunks and blocks a few bytes long put every boundary inside a field; a huge field gets kilobyte chunks.
  const unit = bytes.byteLength > 10_000 ? 4096 : 1;
  const out: ColumnBatch[] = [];
  for await (const batch of readCsvBatches(chunked(bytes, [unit * (1 + int(40)), unit * (1 + int(7))]), { blockSize: unit * (16 + int(200)) })) out.push(batch);
  return out;
}

describe('the CSV reader never crashes or hangs on random and damaged input', () => {
  for (let round = 0; round < ROUNDS; round++) {
    const from = SEED + round * INPUTS;
    it(`parses or raises CsvError with a line and column for ${INPUTS} inputs from seed ${from}, whole and streamed in small blocks`, async () => {
      const problems: string[] = [];
      const raised = { whole: 0, streamed: 0 };
      for (let seed = from; seed < from + INPUTS; seed++) {
        const clean = randomCsv(seed);
        const bytes = seed % 5 === 0 ? clean : mutate(clean, seed, GARBAGE);
        const whole = await settleWithin(2000, async () => [parseCsv(bytes)]);
        const blocks = await settleWithin(2000, () => streamed(bytes, seed));
        raised.whole += 'error' in whole ? 1 : 0;
        raised.streamed += 'error' in blocks ? 1 : 0;
        for (const p of [acceptable(whole), acceptable(blocks)]) if (p) problems.push(`seed ${seed}: ${p}`);
      }
      expect(problems).toEqual([]);
      // Both answers occur, or the damage is too mild (or too severe) to test anything.
      expect(raised.whole).toBeGreaterThan(INPUTS / 20);
      expect(raised.whole).toBeLessThan(INPUTS * 0.9);
    }, 60_000);
  }
});
