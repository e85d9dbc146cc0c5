import type { GroupStat } from '../../graph/group-agg.js';
import type { Partial } from './aggregate.js';
import type { Column } from './column.js';
import { Frame } from './frame.js';
import type { GroupKey } from './group-keys.js';

/** Strings seen across blocks, numbered in order of first appearance. */
class Dictionary {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  codeOf(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.list.push(s) - 1;
      this.index.set(s, c);
    }
    return c;
  }
}

/**
 * The groups of a streamed aggregation: each block's groups are looked up by key value
 * (numbers as numbers, strings as text, since every block has its own dictionary) and
 * numbered globally in order of first appearance. String columns get one dictionary for
 * the whole stream.
 */
export class StreamKeys {
  private readonly ids = new Map<unknown, number>();
  private readonly values: number[][];
  private readonly dictionaries = new Map<string, Dictionary>();

  constructor(private readonly names: readonly string[]) {
    this.values = names.map(() => []);
  }

  private dictionary(name: string): Dictionary {
    let d = this.dictionaries.get(name);
    if (!d) this.dictionaries.set(name, (d = new Dictionary()));
    return d;
  }

  /** Global group of each of the block's groups, adding new ones. */
  add(p: Partial): Int32Array {
    const target = new Int32Array(p.factorized.groups);
    const key = new Array<number>(this.names.length);
    for (let g = 0; g < target.length; g++) {
      const row = p.factorized.firstRow[g]!;
      p.keys.forEach(({ column, host }, k) => {
        const v = host[row]!;
        key[k] = column.kind === 'string' ? (v < 0 ? -1 : this.dictionary(this.names[k]!).codeOf(column.dictionary[v]!)) : v;
      });
      const id = key.length === 1 ? key[0] : key.join('\u0001');
      let G = this.ids.get(id);
      if (G === undefined) {
        G = this.ids.size;
        this.ids.set(id, G);
        key.forEach((v, k) => this.values[k]!.push(v));
      }
      target[g] = G;
    }
    return target;
  }

  /** The key columns of the result, described by the last block's columns (for dtypes) and the stream's dictionaries. */
  groupKeys(last: Frame): GroupKey[] {
    return this.names.map((name, k) => {
      const c = last.column('groupby', name);
      const column: Column = c.kind === 'string' ? { ...c, dictionary: this.dictionary(name).list } : c;
      return { column, values: this.values[k]! };
    });
  }

  /** first/last of a string column hold block dictionary codes: as stream codes. */
  translateValue(name: string, frame: Frame, stat: GroupStat, v: number): number {
    if ((stat !== 'first' && stat !== 'last') || v !== v) return v;
    const c = frame.column('agg', name);
    return c.kind === 'string' ? this.dictionary(`value:${name}`).codeOf(c.dictionary[v]!) : v;
  }

  /** The last block's columns with string value columns reading the stream's dictionaries. */
  withGlobalDictionaries(last: Frame, valueColumns: readonly string[]): Frame {
    const cols = new Map(last.cols);
    for (const name of valueColumns) {
      const c = last.column('agg', name);
      if (c.kind === 'string') cols.set(name, { ...c, dictionary: this.dictionary(`value:${name}`).list });
    }
    return new Frame(cols);
  }
}
