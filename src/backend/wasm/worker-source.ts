/**
 * The pool worker, as self-contained JavaScript (the pool starts it from a data: or
 * Blob URL, so bundlers and file layouts do not matter). It instantiates the kernel
 * module on the shared memory with its own stack, then waits on the control block for
 * jobs: Atomics.wait on the sequence word, run its job, count itself done, notify.
 *
 * Control block (Int32 words at `ctrl`): [0] sequence, [1] done count, [2] stop flag,
 * then per worker 12 words: 1 + the index of the export in `names` (0 = no job), 10
 * u32 arguments, the returned status (0 for exports that return nothing).
 */
export const WORKER_SOURCE = `
const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node) && typeof Deno === 'undefined';
const port = isNode ? (await import('node:worker_threads')).parentPort : self;
const listen = (fn) => (isNode ? port.on('message', fn) : self.addEventListener('message', (e) => fn(e.data)));
listen(async ({ module, memory, stackTop, ctrl, index, names }) => {
  const { exports } = await WebAssembly.instantiate(module, { env: { memory } });
  exports.__stack_pointer.value = stackTop;
  port.postMessage('ready');
  const words = () => new Int32Array(memory.buffer);
  const base = ctrl >> 2;
  let seen = Atomics.load(words(), base);
  for (;;) {
    Atomics.wait(words(), base, seen);
    const w = words();
    seen = Atomics.load(w, base);
    if (Atomics.load(w, base + 2) !== 0) return;
    const job = base + 3 + index * 12;
    const fn = w[job];
    if (fn > 0) {
      const args = Array.from(w.subarray(job + 1, job + 11), (x) => x >>> 0);
      w[job + 11] = exports[names[fn - 1]](...args) ?? 0;
      w[job] = 0;
    }
    Atomics.add(w, base + 1, 1);
    Atomics.notify(w, base + 1);
  }
});
`;
