/**
 * A plain-JS groupby, written independently of Quiver: a Map from the key tuple to
 * the group's row numbers, then each aggregation computed from the rows' values as
 * pandas defines it (NaN skipped, var/std with ddof, quantile linear).
 */
export type Cell = number | string | null;
export type Columns = Record<string, ArrayLike<number> | readonly (string | null)[]>;

const isNull = (v: Cell): boolean => v === null || (typeof v === 'number' && Number.isNaN(v));

function compareCells(a: Cell, b: Cell): number {
  if (isNull(a) || isNull(b)) return (isNull(a) ? 1 : 0) - (isNull(b) ? 1 : 0);
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

export interface OracleAgg {
  readonly column: string;
  readonly agg: string;
  readonly q?: number;
  readonly ddof?: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function aggregate(values: readonly Cell[], rows: readonly number[], a: OracleAgg, missing: Cell): Cell {
  const present = rows.filter((r) => !isNull(values[r]!));
  const nums = present.map((r) => values[r] as number);
  const sum = nums.reduce((s, v) => s + v, 0);
  const extreme = (better: (x: number, y: number) => boolean) => present.reduce<number>((best, r) => (best < 0 || better(values[r] as number, values[best] as number) ? r : best), -1);
  switch (a.agg) {
    case 'sum': return sum;
    case 'mean': return nums.length ? sum / nums.length : NaN;
    case 'count': return present.length;
    case 'size': return rows.length;
    case 'min': return nums.length ? Math.min(...nums) : NaN;
    case 'max': return nums.length ? Math.max(...nums) : NaN;
    case 'var':
    case 'std': {
      const ddof = a.ddof ?? 1;
      if (nums.length - ddof <= 0) return NaN;
      const mean = sum / nums.length;
      const v = nums.reduce((s, x) => s + (x - mean) ** 2, 0) / (nums.length - ddof);
      return a.agg === 'std' ? Math.sqrt(v) : v;
    }
    case 'first': return present.length ? values[present[0]!]! : missing;
    case 'last': return present.length ? values[present.at(-1)!]! : missing;
    case 'median': return quantile([...nums].sort((x, y) => x - y), 0.5);
    case 'quantile': return quantile([...nums].sort((x, y) => x - y), a.q!);
    case 'nunique': return new Set(present.map((r) => values[r])).size;
    case 'argmin': return extreme((x, y) => x < y);
    case 'argmax': return extreme((x, y) => x > y);
  }
  throw new Error(`oracle: unknown aggregation ${a.agg}`);
}

/** Result columns: each key, then `<column>_<agg>` for each aggregation. */
export function oracleGroupBy(data: Columns, keys: readonly string[], aggs: readonly OracleAgg[], options: { sort?: boolean; dropna?: boolean } = {}): Record<string, Cell[]> {
  const n = (data[keys[0]!] as ArrayLike<unknown>).length;
  const cell = (name: string, r: number): Cell => (data[name] as ArrayLike<Cell>)[r]!;
  const groups = new Map<string, { key: Cell[]; rows: number[] }>();
  for (let r = 0; r < n; r++) {
    const key = keys.map((k) => cell(k, r));
    if ((options.dropna ?? true) && key.some(isNull)) continue;
    const id = key.map((v) => (typeof v === 'string' ? `s${v}` : String(v))).join('\u0001');
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, rows: [] }));
    g.rows.push(r);
  }
  let list = [...groups.values()];
  if (options.sort ?? true) {
    list = list.sort((a, b) => {
      for (let k = 0; k < keys.length; k++) {
        const c = compareCells(a.key[k]!, b.key[k]!);
        if (c !== 0) return c;
      }
      return 0;
    });
  }
  const out: Record<string, Cell[]> = {};
  keys.forEach((k, j) => (out[k] = list.map((g) => g.key[j]!)));
  for (const a of aggs) {
    const values = Array.from(data[a.column] as ArrayLike<Cell>);
    const missing = values.some((v) => typeof v === 'string') ? null : NaN;
    const name = `${a.column}_${a.agg === 'quantile' ? `quantile_${a.q}` : a.agg}`;
    out[name] = list.map((g) => aggregate(values, g.rows, a, missing));
  }
  return out;
}
