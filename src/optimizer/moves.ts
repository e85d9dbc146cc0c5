import type { Node } from '../graph/node.js';
import type { Shape } from '../graph/shape.js';
import { expandView, permuteView, reshapeView, sliceView, type View } from '../graph/view.js';

/**
 * A movement applied on the way from a value up to the kernel's iteration space:
 * the movement node itself, or the implicit broadcast of an elementwise operand.
 */
export type Move = { readonly node: Node } | { readonly expand: Shape };

/** Thrown when a reshape cannot be expressed as a view of `input`: the scheduler materialises `input` and plans again. */
export class NeedsCopy extends Error {
  constructor(readonly input: Node) {
    super(`reshape of node ${input.id} needs a contiguous copy`);
  }
}

export function applyMove(view: View, move: Move): View {
  if ('expand' in move) return sameShape(view.shape, move.expand) ? view : expandView(view, move.expand);
  const { node } = move;
  const a = node.attrs;
  switch (node.op) {
    case 'permute':
      return permuteView(view, a.axes!);
    case 'expand':
      return expandView(view, a.shape!);
    case 'slice':
      return sliceView(view, a.slices!);
    case 'reshape': {
      const v = reshapeView(view, a.shape!);
      if (!v) throw new NeedsCopy(node.inputs[0]!);
      return v;
    }
    default:
      throw new Error(`applyMove: ${node.op} is not a movement op`);
  }
}

export const applyMoves = (view: View, moves: readonly Move[]): View => moves.reduce(applyMove, view);

export const moveKey = (moves: readonly Move[]): string =>
  moves.map((m) => ('expand' in m ? `e${m.expand.join('x')}` : `n${m.node.id}`)).join('/');

const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
