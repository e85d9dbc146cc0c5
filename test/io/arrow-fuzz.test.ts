import { Bool, Dictionary, Float32, Float64, Int32, Int64, Table, tableToIPC, Uint8, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ArrowIpcError, readArrowBatches, type ColumnBatch } from '../../src/io/index.js';
import { chunked } from './collect.js';
import { draws, mutate, settleWithin } from './fuzz-mutations.js';

const SEED = 20_400;
const INPUTS = 500;
const ROUNDS = 3;

const WORDS = ['buy', 'sell', 'é', '', 'a much longer string than the rest'];

/** A random table of the column types the reader supports, nulls included, in stream or file format. */
function randomIpc(seed: number): Uint8Array {
  const { r, int, pick } = draws(seed);
  const rows = int(40);
  const maybeNull = <T>(v: T): T | null => (r() < 0.1 ? null : v);
  const makers = [
    () => vectorFromArray(Array.from({ length: rows }, () => maybeNull(r() * 100 - 50)), new Float64()),
    () => vectorFromArray(Array.from({ length: rows }, () => maybeNull(r() * 10)), new Float32()),
    () => vectorFromArray(Array.from({ length: rows }, () => int(1000) - 500), new Int32()),
    () => vectorFromArray(Array.from({ length: rows }, () => maybeNull(BigInt(int(1000)))), new Int64()),
    () => vectorFromArray(Array.from({ length: rows }, () => int(200)), new Uint8()),
    () => vectorFromArray(Array.from({ length: rows }, () => maybeNull(pick(WORDS))), new Utf8()),
    () => vectorFromArray(Array.from({ length: rows }, () => maybeNull(pick(WORDS))), new Dictionary(new Utf8(), new Int32())),
    () => vectorFromArray(Array.from({ length: rows }, () => (r() < 0.05 ? null : r() < 0.5)), new Bool()),
  ];
  const columns = Object.fromEntries(Array.from({ length: 1 + int(4) }, (_, c) => [`c${c}`, pick(makers)()]));
  return tableToIPC(new Table(columns), r() < 0.5 ? 'stream' : 'file');
}

/** Every column of a batch has one entry per row, and no entry is a value the reader never wrote (undefined). */
function wellFormed(batch: ColumnBatch): boolean {
  return [...batch.columns.values()].every((col) => {
    const values = 'codes' in col ? col.codes : col;
    return values.length === batch.rows && Array.from(values as ArrayLike<unknown>).every((v) => v !== undefined);
  });
}

function acceptable(outcome: { value: ColumnBatch[] } | { error: unknown }): string | null {
  if ('value' in outcome) return outcome.value.every(wellFormed) ? null : 'a column does not match its row count';
  const e = outcome.error;
  if (e instanceof ArrowIpcError) return /batch \d+|byte \d+/.test(e.message) ? null : `ArrowIpcError without a location: ${e.message}`;
  return `${(e as Error).constructor.name}: ${(e as Error).message}`;
}

async function read(bytes: Uint8Array, seed: number): Promise<ColumnBatch[]> {
  const { int } = draws(seed);
  const out: ColumnBatch[] = [];
  for await (const batch of readArrowBatches(chunked(bytes, [1 + int(300)]))) out.push(batch);
  return out;
}

describe('the Arrow IPC reader never crashes, hangs or reads past a buffer on damaged input', () => {
  for (let round = 0; round < ROUNDS; round++) {
    const from = SEED + round * INPUTS;
    it(`reads or raises ArrowIpcError naming the batch or byte for ${INPUTS} inputs from seed ${from}`, async () => {
      const problems: string[] = [];
      let raised = 0;
      for (let seed = from; seed < from + INPUTS; seed++) {
        const clean = randomIpc(seed);
        const bytes = seed % 5 === 0 ? clean : mutate(clean, seed);
        const outcome = await settleWithin(2000, () => read(bytes, seed));
        raised += 'error' in outcome ? 1 : 0;
        const p = acceptable(outcome);
        if (p) problems.push(`seed ${seed}: ${p}`);
      }
      expect(problems).toEqual([]);
      expect(raised).toBeGreaterThan(INPUTS / 20);
    }, 60_000);
  }
});
