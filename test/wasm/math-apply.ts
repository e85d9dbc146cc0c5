import { readFileSync } from 'node:fs';

/**
 * Test-only: wasm/src/math.rs's scalar functions through the `math_apply` test entry of
 * the committed wasm/quiver.wasm, on a shared memory of its own.
 */

export interface MathExports {
  math_apply(op: number, x: number, y: number, out: number, n: number): void;
  readonly __heap_base: WebAssembly.Global;
}

export interface MathModule {
  readonly ex: MathExports;
  readonly memory: WebAssembly.Memory;
  /** Runs function `op` (the VM's opcode) over x (and y), in memory above __heap_base. */
  apply(op: number, x: ArrayLike<number>, y?: ArrayLike<number>): Float64Array;
}

export async function instantiateMath(): Promise<MathModule> {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 1024, shared: true });
  const bytes = readFileSync(new URL('../../wasm/quiver.wasm', import.meta.url));
  const ex = (await WebAssembly.instantiate(bytes, { env: { memory } })).instance.exports as unknown as MathExports;
  const apply = (op: number, x: ArrayLike<number>, y?: ArrayLike<number>): Float64Array => {
    const n = x.length;
    const base = Math.ceil((ex.__heap_base.value as number) / 8) * 8;
    const need = base + 24 * n + 8 - memory.buffer.byteLength;
    if (need > 0) memory.grow(Math.ceil(need / 65536));
    const [xp, yp, outp] = [base, base + 8 * n, base + 16 * n];
    new Float64Array(memory.buffer, xp, n).set(x);
    if (y) new Float64Array(memory.buffer, yp, n).set(y);
    ex.math_apply(op, xp, y ? yp : 0, outp, n);
    return new Float64Array(memory.buffer, outp, n).slice();
  };
  return { ex, memory, apply };
}
