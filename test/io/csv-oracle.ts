/**
 * What a reader must make of a cell's text, by pandas.read_csv's documented rules,
 * written here independently of the reader.
 */

/** pandas' default na_values, from its read_csv documentation. */
export const PANDAS_NA = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);

const INT = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$|^[+-]?inf(inity)?$/i;
const BOOL = /^(true|false)$/i;

export function expectedValue(type: string, text: string): unknown {
  switch (type) {
    case 'float64': {
      const t = text.trim();
      return PANDAS_NA.has(text) ? NaN : /^[+-]?inf/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : Number(t);
    }
    case 'int32':
      return Number(text) | 0;
    case 'bool':
      return /^true$/i.test(text) ? 1 : 0;
    default:
      return PANDAS_NA.has(text) ? null : text;
  }
}

/** The type inference gives a column: int32, float64, bool, else string; no rows gives string. */
export function expectedType(texts: string[]): string {
  if (texts.length === 0) return 'string';
  const present = texts.filter((t) => !PANDAS_NA.has(t));
  // Numbers may carry surrounding spaces (pandas' number parser skips them); missing markers must match exactly.
  const isInt = (t: string) => INT.test(t.trim()) && Number(t) >= -(2 ** 31) && Number(t) < 2 ** 31;
  if (present.length === texts.length && present.every(isInt)) return 'int32';
  if (present.every((t) => NUMBER.test(t.trim()))) return 'float64';
  if (present.length === texts.length && present.every((t) => BOOL.test(t) && /^(true|false|True|False|TRUE|FALSE)$/.test(t))) return 'bool';
  return 'string';
}
