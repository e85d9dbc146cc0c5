import { ROUND_TO, type DType } from '../../../graph/dtype.js';
import { contiguousStrides } from '../../../graph/shape.js';
import type { View } from '../../../graph/view.js';
import type { Body, Generator, Instr, Load } from '../../../kernel/program.js';
import { f32 } from './literals.js';
import { convert, LOWER, naturalKind, Unsupported } from './ops.js';
import type { ShaderBuilder } from './shader.js';
import { KIND, literal, typeOf } from './types.js';

/**
 * A kernel body as a WGSL function `fn NAME(pos: u32, acc0: T0, ...) -> NAME_out` that
 * evaluates the body at C-order position `pos` of its shape and returns the values
 * `refs` asks for as fields `v<ref>`. Every kernel kind calls bodies this way: a map
 * passes its thread's position, a reduction the position of (output, run index), a
 * matmul the position of (batch, row, k). Each instruction is one `let`, computed in
 * its input's kind and rounded to its own dtype, as the reference does.
 */
export function emitBodyFunction(name: string, body: Body, refs: readonly number[], b: ShaderBuilder, accDTypes: readonly DType[] = []): string {
  const index = new IndexMath(body.shape);
  const lines: string[] = [];
  body.instrs.forEach((ins, k) => lines.push(`  let v${k}: ${typeOf(ins.dtype)} = ${instrExpr(ins, body, index, b)};`));
  const fields = [...new Set(refs)];
  const params = ['pos: u32', ...accDTypes.map((d, i) => `acc${i}: ${typeOf(d)}`)].join(', ');
  return [
    `struct ${name}_out { ${fields.map((r) => `v${r}: ${typeOf(body.instrs[r]!.dtype)}`).join(', ')} }`,
    `fn ${name}(${params}) -> ${name}_out {`,
    ...index.coordLines(),
    ...lines,
    `  return ${name}_out(${fields.map((r) => `v${r}`).join(', ')});`,
    '}',
  ].join('\n');
}

function instrExpr(ins: Instr, body: Body, index: IndexMath, b: ShaderBuilder): string {
  switch (ins.op) {
    case 'load': {
      const load = body.loads[ins.load]!;
      const at = index.offset(load.view);
      if (load.generator) return generated(load, load.generator, at, b);
      return `${b.slot(load.slot, load.dtype)}[${at}]`;
    }
    case 'const':
      return b.constant(ins);
    case 'acc':
      return `acc${ins.acc}`;
    default: {
      const argKinds = ins.args.map((r) => KIND[body.instrs[r]!.dtype]);
      const kind = argKinds[ins.op === 'where' ? 1 : 0]!;
      const out = KIND[ins.dtype];
      // The reference applies an op to its operands' values as they are; where the IR mixes
      // kinds (a bool operand of a float op), WGSL needs them converted to the op's kind.
      const same = ins.op === 'where' || ins.op === 'cast';
      const x = ins.args.map((r, i) => (same ? `v${r}` : convert(`v${r}`, argKinds[i]!, kind, b.need)));
      const expr = LOWER[ins.op]({ x, kind, argKinds: same ? argKinds : argKinds.map(() => kind), out, decimals: ins.decimals, exactTwoSum: b.profile.exactTwoSum, need: b.need });
      return convert(expr, naturalKind(ins.op, { kind, out }), out, b.need);
    }
  }
}

/** An index generator's value at element index `at` (a u32 expression). */
function generated(load: Load, g: Generator, at: string, b: ShaderBuilder): string {
  if (g.kind === 'random') {
    b.need('q_random');
    return `q_random(${at}, ${b.randomKey(load)}, ${g.stream >>> 0}u, ${g.word}u)`;
  }
  const kind = KIND[load.dtype];
  const last = g.last === undefined ? undefined : literal(g.last, load.dtype);
  let value: string;
  if (kind === 'f' && Number.isInteger(g.start) && Number.isInteger(g.step) && Math.abs(g.start) + Math.abs(g.step) * g.size < 2 ** 24) {
    // Every value is an integer below 2^24: plain f32 arithmetic is exact.
    b.need('q_utof');
    value = `(${f32(g.start)} + q_utof(${at}) * ${f32(g.step)})`;
  } else if (kind === 'f') {
    if (!b.profile.exactTwoSum) throw new Unsupported('a float range needs exact two-sum, which this adapter\'s compiler reassociates away');
    // start + i * step in double-f32, so the one rounding is the final one (as the reference's float64 then fround).
    const split = (x: number) => [Math.fround(x), Math.fround(x - Math.fround(x))] as const;
    const [sh, sl] = split(g.start);
    const [th, tl] = split(g.step);
    b.need('q_range_f');
    value = `q_range_f(${at}, ${f32(sh)}, ${f32(sl)}, ${f32(th)}, ${f32(tl)})`;
  } else if ((kind === 'i' || kind === 'u') && Number.isInteger(g.start) && Number.isInteger(g.step) && Math.abs(g.start) + Math.abs(g.step) * g.size < 2 ** 53) {
    // Exact in float64, so wrapping start + i * step modulo 2^32 is ROUND_TO's answer.
    const wrapped = `(${ROUND_TO.uint32(g.start)}u + ${at} * ${ROUND_TO.uint32(g.step)}u)`;
    value = kind === 'i' ? `bitcast<i32>${wrapped}` : wrapped;
  } else {
    throw new Unsupported(`range of ${load.dtype} from ${g.start} by ${g.step}`);
  }
  return last === undefined ? value : `select(${value}, ${last}, ${at} == ${g.size - 1}u)`;
}

/**
 * Offsets of views of one shape at a C-order position `pos`. A view laid out like the
 * shape itself reads `pos + offset`; any other (transposed, broadcast, flipped, sliced)
 * sums coordinate * stride, with each coordinate computed once per body.
 */
class IndexMath {
  private readonly inner: number[];
  private readonly used = new Set<number>();

  constructor(private readonly shape: readonly number[]) {
    this.inner = contiguousStrides(shape);
  }

  offset(view: View): string {
    // An empty shape is never indexed, but its `% 0u` would not compile.
    if (this.shape.includes(0)) return '0u';
    const contiguous = this.shape.every((d, i) => d <= 1 || view.strides[i] === this.inner[i]);
    if (contiguous) return view.offset === 0 ? 'pos' : `(pos + ${view.offset}u)`;
    const terms: string[] = [];
    this.shape.forEach((d, i) => {
      const s = view.strides[i]!;
      if (d <= 1 || s === 0) return;
      this.used.add(i);
      terms.push(s === 1 ? `c${i}` : `c${i} * ${s}`);
    });
    return `u32(${[String(view.offset), ...terms].join(' + ')})`;
  }

  coordLines(): string[] {
    return [...this.used].sort((a, b) => a - b).map((i) => {
      const div = this.inner[i] === 1 ? 'pos' : `(pos / ${this.inner[i]}u)`;
      return `  let c${i} = i32(${i === 0 ? div : `${div} % ${this.shape[i]}u`});`;
    });
  }
}
