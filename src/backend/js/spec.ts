import type { Node } from '../../graph/node.js';
import type { Shape } from '../../graph/shape.js';

/**
 * What the data-dependent routines need to know about their op: a graph node has
 * all of it, and so does an opaque kernel program, so both paths share one routine.
 */
export type OpSpec = Pick<Node, 'op' | 'shape' | 'dtype' | 'attrs'> & { readonly inputs: readonly { readonly shape: Shape }[] };
