import type { ExprTree } from './expr.js';
import { stepSpecOf, type ScanStep } from './wire.js';

/**
 * The source columns a scan reads when its steps run and `used` are read after them
 * (polars' projection pushdown: the reader passes over the rest), or undefined when a
 * step holds an array or an expression it cannot see into, and so every column is read.
 * Names may include ones the source lacks (an assign's own outputs); the reader skips them.
 */
export function sourceColumns(steps: readonly ScanStep[], used: readonly string[]): string[] | undefined {
  const wanted = new Set(used);
  for (let s = steps.length - 1; s >= 0; s--) {
    const spec = stepSpecOf(steps[s]!);
    if (!spec) return undefined;
    if ('filter' in spec) addColumns(spec.filter, wanted);
    if ('assign' in spec) {
      const trees = Object.entries(spec.assign);
      for (const [name] of trees) wanted.delete(name);
      // Every expression of the step runs, read or not, so each needs its columns.
      for (const [, tree] of trees) addColumns(tree, wanted);
    }
    // A select only drops columns: whatever is read after it is among those it keeps.
  }
  return [...wanted];
}

function addColumns(tree: ExprTree, into: Set<string>): void {
  if ('col' in tree) {
    into.add(tree.col);
    return;
  }
  addColumns(tree.a, into);
  // b is a number, a boolean, a spelled-out number ({ number: 'NaN' }) or an expression.
  if ('b' in tree && typeof tree.b === 'object' && !('number' in tree.b)) addColumns(tree.b, into);
}
