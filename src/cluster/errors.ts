import { QuiverError } from '../graph/errors.js';

/** A distributed query that cannot run: Redis misconfigured or gone, a worker of another build, a job that failed on a worker (its reason quoted). */
export class ClusterError extends QuiverError {
  override name = 'ClusterError';
}
