/**
 * The error classes src/lib throws: the same ones `quiver` exports, so users catch a
 * risk function's bad input the way they catch an ndarray op's. They come from the
 * graph layer (below the frontend, so the import runs one way); the frontend's index
 * does not re-export them yet.
 */
export { ArgumentError, QuiverError, ShapeError, ValueError } from '../graph/errors.js';
export { MemoryError } from '../runtime/cache/errors.js';
