import { fmtShape } from '../graph/errors.js';
import { Node, topoSort } from '../graph/node.js';
import type { Plan, Step } from '../kernel/plan.js';
import type { KernelProgram, Load } from '../kernel/program.js';
import type { View } from '../graph/view.js';
import type { Realized } from '../graph/node.js';
import { allocate } from '../graph/dtype.js';
import { sizeOf } from '../graph/shape.js';
import { bufferCache } from './cache/active.js';
import { entryOf } from './cache/entry.js';
import { isRealized } from './node-state.js';

const fmtBytes = (b: number): string =>
  b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(2)} MiB` : b >= 2 ** 10 ? `${(b / 2 ** 10).toFixed(1)} KiB` : `${b} B`;

const fmtView = (v: View): string => `${fmtShape(v.shape)} strides ${fmtShape(v.strides)}${v.offset ? ` offset ${v.offset}` : ''}`;

/** What a kernel computes, in one line: its kind and its shape of work. */
function headline(p: KernelProgram): string {
  switch (p.kind) {
    case 'map':
      return `map over ${fmtShape(p.body.shape)}`;
    case 'reduce':
      return `reduce [${p.reductions.map((r) => r.op).join(', ')}] over axes ${fmtShape(p.axes)} of ${fmtShape(p.body.shape)}`;
    case 'scan':
      return `scan ${p.op} along axis ${p.axis} of ${fmtShape(p.body.shape)}`;
    case 'contraction':
      return `matmul ${fmtShape(p.a.shape)} x ${fmtShape(p.b.shape)} -> ${fmtShape(p.epilogue.shape)}`;
    case 'opaque':
      return `${p.op} -> ${fmtShape(p.shape)}`;
  }
}

function loadsOf(p: KernelProgram): readonly Load[] {
  switch (p.kind) {
    case 'map':
    case 'scan':
      return p.body.loads;
    case 'reduce':
      return [...p.body.loads, ...p.epilogue.loads];
    case 'contraction':
      return [...p.a.loads, ...p.b.loads, ...p.epilogue.loads];
    case 'opaque':
      return p.inputs.flatMap((b) => b.loads);
  }
}

function describeStep(step: Step, i: number, plan: Plan): string[] {
  const p = step.program;
  const buf = (slot: number) => `b${step.slots[slot]}`;
  const lines = [`#${i} ${headline(p)}  [${step.hash}]`];
  for (const l of loadsOf(p)) {
    const g = l.generator;
    if (g) {
      const what = g.kind === 'range' ? `range start ${g.start} step ${g.step}` : `random stream ${g.stream} word ${g.word}`;
      lines.push(`   gen ${what} ${l.dtype} ${fmtView(l.view)}`);
      continue;
    }
    const b = plan.buffers[step.slots[l.slot]!]!;
    lines.push(`   in  ${buf(l.slot)} ${l.dtype} ${b.source ? sourceLabel(b.source) : 'temp'} ${fmtView(l.view)}`);
  }
  if (step.ops.length > 0) lines.push(`   ops ${step.ops.join(' ')}`);
  for (const o of p.outputs) lines.push(`   out ${buf(o.slot)} ${o.dtype} ${fmtShape(plan.buffers[step.slots[o.slot]!]!.shape)}`);
  lines.push(`   bytes read ${fmtBytes(step.bytesRead)}, written ${fmtBytes(step.bytesWritten)}${step.frees.length ? `; frees ${step.frees.map((b) => `b${b}`).join(' ')}` : ''}`);
  return lines;
}

/**
 * What the buffer cache holds for a plan's input: user `data`, or a `cached` result
 * (computed earlier, or an equal expression: a cache hit), marked when it was spilled
 * and must be reloaded from disk first.
 */
function sourceLabel(r: Realized): string {
  const e = entryOf(r);
  const kind = !e || e.origin === 'data' ? 'data' : 'cached';
  return e && !e.host && e.disk ? `${kind} (spilled: reload ${fmtBytes(e.bytes)})` : kind;
}

/**
 * The cache's part of the plan, when it has one: cache hits, reloads from disk, and
 * the host bytes the plan's buffers need beyond what is free (evictions: spills of data
 * and persisted results, drops of other results).
 */
function cacheLine(plan: Plan): string[] {
  const entries = plan.buffers.flatMap((b) => entryOf(b.source) ?? []);
  const cached = entries.filter((e) => e.origin !== 'data').length;
  const reloads = entries.filter((e) => !e.host && e.disk);
  const cache = bufferCache();
  const writes = plan.buffers.reduce((s, b) => s + (b.source ? 0 : Math.max(1, sizeOf(b.shape)) * allocate(b.dtype, 0).BYTES_PER_ELEMENT), 0);
  const free = cache.hostBudget - cache.host().used;
  const evicts = writes + reloads.reduce((s, e) => s + e.bytes, 0) - free;
  if (cached === 0 && reloads.length === 0 && evicts <= 0) return [];
  const parts = [
    `${cached} cached result${cached === 1 ? '' : 's'} (hits)`,
    `${reloads.length} reload${reloads.length === 1 ? '' : 's'} from disk (${fmtBytes(reloads.reduce((s, e) => s + e.bytes, 0))})`,
  ];
  if (evicts > 0) parts.push(`evicts ${fmtBytes(evicts)} from host (spill or drop) to fit`);
  return [`cache: ${parts.join(', ')}`];
}

/** The plan as text: kernels in order with inputs and their views, fused ops, outputs and bytes moved. */
export function explainPlan(plan: Plan): string {
  const read = plan.steps.reduce((s, k) => s + k.bytesRead, 0);
  const written = plan.steps.reduce((s, k) => s + k.bytesWritten, 0);
  const head = `plan: ${plan.steps.length} kernel${plan.steps.length === 1 ? '' : 's'}, reads ${fmtBytes(read)}, writes ${fmtBytes(written)}`;
  const outs = plan.outputs.map((o, i) => `result ${i}: b${o.buffer} ${fmtView(o.view)}`);
  return [head, ...cacheLine(plan), ...plan.steps.flatMap((s, i) => describeStep(s, i, plan)), ...outs].join('\n');
}

/** Graphviz DOT: the recorded graph (left) and the kernels of the optimized plan (right). */
export function toDot(roots: readonly Node[], plan: Plan): string {
  const lines = ['digraph quiver {', '  rankdir=BT;', '  subgraph cluster_graph { label="graph";'];
  for (const n of topoSort(roots, isRealized)) {
    const label = isRealized(n) ? `data ${fmtShape(n.shape)}` : `${n.op} ${fmtShape(n.shape)} ${n.dtype}`;
    lines.push(`    n${n.id} [label="${label}"];`);
    for (const i of n.inputs) lines.push(`    n${i.id} -> n${n.id};`);
  }
  lines.push('  }', '  subgraph cluster_plan { label="kernels";');
  plan.buffers.forEach((b) => lines.push(`    b${b.id} [shape=box,label="b${b.id} ${fmtShape(b.shape)}${b.source ? ' data' : ''}"];`));
  plan.steps.forEach((s, i) => {
    lines.push(`    k${i} [shape=ellipse,label="#${i} ${headline(s.program)}\\n${s.ops.join(' ')}"];`);
    const outSlots = new Set(s.program.outputs.map((o) => o.slot));
    s.slots.forEach((b, slot) => lines.push(outSlots.has(slot) ? `    k${i} -> b${b};` : `    b${b} -> k${i};`));
  });
  lines.push('  }', '}');
  return lines.join('\n');
}
