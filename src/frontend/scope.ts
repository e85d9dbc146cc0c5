import { ValueError } from '../graph/errors.js';
import { disposeHandle, withScope } from './handle.js';
import { NDArray } from './ndarray.js';
import { functionArg } from './arguments.js';

/** Every NDArray inside a returned value (arrays, plain objects, nesting). */
function collectArrays(value: unknown, into: Set<object>): void {
  if (value instanceof NDArray) into.add(value);
  else if (Array.isArray(value)) value.forEach((v) => collectArrays(v, into));
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    Object.values(value).forEach((v) => collectArrays(v, into));
  }
}

/**
 * np.scope(fn): runs fn and disposes every array made inside it except those it
 * returns (directly or inside arrays/objects). fn must be synchronous: arrays made
 * after an `await` could not be attributed to the scope.
 */
export function scope<T>(fn: () => T): T {
  const { result, made } = withScope(functionArg<() => T>('scope', 'fn', fn));
  if (result instanceof Promise) {
    throw new ValueError('scope: the function returned a Promise; np.scope takes a synchronous function (await outside it)');
  }
  const kept = new Set<object>();
  collectArrays(result, kept);
  for (const handle of made) if (!kept.has(handle)) disposeHandle(handle);
  return result;
}
