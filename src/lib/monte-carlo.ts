/**
 * Monte Carlo VaR and expected shortfall of a portfolio under correlated normal shocks.
 *
 * Scenario s draws z_s = row s of random.normal(key, [scenarios, assets]), shocks it to
 * x_s = mean + L z_s with L the Cholesky factor of the covariance, and revalues the
 * portfolio. Scenarios run in blocks of rows: inside a block the draw, the shock, the
 * revaluation and the sum over assets are one lazy expression the optimizer fuses as far
 * as the backend allows, and only the block's P&L vector is kept, so memory stays at one
 * block of [blockSize x assets] however many scenarios run. A block's draws are rows of
 * the one draw random.normal(key, [scenarios, assets]) (`normalRows`), so the result does
 * not depend on the block size.
 */
import { np, type ArrayInput, type NDArray } from '../frontend/index.js';
import { asFloat } from './axis.js';
import { MemoryError, ShapeError, ValueError } from './errors.js';
import { cholesky } from './linalg.js';
import type { Key } from './random.js';
import { checkLevel, historicalCvar, historicalVar } from './value-at-risk.js';
import type { Cluster } from '../cluster/connect.js';
import { blocksOnCluster } from './monte-carlo-cluster.js';
import { blockPnl, type ScenarioInputs } from './monte-carlo-block.js';

/**
 * How `risk.monteCarloVar` turns shocks into P&L: 'linear' (shocks are simple returns) or
 * 'exponential' (log returns, each position revalued).
 */
export type Revaluation = 'linear' | 'exponential';

/**
 * Options of `risk.monteCarloVar`: the number of scenarios (drawn in blocks, so any count
 * fits in memory), the level, the mean shock and the revaluation.
 */
export interface MonteCarloOptions {
  scenarios: number;
  /** Confidence level, default 0.99. */
  level?: number;
  /** Mean shock per asset ([assets] or a number), default 0. */
  mean?: ArrayInput;
  /**
   * How shocks become P&L. 'linear' (default): shocks are simple returns and the P&L is
   * Σ wᵢ xᵢ. 'exponential': shocks are log returns and each position is revalued,
   * Σ wᵢ (exp(xᵢ) - 1), so large moves are not linearised.
   */
  revalue?: Revaluation;
  /** Scenarios per block; default keeps a block near 2^21 values (16 MiB of float64). */
  blockSize?: number;
  /** Called after each block with the scenarios done so far. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Runs the blocks as jobs on this cluster's workers (`cluster.connect`). Each block draws
   * its own rows of the one Philox stream, so the P&L, VaR and ES are the one-machine run's.
   */
  cluster?: Cluster;
}

/** What `risk.monteCarloVar` gives: VaR and expected shortfall as positive losses, and every scenario's P&L. */
export interface MonteCarloResult {
  /** Positive loss, in the units of the weights (fractions of value when they sum to 1). */
  valueAtRisk: number;
  expectedShortfall: number;
  /** Every scenario's P&L, [scenarios], for histograms and further statistics. */
  pnl: NDArray;
}

/** 2^21 values per block: big enough that per-block overhead vanishes, small enough for any device. */
const BLOCK_VALUES = 2 ** 21;

/**
 * Monte Carlo VaR/CVaR: cov is [assets x assets] (per horizon), weights [assets] (position
 * values or fractions). VaR is -quantile(P&L, 1 - level) (NumPy's linear method) and
 * expected shortfall the Acerbi-Tasche tail mean, as `historicalVar` / `historicalCvar`
 * compute them on the simulated P&L. Async: it factors cov and evaluates block by block.
 */
export async function monteCarloVar(key: Key, cov: ArrayInput, weights: ArrayInput, options: MonteCarloOptions): Promise<MonteCarloResult> {
  const { scenarios, revalue = 'linear', onProgress } = options;
  const level = checkLevel('monteCarloVar', options.level ?? 0.99);
  const c = asFloat(cov);
  const w = asFloat(weights);
  const d = w.shape[0]!;
  if (w.ndim !== 1 || c.ndim !== 2 || c.shape[0] !== d || c.shape[1] !== d) {
    throw new ShapeError(`monteCarloVar: weights (${w.shape.join(', ')}) and cov (${c.shape.join(', ')}) must be [assets] and [assets x assets]`);
  }
  if (!Number.isInteger(scenarios) || scenarios < 1) throw new ValueError(`monteCarloVar: scenarios must be a positive integer, got ${scenarios}`);
  if (revalue !== 'linear' && revalue !== 'exponential') throw new ValueError(`monteCarloVar: revalue must be 'linear' or 'exponential', got '${revalue}'`);
  const blockSize = options.blockSize ?? Math.max(1, Math.floor(BLOCK_VALUES / Math.max(d, 1)));
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new ValueError(`monteCarloVar: blockSize must be a positive integer, got ${blockSize}`);

  const pnl = pnlArray(scenarios);
  const mean = options.mean === undefined ? 0 : asFloat(options.mean);
  const inputs: ScenarioInputs = { key, assets: d, scenarios, dtype: c.dtype as 'float32' | 'float64', revalue, weights: w, mean };
  if (options.cluster) {
    const blocks = await blocksOnCluster(options.cluster, inputs, c, blockSize, onProgress);
    blocks.forEach((b, i) => pnl.set(b, i * blockSize));
  } else {
    const lowerT = (await cholesky(c)).T;
    for (let start = 0; start < scenarios; start += blockSize) {
      const stop = Math.min(start + blockSize, scenarios);
      pnl.set(await blockPnl(inputs, lowerT, start, stop), start);
      onProgress?.(stop, scenarios);
    }
  }
  const all = np.asarray(pnl);
  const [v, es] = await np.compute(historicalVar(all, { level }), historicalCvar(all, { level }));
  return { valueAtRisk: v![0]!, expectedShortfall: es![0]!, pnl: all };
}

/** The simulated P&L, one float64 per scenario: a count past what the process can allocate is a MemoryError naming it. */
function pnlArray(scenarios: number): Float64Array {
  try {
    return new Float64Array(scenarios);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new MemoryError(`monteCarloVar: ${scenarios} scenarios need ${scenarios * 8} bytes for their P&L, more than this process can allocate (${e.message})`);
  }
}
