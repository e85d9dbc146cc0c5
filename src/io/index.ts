/** Reading data into columns: CSV and Arrow IPC, in memory or streamed block by block. */
export { parseCsv, readCsvBatches, CsvError, type ByteSource, type ColumnBatch, type ColumnData, type ColumnType, type CsvOptions, type ReadProgress } from './csv.js';
export { readCsvPartition, csvSchemaOf } from './csv-partition.js';
export { splitFile, type FilePartition } from './file-partition.js';
export { readArrowBatches, type ArrowOptions } from './arrow-ipc.js';
export { ArrowIpcError, SourceError } from './errors.js';
