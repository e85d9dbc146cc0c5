import { QuiverError } from '../../graph/errors.js';

/** A budget that cannot be kept, a spill that failed, or a spill tier that is missing. */
export class MemoryError extends QuiverError {
  override name = 'MemoryError';
}
