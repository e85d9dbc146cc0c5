import type { GroupStat } from '../../graph/group-agg.js';
import type { Partial } from './group-state.js';

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
      p.keys.forEach(({ host, dictionary }, k) => {
        const v = host[row]!;
        key[k] = dictionary ? (v < 0 ? -1 : this.dictionary(this.names[k]!).codeOf(dictionary[v]!)) : v;
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

  /** Key k of each group: a number, or a code into `keyDictionary` of a string key. */
  keyValues(k: number): readonly number[] {
    return this.values[k]!;
  }

  /** The stream's dictionary of a string key column. */
  keyDictionary(name: string): readonly string[] {
    return this.dictionary(name).list;
  }

  /** first/last of a string column hold codes into the block's `dictionary`: as stream codes. */
  translateValue(name: string, dictionary: readonly string[] | undefined, stat: GroupStat, v: number): number {
    if ((stat !== 'first' && stat !== 'last') || v !== v) return v;
    return dictionary ? this.dictionary(`value:${name}`).codeOf(dictionary[v]!) : v;
  }

  /** The stream's dictionary of a string value column: what its translated values index. */
  valueDictionary(name: string): readonly string[] {
    return this.dictionary(`value:${name}`).list;
  }
}
