import { Node, type SolverAttrs } from '../graph/node.js';
import { broadcastShapes, sameShape } from '../graph/shape.js';
import type { NDArray } from './ndarray.js';
import { castNode, operands, toNode, wrap, type ArrayInput } from './operand.js';

/** The inputs of impliedVolSolve, in the op's input order (graph/ops.ts impliedVol). */
export interface ImpliedVolOperands {
  price: ArrayInput;
  spot: ArrayInput;
  strike: ArrayInput;
  time: ArrayInput;
  rate: ArrayInput;
  dividend: ArrayInput;
  call: ArrayInput;
}

/**
 * The impliedVol node behind risk.impliedVol: the numeric inputs promote together (JS
 * numbers are weak, so float32 arrays stay float32; anything else computes in float64),
 * `call` is read as a boolean, and all seven are cast and broadcast to one shape (views,
 * so nothing is copied). The result is [4, ...shape]: vol, converged (0/1), iterations
 * and relative price error. Not on `np` (NumPy has no option pricing); src/lib checks
 * the arguments and names its own function in errors.
 */
export function impliedVolSolve(o: ImpliedVolOperands, solver: SolverAttrs): NDArray {
  const { dtype: common, nodes } = operands('impliedVol', [o.price, o.spot, o.strike, o.time, o.rate, o.dividend]);
  const dtype = common === 'float32' ? 'float32' : 'float64';
  const all = [...nodes, castNode(toNode('impliedVol', o.call), 'bool')];
  const shape = broadcastShapes('impliedVol', ...all.map((n) => n.shape));
  const inputs = all.map((n) => {
    const cast = castNode(n, dtype);
    return sameShape(cast.shape, shape) ? cast : new Node('expand', [cast], shape, dtype, { shape });
  });
  return wrap(new Node('impliedVol', inputs, [4, ...shape], dtype, { solver }));
}
