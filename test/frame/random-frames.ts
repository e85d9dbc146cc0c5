/** Seeded random frames for the differential tests. */
export { rng } from '../helpers/rng.js';

export type KeyKind = 'int32' | 'uint32' | 'float64' | 'bool' | 'string';

/** A key column of `n` rows drawn from `cardinality` values, with about `nullRate` of them missing (NaN or null). */
export function keyColumn(kind: KeyKind, n: number, cardinality: number, nullRate: number, next: () => number): Int32Array | Uint32Array | Float64Array | Uint8Array | (string | null)[] {
  const pick = () => Math.floor(next() * cardinality);
  switch (kind) {
    case 'int32':
      return Int32Array.from({ length: n }, () => pick() * 7 - 3 * cardinality);
    case 'uint32':
      return Uint32Array.from({ length: n }, () => pick() + 4_000_000_000 - cardinality);
    case 'float64':
      return Float64Array.from({ length: n }, () => (next() < nullRate ? NaN : pick() / 4 - 10));
    case 'bool':
      return Uint8Array.from({ length: n }, () => (next() < 0.5 ? 1 : 0));
    case 'string':
      return Array.from({ length: n }, () => (next() < nullRate ? null : `k${pick().toString(36)}`));
  }
}

/** float64 values with about `nanRate` NaN, spread over several magnitudes, some repeated (for nunique). */
export function valueColumn(n: number, nanRate: number, next: () => number): Float64Array {
  return Float64Array.from({ length: n }, () => (next() < nanRate ? NaN : next() < 0.3 ? Math.floor(next() * 5) : (next() - 0.4) * 1000));
}
