/** The public frontend, as src/lib sees it: the same API users import from 'quiverjs'. */
export { np } from './np.js';
export { NDArray } from './ndarray.js';
export type { DataOptions } from './read.js';
export type { ArrayInput, NestedArray } from './operand.js';
export type { SliceSpec, ShapeOptions, AxesOptions, AxisListOptions } from './movement.js';
export type { AxisOptions } from './sorting.js';
export type { JoinOptions } from './join.js';
export type { ReduceOptions, VarOptions, ArgOptions, ScanOptions, Axis } from './reduce.js';
export type { RandomBitsOptions, DTypeOptions, ArangeOptions, EyeOptions, LinspaceOptions } from './creation.js';
/** For src/lib only (users reach it through risk.rolling*): the rolling-window ops. */
export { rollingStatistic } from './rolling.js';
/** For src/lib only (users reach it through risk.ewm*): the exponentially weighted ops. */
export { ewmStatistic } from './ewm.js';
/** For src/lib only (users reach it through risk.impliedVol): the implied-volatility op. */
export { impliedVolSolve } from './implied-vol.js';
