import type { Node, Realized } from '../../graph/node.js';
import { expandView, permuteView, reshapeView, sliceView } from '../../graph/view.js';
import { readAs, store } from './strided.js';

/**
 * Movement ops only change the view: the result shares the input's buffer. A reshape
 * that strides cannot express (e.g. flattening a transpose) copies once, as NumPy does.
 */
export function evalMovement(node: Node, [input]: readonly Realized[]): Realized {
  const r = input!;
  const a = node.attrs;
  switch (node.op) {
    case 'permute':
      return { data: r.data, view: permuteView(r.view, a.axes!) };
    case 'expand':
      return { data: r.data, view: expandView(r.view, a.shape!) };
    case 'slice':
      return { data: r.data, view: sliceView(r.view, a.slices!) };
    case 'reshape': {
      const view = reshapeView(r.view, a.shape!);
      return view ? { data: r.data, view } : store(node.dtype, a.shape!, readAs(r, r.view.shape));
    }
    default:
      throw new Error(`movement: ${node.op} is not a movement op`);
  }
}
