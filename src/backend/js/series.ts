import type { NodeAttrs } from '../../graph/node.js';
import { isEwm, isRolling, type OpName } from '../../graph/ops.js';
import { ewmSeries } from './ewm.js';
import { rollingSeries } from './rolling.js';

/** One series in, its statistic out (same length, float64). */
export type SeriesSweep = (x: Float64Array, out: Float64Array) => void;

/** The sweep of a rolling or exponentially weighted op over one series; undefined for cumsum and cumprod. */
export function seriesSweep(op: OpName, { rolling, ewm }: Pick<NodeAttrs, 'rolling' | 'ewm'>): SeriesSweep | undefined {
  if (rolling && isRolling(op)) return (x, out) => rollingSeries(op, rolling, x, out);
  if (ewm && isEwm(op)) return (x, out) => ewmSeries(op, ewm, x, out);
  return undefined;
}
