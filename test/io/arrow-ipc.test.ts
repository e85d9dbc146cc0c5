import { Bool, DateMillisecond, Dictionary, Field, Float32, Int8, Int16, Int32, Int64, RecordBatchStreamWriter, Schema, Table, tableFromArrays, tableToIPC, Uint32, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ArrowIpcError, readArrowBatches } from '../../src/io/index.js';
import { chunked, collect, plain } from './collect.js';

const f64 = [1.5, -2, 3.25, 0];
const i32 = [7, -8, 2147483647, 0];
const words = ['buy', 'sell', null, 'buy'];

function sample(): Table {
  return new Table({
    f64: vectorFromArray(f64),
    i32: vectorFromArray(i32, new Int32()),
    plain: vectorFromArray(words, new Utf8()),
    dict: vectorFromArray(words, new Dictionary(new Utf8(), new Int32())),
    flag: vectorFromArray([true, false, true, true], new Bool()),
  });
}

describe('Arrow IPC reads into the same columns the CSV reader gives', () => {
  it('round-trips numbers, plain and dictionary strings and bools through tableToIPC, stream and file formats', async () => {
    for (const format of ['stream', 'file'] as const) {
      const { batches, columns } = await collect(readArrowBatches(chunked(tableToIPC(sample(), format), [97])));
      expect(batches.map((b) => b.rows)).toEqual([4]);
      expect(columns).toEqual(new Map<string, unknown>([['f64', f64], ['i32', i32], ['plain', words], ['dict', words], ['flag', [1, 0, 1, 1]]]));
      expect(batches[0]!.columns.get('i32')).toBeInstanceOf(Int32Array);
      expect(batches[0]!.columns.get('flag')).toBeInstanceOf(Uint8Array);
    }
  });

  it('hands back float64 and int32 columns as views of the IPC bytes, not copies', async () => {
    const ipc = tableToIPC(sample(), 'stream');
    const [batch] = (await collect(readArrowBatches(ipc))).batches;
    for (const name of ['f64', 'i32']) expect((batch!.columns.get(name) as Float64Array).buffer).toBe(ipc.buffer);
  });

  it('streams the record batches of a RecordBatchStreamWriter one by one, counting bytes and rows', async () => {
    const writer = new RecordBatchStreamWriter();
    const parts = [0, 1, 2].map((k) => tableFromArrays({ x: Float64Array.from({ length: 100 }, (_, i) => k * 100 + i) }));
    for (const part of parts) for (const batch of part.batches) writer.write(batch);
    writer.finish();
    const ipc = await writer.toUint8Array();
    const progress: { bytes: number; rows: number; total?: number }[] = [];
    const { batches, columns } = await collect(readArrowBatches(new Blob([ipc as Uint8Array<ArrayBuffer>]), { onProgress: (p) => progress.push(p) }));
    expect(batches.map((b) => b.rows)).toEqual([100, 100, 100]);
    expect(columns.get('x')).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(progress.map((p) => p.rows)).toEqual([100, 200, 300]);
    expect(progress.at(-1)!.total).toBe(ipc.byteLength);
  });

  it('turns nulls into NaN (ints becoming float64) and null strings, and bools with nulls into strings', async () => {
    const table = new Table({
      i32: vectorFromArray([1, null, 3], new Int32()),
      f32: vectorFromArray([0.5, null, 2], new Float32()),
      s: vectorFromArray(['a', null, 'c'], new Utf8()),
      flag: vectorFromArray([true, null, false], new Bool()),
    });
    const [batch] = (await collect(readArrowBatches(tableToIPC(table)))).batches;
    expect(batch!.columns.get('i32')).toEqual(new Float64Array([1, NaN, 3]));
    expect(batch!.columns.get('f32')).toEqual(new Float64Array([0.5, NaN, 2]));
    expect(batch!.columns.get('s')).toEqual(['a', null, 'c']);
    expect(batch!.columns.get('flag')).toEqual(['true', null, 'false']);
  });

  it('widens small ints to int32 and reads int64 and uint32 as float64', async () => {
    const table = new Table({
      i8: vectorFromArray([-1, 2], new Int8()),
      i16: vectorFromArray([300, -300], new Int16()),
      u32: vectorFromArray([4294967295, 1], new Uint32()),
      i64: vectorFromArray([-(2n ** 40n), 5n], new Int64()),
    });
    const [batch] = (await collect(readArrowBatches(tableToIPC(table)))).batches;
    expect(batch!.columns.get('i8')).toEqual(new Int32Array([-1, 2]));
    expect(batch!.columns.get('i16')).toEqual(new Int32Array([300, -300]));
    expect(batch!.columns.get('u32')).toEqual(new Float64Array([4294967295, 1]));
    expect(batch!.columns.get('i64')).toEqual(new Float64Array([-(2 ** 40), 5]));
  });

  it('gives one empty batch naming the columns for a stream with a schema and no batches', async () => {
    const writer = new RecordBatchStreamWriter();
    writer.write(new Table(new Schema([new Field('x', new Float32()), new Field('s', new Utf8())])));
    writer.finish();
    const { batches } = await collect(readArrowBatches(await writer.toUint8Array()));
    expect(batches.map((b) => [b.rows, [...b.columns].map(([k, v]) => [k, plain(v)])])).toEqual([[0, [['x', []], ['s', []]]]]);
  });

  it('refuses bytes that are not Arrow IPC, and names a column of a type it cannot read', async () => {
    await expect(collect(readArrowBatches(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])))).rejects.toThrow(ArrowIpcError);
    const dates = new Table({ d: vectorFromArray([new Date(0)], new DateMillisecond()) });
    await expect(collect(readArrowBatches(tableToIPC(dates)))).rejects.toThrow(/readArrow: column 'd' has Arrow type Date/);
  });
});
