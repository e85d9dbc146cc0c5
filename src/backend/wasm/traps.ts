import { BackendError } from '../../graph/errors.js';

/**
 * Why a kernel trapped, as a small code a worker can write into the control block (it
 * cannot pass a string through shared memory): the RuntimeError messages engines give
 * for wasm traps, in order; 0 means it did not trap, and the last code is any other.
 */
export const TRAP_KINDS = ['unreachable', 'memory access out of bounds', 'divide by zero', 'integer overflow', 'call stack', 'out of memory'] as const;
const OTHER = TRAP_KINDS.length + 1;

/** The code for a thrown error (the same matching runs in the worker source). */
export function trapCode(error: unknown): number {
  const message = String((error as { message?: unknown } | undefined)?.message ?? error).toLowerCase();
  const i = TRAP_KINDS.findIndex((k) => message.includes(k));
  return i < 0 ? OTHER : i + 1;
}

const describe = (code: number): string => (code === OTHER ? 'an error' : `a trap (${TRAP_KINDS[code - 1]})`);

/**
 * A kernel that trapped fails its evaluation with this; the heap blocks of the plan are
 * released as on any error, and the thread that trapped is replaced before the next one.
 */
export function trapError(fn: string, thread: number, code: number): BackendError {
  const where = thread === 0 ? 'the calling thread' : `worker ${thread}`;
  return new BackendError(`wasm: the kernel ${fn} stopped with ${describe(code)} on ${where}; the evaluation failed and the pool starts a fresh worker for the next one`);
}
