import { np, type NDArray } from '../frontend/index.js';
import { normalRows, type FloatDType, type Key } from './random.js';

/** What every block of a Monte Carlo run reads besides the Cholesky factor. */
export interface ScenarioInputs {
  readonly key: Key;
  readonly assets: number;
  readonly scenarios: number;
  readonly dtype: FloatDType;
  readonly revalue: 'linear' | 'exponential';
  readonly weights: NDArray;
  readonly mean: NDArray | number;
}

/** The P&L of scenarios [start, stop): their rows of the one draw, shocked by the Cholesky factor and revalued. */
export async function blockPnl(inputs: ScenarioInputs, lowerT: NDArray, start: number, stop: number): Promise<Float64Array> {
  const { key, assets, scenarios, dtype, revalue, weights, mean } = inputs;
  // The scope and the dispose free each block's buffers as soon as it is read, rather than whenever GC notices them.
  const pnl = np.scope(() => {
    const shocks = normalRows(key, [scenarios, assets], start, stop, { dtype }).matmul(lowerT).add(mean);
    return (revalue === 'linear' ? shocks : shocks.expm1()).matmul(weights);
  });
  const data = Float64Array.from(await pnl.data());
  pnl.dispose();
  return data;
}
