/** The Frame API: `import { Frame, col } from 'quiverjs'`. */
export { Frame, type ColumnValue, type ColumnData, type SortOptions } from './frame.js';
export { GroupBy } from './groupby.js';
export { ScanFrame, ScanGroupBy } from './scan.js';
export { col, Expr, type Operand } from './expr.js';
export type { AggSpec, AggItem, AggName } from './agg-spec.js';
export type { GroupOptions } from './aggregate.js';
export type { GroupStrategy } from './strategy.js';
export type { ColumnInput } from './column.js';
export { type AggOptions } from './cluster-agg.js';
