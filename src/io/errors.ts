import { QuiverError } from '../graph/errors.js';

/** How much of an offending field or row a message quotes: enough to find it in an editor. */
const QUOTE_LIMIT = 60;

/**
 * Malformed CSV: a row with the wrong number of fields, an unterminated quote, or a value
 * that does not parse as its column's type. Line and column are 1-based, as an editor
 * shows them; the line is the physical line in the source (header and blank lines count).
 * `source` names the file when the reader knows it (a partition of one of many files).
 */
export class CsvError extends QuiverError {
  override name = 'CsvError';
  constructor(
    readonly line: number,
    readonly column: number,
    readonly text: string,
    readonly problem: string,
    readonly source?: string,
  ) {
    super(`csv: ${source === undefined ? '' : `${source} `}line ${line}, column ${column}: ${problem} (${quote(text)})`);
  }
}

/** A source that is not Arrow IPC, or an Arrow column type Quiver has no column for. */
export class ArrowIpcError extends QuiverError {
  override name = 'ArrowIpcError';
}

/**
 * A source that cannot be opened or read: a file that does not exist or is not readable,
 * a path where the platform has no files (a browser), a read that failed part-way.
 */
export class SourceError extends QuiverError {
  override name = 'SourceError';
}

function quote(text: string): string {
  const short = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  return JSON.stringify(short);
}
