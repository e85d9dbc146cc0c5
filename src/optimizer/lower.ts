import type { Node } from '../graph/node.js';
import { OPS, isElementwise, type ElementwiseOp } from '../graph/ops.js';
import { sameShape, type Shape } from '../graph/shape.js';
import { contiguousView, type View } from '../graph/view.js';
import type { Body, ConstInstr, Generator, Instr, Load } from '../kernel/program.js';
import { applyMoves, moveKey, type Move } from './moves.js';

/**
 * The fill node each constant instruction was lowered from: the plan cache reads which
 * scalar of the graph a constant is, to put another graph's scalar in its place
 * (plan-cache.ts). Weak, so it holds nothing once a plan is gone.
 */
export const constantSource = new WeakMap<ConstInstr, Node>();

/** What a body needs to know about the kernel it belongs to. */
export interface KernelContext {
  /** The stored value a node stands for, if it is read rather than computed here. */
  readSlot(node: Node): { slot: number; view: View } | undefined;
  /** The accumulator index of a reduction or matmul of this kernel (epilogues only). */
  acc(node: Node): number | undefined;
  /** Op names fused into the kernel, for explain(). */
  readonly ops: string[];
}

/**
 * Builds one body: walks the graph from the values the kernel needs down to stored
 * values, pushing movement ops down to the loads (a view of a computed value becomes
 * a view of its inputs), and emits each distinct (node, view) once.
 */
export class BodyBuilder {
  readonly loads: Load[] = [];
  readonly instrs: Instr[] = [];
  private readonly memo = new Map<string, number>();

  constructor(
    readonly shape: Shape,
    private readonly ctx: KernelContext,
  ) {}

  body(): Body {
    return { shape: this.shape, loads: this.loads, instrs: this.instrs };
  }

  value(node: Node, moves: readonly Move[] = []): number {
    const key = `${node.id}|${moveKey(moves)}`;
    let ref = this.memo.get(key);
    if (ref === undefined) {
      ref = this.emit(node, moves);
      // A constant is a launch parameter: one per use, so scalars that happen to be equal
      // (cse merged them) make the same program as unequal ones, and compile once (#13).
      if (this.instrs[ref]!.op !== 'const') this.memo.set(key, ref);
    }
    return ref;
  }

  private emit(node: Node, moves: readonly Move[]): number {
    const acc = moves.length === 0 ? this.ctx.acc(node) : undefined;
    if (acc !== undefined) return this.push({ op: 'acc', acc, dtype: node.dtype });
    const read = this.ctx.readSlot(node);
    if (read) return this.load(read.slot, applyMoves(read.view, moves), node);
    if (node.op === 'fill') {
      const constant: ConstInstr = { op: 'const', value: node.attrs.value!, dtype: node.dtype };
      constantSource.set(constant, node);
      return this.push(constant);
    }
    const generator = generatorOf(node);
    if (generator) return this.load(-1, applyMoves(contiguousView(node.shape), moves), node, generator);
    if (OPS[node.op].kind === 'movement') return this.value(node.inputs[0]!, [{ node }, ...moves]);
    if (!isElementwise(node.op)) throw new Error(`lower: ${node.op} (node ${node.id}) must be stored before it is read`);
    const args = node.inputs.map((i) => this.value(i, sameShape(i.shape, node.shape) ? moves : [{ expand: node.shape }, ...moves]));
    this.ctx.ops.push(node.op);
    const op: ElementwiseOp = node.op;
    return this.push(node.attrs.decimals === undefined ? { op, args, dtype: node.dtype } : { op, args, dtype: node.dtype, decimals: node.attrs.decimals });
  }

  private load(slot: number, view: View, node: Node, generator?: Generator): number {
    let index = this.loads.findIndex((l) => l.slot === slot && sameView(l.view, view) && JSON.stringify(l.generator) === JSON.stringify(generator));
    if (index < 0) index = this.loads.push({ slot, view, dtype: node.dtype, ...(generator ? { generator } : {}) }) - 1;
    return this.push({ op: 'load', load: index, dtype: node.dtype });
  }

  private push(instr: Instr): number {
    return this.instrs.push(instr) - 1;
  }
}

/** The index-computed value a range or random node stands for. */
function generatorOf(node: Node): Generator | undefined {
  const a = node.attrs;
  if (node.op === 'range') return { kind: 'range', start: a.value!, step: a.step!, ...(a.last === undefined ? {} : { last: a.last }), size: node.shape[0]! };
  if (node.op === 'random') return { kind: 'random', key0: a.key![0], key1: a.key![1], stream: a.stream!, word: a.word! };
  return undefined;
}

const sameView = (a: View, b: View): boolean =>
  a.offset === b.offset && sameShape(a.shape, b.shape) && sameShape(a.strides, b.strides);
