import { ITEM_BYTES } from '../graph/dtype.js';
import type { DataNode, Node } from '../graph/node.js';
import { sizeOf } from '../graph/shape.js';
import { contiguousView, type View } from '../graph/view.js';
import { hashProgram } from '../kernel/hash.js';
import type { Plan, PlanBuffer, Step } from '../kernel/plan.js';
import type { KernelProgram, Output } from '../kernel/program.js';
import type { Group } from './groups.js';
import { BodyBuilder, type KernelContext } from './lower.js';
import { isLeaf } from './materialize.js';
import { withFrees } from './lifetime.js';
import { applyMoves, type Move } from './moves.js';

/** Plan buffers of one optimisation: user data as sources, stored nodes as kernel outputs. */
class Buffers {
  readonly list: PlanBuffer[] = [];
  private readonly ofLeaf = new Map<Node, number>();
  private readonly ofStored = new Map<Node, number>();

  leaf(n: DataNode): number {
    return this.ofLeaf.get(n) ?? this.add(this.ofLeaf, n, n);
  }
  stored(n: Node): number {
    return this.ofStored.get(n) ?? this.add(this.ofStored, n, undefined);
  }
  bytes(id: number): number {
    const b = this.list[id]!;
    return sizeOf(b.shape) * ITEM_BYTES[b.dtype];
  }
  private add(map: Map<Node, number>, n: Node, leaf: DataNode | undefined): number {
    const id = this.list.length;
    this.list.push({ id, shape: n.shape, dtype: n.dtype, ...(leaf ? { source: leaf.value } : {}) });
    map.set(n, id);
    return id;
  }
}

/**
 * Turns kernel groups into a plan: one program per group with slots numbered in first
 * use (loads, then outputs), its canonical hash, bytes moved, and the buffers that can
 * be freed after it. Reductions that only feed their own epilogue are never written.
 */
export function buildPlan(roots: readonly Node[], stored: ReadonlySet<Node>, groups: readonly Group[], readers: ReadonlyMap<Node, ReadonlySet<Node>>): Plan {
  const buffers = new Buffers();
  const steps: Omit<Step, 'frees'>[] = [];
  // A requested view of a stored value makes that value an output too.
  const isRoot = new Set(roots.map((r) => belowMoves(r, stored)));
  for (const g of groups) {
    const inKernel = new Set([...g.members, ...g.epilogues]);
    const slots: number[] = [];
    const slotOf = (buffer: number) => (slots.includes(buffer) ? slots.indexOf(buffer) : slots.push(buffer) - 1);
    const accs = g.kind === 'reduce' || g.kind === 'contraction' ? g.members : [];
    const ops: string[] = [];
    const ctx = (withAcc: boolean): KernelContext => ({
      ops,
      acc: (n) => (withAcc && accs.includes(n) ? accs.indexOf(n) : undefined),
      readSlot: (n) => {
        if (isLeaf(n) && (inKernel.has(n) || !stored.has(n))) return { slot: slotOf(buffers.leaf(n)), view: n.value.view };
        if (stored.has(n) && !inKernel.has(n)) return { slot: slotOf(buffers.stored(n)), view: contiguousView(n.shape) };
        return undefined;
      },
    });
    const written = (n: Node) => isRoot.has(n) || [...(readers.get(n) ?? [])].some((r) => !inKernel.has(r));
    const out = (n: Node, ref: number): Output => ({ ref, dtype: n.dtype, slot: slotOf(buffers.stored(n)) });
    const program = lowerGroup(g, ctx, out, written);
    const outputSlots = new Set(program.outputs.map((o) => o.slot));
    const reads = slots.filter((_, slot) => !outputSlots.has(slot));
    steps.push({
      program,
      hash: hashProgram(program),
      slots: [...slots],
      ops: [...(g.kind === 'map' ? [] : g.members.map((m) => m.op)), ...ops],
      bytesRead: reads.reduce((s, b) => s + buffers.bytes(b), 0),
      bytesWritten: program.outputs.reduce((s, o) => s + buffers.bytes(slots[o.slot]!), 0),
    });
  }
  const outputs = roots.map((r) => outputOf(r, stored, buffers));
  return { buffers: buffers.list, steps: withFrees(steps, outputs.map((o) => o.buffer), buffers.list), outputs };
}

