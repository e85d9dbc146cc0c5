import { ITEM_BYTES } from '../../../graph/dtype.js';
import { sizeOf } from '../../../graph/shape.js';
import type { OpaqueKernel } from '../../../kernel/program.js';
import { withBlocks, type LaunchContext, type PtrOf, type Steps } from '../launch.js';
import { split } from '../program-call.js';
import { inPlace } from './in-place.js';

/**
 * Implied volatility of elements [start, end) of `n` options (wasm/src/implied_vol.rs):
 * `inputs` holds the 7 inputs' byte addresses as u32, `out` gets the 4 rows; the
 * tolerance as the two 32-bit halves of its float64 (pool jobs pass u32 arguments).
 */
type ImpliedVolFn = (inputs: number, out: number, n: number, start: number, end: number, tolLo: number, tolHi: number, maxIterations: number) => void;

/** The implied-volatility entry points of wasm/quiver.wasm, one per float dtype. */
export const IMPLIED_VOL_FNS = ['implied_vol_f64', 'implied_vol_f32'] as const;
export type ImpliedVolExports = { [K in (typeof IMPLIED_VOL_FNS)[number]]: ImpliedVolFn };

/**
 * Thread ranges start on multiples of this. An option costs some 7 pricings (about 2 µs
 * on the 2-core bench machine), so even small ranges are worth a thread; 64 keeps each
 * thread's stores of a row on lines of its own.
 */
const ALIGN = 64;

/**
 * impliedVol: each input's prologue written out as n contiguous elements of the output's
 * float dtype (unless it already lies so), the table of their addresses, then the Rust
 * routine with the elements split over the threads, writing the [4, n] result in place.
 */
export function* launchImpliedVol(ctx: LaunchContext, p: OpaqueKernel, ptrOf: PtrOf): Steps {
  const out = p.outputs[0]!;
  const dtype = out.dtype;
  if (dtype !== 'float64' && dtype !== 'float32') throw new TypeError(`impliedVol: no wasm routine over ${dtype} data`);
  const n = sizeOf(p.shape.slice(1));
  if (n === 0) return;
  const direct = p.inputs.map((body, k) => inPlace(body, p.refs[k]!, dtype, n, ptrOf));
  const bytes = [p.inputs.length * 4, ...direct.map((d) => (d === undefined ? n * ITEM_BYTES[dtype] : 0))];
  yield* withBlocks(ctx.heap, bytes, function* ([table, ...copies]) {
    const ptrs = direct.map((d, k) => d ?? copies[k]!);
    for (const [k, body] of p.inputs.entries()) {
      if (direct[k] === undefined) yield* ctx.map(body, ptrOf, [{ ref: p.refs[k]!, dtype, ptr: ptrs[k]! }]);
    }
    new Uint32Array(ctx.heap.memory.buffer, table!, ptrs.length).set(ptrs);
    const bits = new DataView(new ArrayBuffer(8));
    bits.setFloat64(0, p.solver!.tolerance, true);
    const fn = dtype === 'float64' ? 'implied_vol_f64' : 'implied_vol_f32';
    const args = (start: number, end: number) => [table!, ptrOf(out.slot), n, start, end, bits.getUint32(0, true), bits.getUint32(4, true), p.solver!.maxIterations];
    yield split(n, ctx.parallelism(n * 64), ALIGN).map(([start, end]) => ({ fn, args: args(start, end) }));
  });
}
