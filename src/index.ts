/**
 * Quiver: a lazy NumPy-like ndarray engine. `await init()`, then build expressions
 * with `np.*` and NDArray methods; nothing runs until a result is read.
 */
export { init, backend, backendReport, counters, type BackendReport, type Counters, type InitOptions } from './runtime/init.js';
export type { BackendName, BackendCounters } from './backend/backend.js';
export type { Plan, PlanBuffer, Step } from './kernel/plan.js';
export type { KernelProgram } from './kernel/program.js';
export { np, NDArray } from './frontend/index.js';
export { MemoryError } from './runtime/cache/errors.js';
export type { MemoryOptions } from './runtime/cache/budgets.js';
export { Frame, GroupBy, ScanFrame, ScanGroupBy, col, Expr } from './frontend/frame/index.js';
export type { ColumnValue, ColumnData, ColumnInput, SortOptions, AggSpec, AggItem, AggName, GroupOptions, GroupStrategy, Operand } from './frontend/frame/index.js';
export type {
  ArrayInput, NestedArray, SliceSpec, ReduceOptions, VarOptions, ArgOptions, ScanOptions, Axis, RandomBitsOptions, ShapeOptions, AxesOptions,
  AxisListOptions, AxisOptions, JoinOptions, DataOptions, DTypeOptions, ArangeOptions, EyeOptions, LinspaceOptions,
} from './frontend/index.js';
export type { DType, TypedArrayOf, AnyTypedArray } from './graph/dtype.js';
export {
  QuiverError,
  ShapeError,
  DTypeError,
  AxisError,
  IndexError,
  ValueError,
  ArgumentError,
  DisposedError,
  BackendError,
} from './graph/errors.js';
export { CsvError, ArrowIpcError, SourceError } from './io/index.js';
export { risk, random } from './lib/index.js';
export { splitFile, type FilePartition } from './io/index.js';
export { ClusterError, Cluster, type ConnectOptions, type ClusterProgress, type QueryStats, type ClusterWorker } from './cluster/index.js';
export type { AggOptions } from './frontend/frame/index.js';
export { cluster, type StartWorkerOptions } from './cluster-entry.js';
export type {
  ReturnsOptions, CumulativeOptions, RollingOptions, RollingVarOptions, RollingQuantileOptions, EwmOptions, EwmVarOptions,
  CovOptions, RatioOptions, TriangularOptions, QuantileMethod, QuantileOptions, TailOptions, MonteCarloOptions, MonteCarloResult,
  Revaluation, Greeks, OptionInputs, ImpliedVolInputs, ImpliedVolOptions, ImpliedVolResult, Key as RandomKey, NormalOptions, UniformOptions,
} from './lib/index.js';
