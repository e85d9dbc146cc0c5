/** A byte count as Quiver's options take it: a number, or a string such as '512MB', '1.5 GiB' or '64k'. */
export type ByteSize = number | string;

/**
 * Every unit is a power of 1024, the decimal names included ('MB' = 'MiB' = 2^20 bytes),
 * for memory budgets and CSV block sizes alike, as README.md states: both size memory,
 * and users writing '512MB' mean what their OS monitor shows, which counts in MiB.
 */
const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  kb: 2 ** 10,
  kib: 2 ** 10,
  m: 2 ** 20,
  mb: 2 ** 20,
  mib: 2 ** 20,
  g: 2 ** 30,
  gb: 2 ** 30,
  gib: 2 ** 30,
  t: 2 ** 40,
  tb: 2 ** 40,
  tib: 2 ** 40,
};

/** The bytes a size string names, not rounded (each caller rounds to its needs); undefined when it is not a size. */
export function readByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  return unit === undefined ? undefined : Number(match![1]) * unit;
}
