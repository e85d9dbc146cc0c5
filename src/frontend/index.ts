/** The public frontend, as src/lib sees it: the same API users import from 'quiverjs'. */
export { np } from './np.js';
export { NDArray } from './ndarray.js';
export type { ArrayInput, NestedArray } from './operand.js';
export type { SliceSpec } from './movement.js';
export type { ReduceOptions, VarOptions, ArgOptions, Axis } from './reduce.js';
export type { RandomBitsOptions } from './creation.js';
