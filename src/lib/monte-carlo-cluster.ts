/**
 * Monte Carlo VaR on a cluster: one job per block of scenarios. A block draws its rows of
 * the one Philox stream `random.normal(key, [scenarios, assets])` and the worker factors
 * the same covariance the same way, so the P&L vector, and the VaR and ES computed from
 * it here, are the one-machine run's (with workers on the same backend and threads).
 */
import { runBlocksOnCluster, type BlockEngine, type BlockPlan } from '../cluster/blocks.js';
import type { Cluster } from '../cluster/connect.js';
import { buildId, nonce } from '../cluster/identity.js';
import { np, type NDArray } from '../frontend/index.js';
import { ArgumentError, ValueError } from './errors.js';
import { cholesky } from './linalg.js';
import { blockPnl, type ScenarioInputs } from './monte-carlo-block.js';

/** An array as JSON: dtype, shape and values (all finite: JSON has no NaN or Infinity). */
interface WireArray {
  readonly dtype: 'float32' | 'float64';
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

interface MonteCarloPlan extends BlockPlan {
  readonly task: 'monteCarloVar';
  readonly key: readonly [number, number];
  readonly assets: number;
  readonly scenarios: number;
  readonly blockSize: number;
  readonly revalue: 'linear' | 'exponential';
  readonly cov: WireArray;
  readonly weights: WireArray;
  readonly mean: WireArray | number;
}

async function wire(name: string, a: NDArray): Promise<WireArray> {
  const values = Array.from(await a.data() as Float64Array);
  if (!values.every(Number.isFinite)) throw new ValueError(`monteCarloVar: ${name} holds NaN or Infinity, which a cluster plan cannot carry (and no scenario could be priced with)`);
  return { dtype: a.dtype as 'float32' | 'float64', shape: a.shape, values };
}

const fromWire = (a: WireArray): NDArray => np.array(a.values as number[], a.dtype).reshape(a.shape as number[]);

const factors = new WeakMap<MonteCarloPlan, Promise<NDArray>>();

/** The transposed Cholesky factor of the plan's covariance, once per plan a worker holds. */
function lowerT(plan: MonteCarloPlan): Promise<NDArray> {
  let f = factors.get(plan);
  if (!f) factors.set(plan, (f = cholesky(fromWire(plan.cov)).then((l) => l.T)));
  return f;
}

function inputsOf(plan: MonteCarloPlan): ScenarioInputs {
  const mean = typeof plan.mean === 'number' ? plan.mean : fromWire(plan.mean);
  return { key: plan.key, assets: plan.assets, scenarios: plan.scenarios, dtype: plan.cov.dtype, revalue: plan.revalue, weights: fromWire(plan.weights), mean };
}

const isWire = (a: unknown): boolean => {
  const w = a as WireArray | null;
  return w !== null && typeof w === 'object' && (w.dtype === 'float32' || w.dtype === 'float64') && Array.isArray(w.shape) && Array.isArray(w.values) && w.values.every((v) => typeof v === 'number');
};

/** The blocks of a Monte Carlo plan, as a worker runs them. */
export const monteCarloBlocks: BlockEngine<MonteCarloPlan> = {
  check(plan) {
    const p = plan as MonteCarloPlan;
    const ok = p.task === 'monteCarloVar' && Array.isArray(p.key) && p.key.length === 2 && [p.assets, p.scenarios, p.blockSize, p.blocks].every(Number.isSafeInteger) &&
      (p.revalue === 'linear' || p.revalue === 'exponential') && isWire(p.cov) && isWire(p.weights) && (typeof p.mean === 'number' || isWire(p.mean));
    if (!ok) throw new ArgumentError(`plan: not a monteCarloVar plan (${JSON.stringify(plan).slice(0, 200)})`);
    return p;
  },
  async run(plan, index) {
    const start = index * plan.blockSize;
    return blockPnl(inputsOf(plan), await lowerT(plan), start, Math.min(start + plan.blockSize, plan.scenarios));
  },
};

/** Every block's P&L from the cluster's workers, in block order. */
export async function blocksOnCluster(c: Cluster, inputs: ScenarioInputs, cov: NDArray, blockSize: number, onProgress?: (done: number, total: number) => void): Promise<Float64Array[]> {
  const { key, assets, scenarios, revalue } = inputs;
  const plan: MonteCarloPlan = {
    query: `mc${nonce(8)}`,
    build: await buildId(),
    kind: 'blocks',
    blocks: Math.ceil(scenarios / blockSize),
    task: 'monteCarloVar',
    key: [key[0], key[1]],
    assets,
    scenarios,
    blockSize,
    revalue,
    cov: await wire('cov', cov),
    weights: await wire('weights', inputs.weights),
    mean: typeof inputs.mean === 'number' ? inputs.mean : await wire('mean', inputs.mean),
  };
  const progress = onProgress && ((p: { done: number }) => onProgress(Math.min(p.done * blockSize, scenarios), scenarios));
  return runBlocksOnCluster(c, plan, monteCarloBlocks, progress);
}
