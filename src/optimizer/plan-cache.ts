import type { Node, NodeAttrs, Realized } from '../graph/node.js';
import { topoSort } from '../graph/node.js';
import { ELEMENTWISE, OPS, isElementwise, type ElementwiseRow } from '../graph/ops.js';
import { constantsOf, withConstantValues } from '../kernel/constants.js';
import type { Plan, PlanBuffer, Step } from '../kernel/plan.js';
import { attrsKey } from './cse.js';
import { optimize } from './index.js';
import { constantSource } from './lower.js';

/**
 * Scalars the rewrite rules read (algebraic.ts): the op table's identities and right
 * identities (x + -0, x - 0, x * 1, x / 1, x ** 1 are x) and the exponents pow rewrites
 * (x ** 0 is 1; x ** 2, 3, 4 are products). A Set compares with SameValueZero, so 0
 * stands for -0 too, and an integer constant equal to one of these is caught as well.
 */
const RULE_SCALARS: ReadonlySet<number> = new Set([
  0,
  1,
  2,
  3,
  4,
  ...Object.values<ElementwiseRow>(ELEMENTWISE).flatMap((row) => [row.identity, row.rightIdentity].filter((v): v is number => v !== undefined)),
]);

/**
 * The structure of a pending graph, and the values a plan for it is bound to.
 * `key` holds everything optimize() reads except the leaves' buffers and the values of
 * parameter scalars: each node's op, dtype, shape and attrs and which nodes it reads;
 * each leaf's dtype, shape and view, and which leaves are one Realized value.
 */
interface Signature {
  readonly key: string;
  /** Realized values read by the graph, by leaf position. */
  readonly leaves: readonly Realized[];
  /** The value of each parameter class (equal scalars of one dtype and shape are one class, as cse merges them). */
  readonly params: readonly number[];
  /** The attrs of each parameter scalar, to its class: what the lowered constants are traced back to. */
  readonly paramOf: ReadonlyMap<NodeAttrs, number>;
}

/**
 * A scalar is a parameter when no rule can read its value: its dtype is not bool, it is
 * not one of RULE_SCALARS, and every op that reads it is elementwise and also reads a
 * value that is not constant (otherwise constant folding would compute with it). A node
 * counts as constant when its inputs all are, or when it is `x ** 0` (rewritten to 1).
 */
function parameterScalars(order: readonly Node[], isLeaf: (n: Node) => boolean): Set<Node> {
  const constant = new Set<Node>();
  const pinned = new Set<Node>();
  for (const n of order) {
    if (isLeaf(n)) continue;
    const kind = OPS[n.op].kind;
    const ofConstants = n.inputs.every((i) => constant.has(i));
    const powZero = n.op === 'pow' && n.inputs[1]!.op === 'fill' && !isLeaf(n.inputs[1]!) && n.inputs[1]!.attrs.value === 0;
    if (n.op === 'fill' || ((kind === 'elementwise' || kind === 'movement') && ofConstants) || powZero) constant.add(n);
    for (const i of n.inputs) if (i.op === 'fill' && (!isElementwise(n.op) || ofConstants)) pinned.add(i);
  }
  const fills = order.filter((n) => n.op === 'fill' && !isLeaf(n));
  const candidate = (n: Node) => n.dtype !== 'bool' && !pinned.has(n) && !RULE_SCALARS.has(n.attrs.value!);
  // cse merges equal scalars: one equal to a fixed scalar may be lowered from the fixed one's node.
  const fixed = new Set(fills.filter((n) => !candidate(n)).map(scalarText));
  return new Set(fills.filter((n) => candidate(n) && !fixed.has(scalarText(n))));
}

/** A scalar's dtype, shape and value: equal texts are the scalars cse merges (String tells every number apart but 0 and -0, which are never parameters). */
const scalarText = (n: Node): string => `${n.dtype}[${n.shape}]${String(n.attrs.value)}`;

const hasAttrs = (attrs: NodeAttrs): boolean => Object.keys(attrs).length > 0;

