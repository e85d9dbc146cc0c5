/**
 * The pool worker, as self-contained JavaScript (the pool starts it from a data: or
 * Blob URL, so bundlers and file layouts do not matter). It instantiates the kernel
 * module on the shared memory with its own stack, then waits on the control block for
 * jobs: Atomics.wait on the sequence word, run its job, count itself done, notify.
 *
 * Control block (Int32 words at `ctrl`): [0] sequence, [1] done count, [2] stop flag,
 * then per worker `words` words: 1 + the index of the export in `names` (0 = no job),
 * 10 u32 arguments, the returned status (0 for exports that return nothing), the
 * trap code (traps.ts: 1 + the index in `traps` of the message's kind), and at `claim`
 * the claim: a worker runs its job only if it swaps the claim from 0 to 1 first, since
 * the calling thread runs a job no worker claimed (pool.ts), and counts done only the
 * jobs it ran. A job that traps
 * leaves the instance's stack and state unknown: the worker writes the code, counts
 * itself done so the batch ends, and serves no more jobs; the pool replaces it.
 */
export const WORKER_SOURCE = `
const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node) && typeof Deno === 'undefined';
const port = isNode ? (await import('node:worker_threads')).parentPort : self;
const listen = (fn) => (isNode ? port.on('message', fn) : self.addEventListener('message', (e) => fn(e.data)));
const trapCode = (e, traps) => {
  const message = String((e && e.message) || e).toLowerCase();
  const i = traps.findIndex((k) => message.includes(k));
  return i < 0 ? traps.length + 1 : i + 1;
};
listen(async ({ module, memory, stackTop, ctrl, index, names, words: stride, claim, traps }) => {
  const { exports } = await WebAssembly.instantiate(module, { env: { memory } });
  exports.__stack_pointer.value = stackTop;
  const words = () => new Int32Array(memory.buffer);
  const base = ctrl >> 2;
  // Read before saying ready: a batch dispatched right after would otherwise count as seen, and never run.
  let seen = Atomics.load(words(), base);
  port.postMessage('ready');
  for (;;) {
    Atomics.wait(words(), base, seen);
    const w = words();
    seen = Atomics.load(w, base);
    if (Atomics.load(w, base + 2) !== 0) return;
    const job = base + 3 + index * stride;
    if (Atomics.compareExchange(w, job + claim, 0, 1) !== 0) continue;
    const fn = w[job];
    let trapped = false;
    const args = Array.from(w.subarray(job + 1, job + 11), (x) => x >>> 0);
    try {
      w[job + 11] = exports[names[fn - 1]](...args) ?? 0;
    } catch (e) {
      w[job + 12] = trapCode(e, traps);
      trapped = true;
    }
    Atomics.add(w, base + 1, 1);
    Atomics.notify(w, base + 1);
    if (trapped) return;
  }
});
`;