type Out = (n: Node, ref: number) => Output;

/**
 * One group's program. Bodies are built before outputs are named, so load slots come
 * first; `out` names an output slot.
 */
function lowerGroup(g: Group, ctx: (acc: boolean) => KernelContext, out: Out, written: (n: Node) => boolean): KernelProgram {
  const first = g.members[0]!;
  const outputsOf = (body: BodyBuilder, nodes: readonly Node[]) => {
    const refs = nodes.map((n) => [n, body.value(n)] as const);
    return () => refs.map(([n, ref]) => out(n, ref));
  };
  const epilogueOutputs = (shape: Node['shape']) => {
    const epi = new BodyBuilder(shape, ctx(true));
    return { epi, outs: outputsOf(epi, [...g.members.filter(written), ...g.epilogues]) };
  };
  switch (g.kind) {
    case 'map': {
      const body = new BodyBuilder(first.shape, ctx(false));
      const outs = outputsOf(body, g.members);
      return { kind: 'map', body: body.body(), outputs: outs() };
    }
    case 'reduce': {
      const body = new BodyBuilder(first.inputs[0]!.shape, ctx(false));
      const reductions = g.members.map((r) => ({
        op: r.op as 'sum',
        ref: body.value(r.inputs[0]!),
        dtype: r.dtype,
        ...(r.attrs.ddof === undefined ? {} : { ddof: r.attrs.ddof }),
      }));
      const { epi, outs } = epilogueOutputs(first.shape);
      return { kind: 'reduce', body: body.body(), axes: first.attrs.axes!, reductions, epilogue: epi.body(), outputs: outs() };
    }
    case 'scan': {
      const body = new BodyBuilder(first.shape, ctx(false));
      const ref = body.value(first.inputs[0]!);
      const rolling = first.attrs.rolling ? { rolling: first.attrs.rolling } : {};
      const ewm = first.attrs.ewm ? { ewm: first.attrs.ewm } : {};
      return { kind: 'scan', op: first.op as 'cumsum', ...rolling, ...ewm, body: body.body(), axis: first.attrs.axis!, ref, outputs: [out(first, ref)] };
    }
    case 'contraction': {
      const [x, y] = first.inputs as [Node, Node];
      const a = new BodyBuilder(x.shape, ctx(false));
      const aRef = a.value(x);
      const b = new BodyBuilder(y.shape, ctx(false));
      const bRef = b.value(y);
      const { epi, outs } = epilogueOutputs(first.shape);
      return { kind: 'contraction', a: a.body(), aRef, b: b.body(), bRef, dtype: first.dtype, epilogue: epi.body(), outputs: outs() };
    }
    case 'opaque': {
      const bodies = first.inputs.map((i) => new BodyBuilder(i.shape, ctx(false)));
      const refs = first.inputs.map((i, k) => bodies[k]!.value(i));
      const inputs = bodies.map((b) => b.body());
      const group = first.attrs.group ? { group: first.attrs.group } : {};
      const solver = first.attrs.solver ? { solver: first.attrs.solver } : {};
      const slots = first.attrs.slots ? { slots: first.attrs.slots } : {};
      return { kind: 'opaque', op: first.op as 'sort', inputs, refs, shape: first.shape, axis: first.attrs.axis!, ...group, ...slots, ...solver, outputs: [out(first, 0)] };
    }
  }
}

/** The stored node or the user data a requested node is a view of (itself when stored). */
function belowMoves(root: Node, stored: ReadonlySet<Node>): Node {
  let base = root;
  while (!stored.has(base) && !isLeaf(base)) base = base.inputs[0]!;
  return base;
}

/** Where a requested node lives: its stored buffer, or a view of user data. */
function outputOf(root: Node, stored: ReadonlySet<Node>, buffers: Buffers): { buffer: number; view: View } {
  const moves: Move[] = [];
  let base = root;
  for (; !stored.has(base) && !isLeaf(base); base = base.inputs[0]!) moves.unshift({ node: base });
  if (!stored.has(base) && isLeaf(base)) return { buffer: buffers.leaf(base), view: applyMoves(base.value.view, moves) };
  return { buffer: buffers.stored(base), view: applyMoves(contiguousView(base.shape), moves) };
}
