/**
 * `fn` applied to every series along `axis` of a C-order array of `shape` held flat: the
 * naive oracle of the sequential ops (rolling windows, ewm), which see one series at a time.
 */
export function alongAxis(flat: readonly number[], shape: readonly number[], axis: number, fn: (series: number[]) => number[]): number[] {
  const len = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const out = new Array<number>(flat.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (j: number) => o * len * inner + j * inner + i;
      fn(Array.from({ length: len }, (_, j) => flat[at(j)]!)).forEach((v, j) => (out[at(j)] = v));
    }
  }
  return out;
}
