/**
 * A WeakRef made or read keeps its target alive until the current job ends (ECMA-262
 * AddToKeptObjects), and a job ends only when the microtask queue drains. Quiver makes
 * WeakRefs to graph nodes (their consumers, a buffer's holders), so a loop of awaited
 * evaluations that never waits for I/O, such as a benchmark or a report step repeated,
 * kept every node it had built alive, and with it every column and result they hold: a
 * 200,000-row frame grouped in such a loop grew by 6 MB a run until the loop ended, and
 * its runs slowed from 12 to 27 ms as fresh memory faulted in. Evaluations therefore let
 * the event loop turn once enough has been read or written, or enough evaluations ran,
 * since the last turn. A turn is one message through a MessageChannel (tens of
 * microseconds), small next to the 16 MiB of work or 64 evaluations it follows.
 */
const TURN_BYTES = 16 * 2 ** 20;
const TURN_EVALUATIONS = 64;

let bytes = 0;
let evaluations = 0;

/** Counts an evaluation that read or wrote `read` bytes. */
export function noteEvaluation(read: number): void {
  bytes += read;
  evaluations++;
}

/**
 * Whether the evaluations since the last turn have reached either limit; if so the
 * counts start again, and the caller awaits turnEventLoop. A plain test, so an evaluation
 * that is not due pays no promise of its own.
 */
export function turnDue(): boolean {
  if (bytes < TURN_BYTES && evaluations < TURN_EVALUATIONS) return false;
  bytes = 0;
  evaluations = 0;
  return true;
}

/** Resolves from a task of its own, after the microtask queue has drained. */
export const turnEventLoop = (): Promise<void> =>
  new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
