/**
 * A thread that parses CSV blocks for csv-blocks.ts. Its first message is the kernel
 * module for its wasm reader (StartRequest), answered with 'ready'; then each `{ id, bytes, final, options,
 * columns }` is parsed as rows of the given columns, its lines counted from 1, and
 * answered with the block's columns (their buffers moved, not copied), the bytes its
 * complete rows used and the lines they spanned; or with the CsvError it raised.
 */
import type { BlockResult } from './csv-blocks.js';
import type { ColumnData } from './csv-columns.js';
import { CsvBlockParser, type CsvParserOptions, type FixedColumns } from './csv-parser.js';
import { CsvError } from './errors.js';
import { loadCsvWasm } from './csv-wasm.js';
import { importNode, isNode } from '../platform/node.js';

export interface ParseRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly final: boolean;
  readonly options: CsvParserOptions;
  readonly columns: FixedColumns;
}

export type ParseReply =
  | ({ readonly id: number } & BlockResult)
  | { readonly id: number; readonly error: { readonly line: number; readonly column: number; readonly text: string; readonly problem: string } | { readonly message: string } };

interface Port {
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

/** The buffers behind a column, moved to the reading thread rather than copied. */
function buffersOf(data: ColumnData): ArrayBuffer[] {
  if (Array.isArray(data)) return [];
  const view = 'codes' in data ? data.codes : data;
  return view.buffer instanceof ArrayBuffer ? [view.buffer] : [];
}

/** One parser per scan's columns, kept while they are the same: its string slots remember strings of earlier blocks. */
let kept: { key: string; parser: CsvBlockParser } | undefined;

function parserFor(options: CsvParserOptions, columns: FixedColumns): CsvBlockParser {
  const key = JSON.stringify([options, columns]);
  if (kept?.key !== key) kept = { key, parser: CsvBlockParser.continuing(options, columns) };
  return kept.parser;
}

function parse({ id, bytes, final, options, columns }: ParseRequest): { reply: ParseReply; transfer: Transferable[] } {
  try {
    const result = parserFor(options, columns).parseApart(bytes, final);
    return { reply: { id, ...result }, transfer: [...new Set(result.columns.flatMap(([, data]) => buffersOf(data)))] };
  } catch (e) {
    const error = e instanceof CsvError ? { line: e.line, column: e.column, text: e.text, problem: e.problem } : { message: e instanceof Error ? e.message : String(e) };
    return { reply: { id, error }, transfer: [] };
  }
}

/** The first message a parse thread gets: the kernel module its wasm reader runs (parse-threads.ts). */
export interface StartRequest {
  readonly module: WebAssembly.Module | undefined;
}

const parent = isNode() ? (await importNode('worker_threads')).parentPort! : undefined;
const port: Port = parent ?? (globalThis as unknown as Port);
let started = false;
const answer = async (message: unknown) => {
  if (!started) {
    started = true;
    // Before 'ready', so that every block this thread parses may use the wasm reader.
    await loadCsvWasm(Promise.resolve((message as StartRequest).module));
    port.postMessage('ready');
    return;
  }
  const { reply, transfer } = parse(message as ParseRequest);
  port.postMessage(reply, transfer);
};
if (parent) parent.on('message', answer);
else (globalThis as unknown as { addEventListener(type: 'message', fn: (e: MessageEvent) => void): void }).addEventListener('message', (e) => answer(e.data));
