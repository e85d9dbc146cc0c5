import { fmtShape } from '../graph/errors.js';
import { sizeOf } from '../graph/shape.js';
import { MemoryError } from '../runtime/cache/errors.js';
import { elementLimit } from '../runtime/init.js';

/**
 * Refuses a shape with more elements than the active backend can index (#20): at the
 * call, with the size and the limit named, rather than as a fault inside a kernel.
 * Before `init()` there is no backend to ask, and evaluation will say so.
 */
export function checkElements(op: string, shape: readonly number[]): void {
  const limit = elementLimit();
  const size = sizeOf(shape);
  if (limit && size > limit.maxElements) {
    throw new MemoryError(`${op}: shape ${fmtShape(shape)} holds ${size} elements, past the ${limit.name} backend's limit of ${limit.maxElements} (maxElements)`);
  }
}
