/**
 * The pool worker, as self-contained JavaScript (the pool starts it from a data: or
 * Blob URL, so bundlers and file layouts do not matter). It instantiates the kernel
 * module on the shared memory with its own stack, then waits on the control block for
 * jobs: Atomics.wait on the sequence word, run its job, count itself done, notify.
 *
 * Control block (Int32 words at `ctrl`): [0] sequence, [1] done count, [2] stop flag,
 * then per worker 10 words: export index (0 = no job), 8 u32 arguments, the returned status.
 */
export const WORKER_SOURCE = `
const EXPORTS = ['vm_map', 'vm_reduce_states'];
const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node) && typeof Deno === 'undefined';
const port = isNode ? (await import('node:worker_threads')).parentPort : self;
const listen = (fn) => (isNode ? port.on('message', fn) : self.addEventListener('message', (e) => fn(e.data)));
listen(async ({ module, memory, stackTop, ctrl, index }) => {
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
    const job = base + 3 + index * 10;
    const fn = w[job];
    if (fn > 0) {
      const args = Array.from(w.subarray(job + 1, job + 9), (x) => x >>> 0);
      w[job + 9] = exports[EXPORTS[fn - 1]](...args);
      w[job] = 0;
    }
    Atomics.add(w, base + 1, 1);
    Atomics.notify(w, base + 1);
  }
});
`;