function signatureOf(requested: readonly Node[], realizedOf: (node: Node) => Realized | undefined): Signature {
  const isLeaf = (n: Node) => realizedOf(n) !== undefined;
  const order = topoSort(requested, isLeaf);
  const parameters = parameterScalars(order, isLeaf);
  const position = new Map<Node, number>();
  const leafAt = new Map<Realized, number>();
  const leaves: Realized[] = [];
  const classOf = new Map<string, number>();
  const params: number[] = [];
  const paramOf = new Map<NodeAttrs, number>();
  const parts: string[] = [];
  for (const n of order) {
    position.set(n, position.size);
    const value = realizedOf(n);
    if (value) {
      const v = value.view;
      parts.push(`#${n.dtype}[${n.shape}]v[${v.shape}][${v.strides}]${v.offset}=${leafAt.get(value) ?? leaves.length}`);
      if (!leafAt.has(value)) leafAt.set(value, leaves.push(value) - 1);
    } else if (parameters.has(n)) {
      const text = scalarText(n);
      let c = classOf.get(text);
      if (c === undefined) classOf.set(text, (c = params.push(n.attrs.value!) - 1));
      paramOf.set(n.attrs, c);
      parts.push(`$${n.dtype}[${n.shape}]${c}`);
    } else {
      const attrs = hasAttrs(n.attrs) ? attrsKey(n) : '';
      parts.push(`${n.op}:${n.dtype}[${n.shape}]${attrs}(${n.inputs.map((i) => position.get(i)).join(',')})`);
    }
  }
  parts.push(`>${requested.map((r) => position.get(r)).join(',')}`);
  return { key: parts.join(';'), leaves, params, paramOf };
}

/**
 * A plan made once, with what changes between graphs of one structure taken out: the
 * buffers' sources (kept nowhere, so a cached plan holds no user data alive) and the
 * values of parameter scalars.
 */
interface Template {
  readonly plan: Plan;
  /** Per plan buffer: the leaf position whose value it reads, or undefined for buffers kernels write. */
  readonly leafOf: readonly (number | undefined)[];
  /** Per step: for each constant of its program, the parameter class it takes, or -1 for a value fixed by the structure; undefined when no constant is a parameter. */
  readonly constants: readonly (readonly number[] | undefined)[];
}

function templateOf(plan: Plan, sig: Signature): Template | undefined {
  const leafAt = new Map(sig.leaves.map((v, i) => [v, i] as const));
  const leafOf = plan.buffers.map((b) => (b.source ? leafAt.get(b.source) ?? -1 : undefined));
  if (leafOf.includes(-1)) return undefined;
  const constants = plan.steps.map((s) => {
    const classes = constantsOf(s.program).map((c) => {
      const source = constantSource.get(c);
      return (source && sig.paramOf.get(source.attrs)) ?? -1;
    });
    return classes.some((c) => c >= 0) ? classes : undefined;
  });
  const buffers = plan.buffers.map(({ source: _, ...rest }): PlanBuffer => rest);
  return { plan: { ...plan, buffers }, leafOf, constants };
}

/** The template's plan with this graph's buffers and scalars put in. */
function bind(t: Template, sig: Signature): Plan {
  const buffers = t.plan.buffers.map((b, i) => {
    const leaf = t.leafOf[i];
    return leaf === undefined ? b : { ...b, source: sig.leaves[leaf]! };
  });
  const steps = t.plan.steps.map((s, i): Step => {
    const classes = t.constants[i];
    if (!classes) return s;
    const fixed = constantsOf(s.program);
    return { ...s, program: withConstantValues(s.program, classes.map((c, k) => (c < 0 ? fixed[k]!.value : sig.params[c]!))) };
  });
  return { buffers, steps, outputs: t.plan.outputs };
}

/**
 * Memoises optimize() by the graph's structure (#13): evaluating an expression of the
 * same shape on new data, or with other scalars, rebinds the plan made the first time
 * instead of running CSE, rewriting, fusion, lowering and scheduling again. A cached plan
 * is what optimize() would return for the graph, up to which buffers and scalar values
 * it reads: the key holds every input of a decision the optimizer makes (Signature),
 * and a scalar whose value a rule could read is part of the key, not a parameter.
 * Least recently used plans are dropped past `capacity`.
 */
export class PlanCache {
  private readonly templates = new Map<string, Template | undefined>();
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number) {}

  plan(requested: readonly Node[], realizedOf: (node: Node) => Realized | undefined): Plan {
    const sig = signatureOf(requested, realizedOf);
    if (this.templates.has(sig.key)) {
      const t = this.templates.get(sig.key);
      this.templates.delete(sig.key);
      this.templates.set(sig.key, t);
      if (t) {
        this.hits++;
        return bind(t, sig);
      }
    }
    this.misses++;
    const plan = optimize(requested, realizedOf);
    this.templates.set(sig.key, templateOf(plan, sig));
    if (this.templates.size > this.capacity) this.templates.delete(this.templates.keys().next().value!);
    return plan;
  }

  clear(): void {
    this.templates.clear();
  }
}
