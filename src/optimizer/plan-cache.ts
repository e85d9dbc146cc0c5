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

const hasAttrs = (attrs: NodeAttrs): boolean => Object.keys(attrs).length > 0;

/** `x ** 0`, which the rewrite rules make the constant 1. */
const isPowZero = (n: Node, constant: ReadonlySet<Node>): boolean => n.op === 'pow' && constant.has(n.inputs[1]!) && n.inputs[1]!.attrs.value === 0;

/**
 * One walk from the requested nodes down to the values the runtime holds, in the order
 * cse walks them. Scalars (fill nodes) are keyed after the walk, once it is known which
 * ops read each one (scalarsOf).
 */
function signatureOf(requested: readonly Node[], realizedOf: (node: Node) => Realized | undefined): Signature {
  const order = topoSort(requested, (n) => realizedOf(n) !== undefined);
  const position = new Map<Node, number>();
  const leafAt = new Map<Realized, number>();
  const leaves: Realized[] = [];
  const fills: Node[] = [];
  const constant = new Set<Node>();
  const pinned = new Set<Node>();
  let key = '';
  for (const n of order) {
    position.set(n, position.size);
    const value = realizedOf(n);
    if (value) {
      const v = value.view;
      key += `#${n.dtype}[${n.shape}]v[${v.shape}][${v.strides}]${v.offset}=${leafAt.get(value) ?? leaves.length};`;
      if (!leafAt.has(value)) leafAt.set(value, leaves.push(value) - 1);
    } else if (n.op === 'fill') {
      fills.push(n);
      constant.add(n);
      key += 'f;';
    } else {
      key += `${n.op}:${n.dtype}[${n.shape}]${hasAttrs(n.attrs) ? attrsKey(n) : ''}(`;
      let ofConstants = true;
      for (const i of n.inputs) {
        key += `${position.get(i)},`;
        ofConstants &&= constant.has(i);
      }
      key += ');';
      const kind = OPS[n.op].kind;
      if (((kind === 'elementwise' || kind === 'movement') && ofConstants) || isPowZero(n, constant)) constant.add(n);
      for (const i of n.inputs) if (i.op === 'fill' && (!isElementwise(n.op) || ofConstants)) pinned.add(i);
    }
  }
  key += `>${requested.map((r) => position.get(r)).join(',')}`;
  const scalars = scalarsOf(fills, pinned, position);
  return { key: `${key}|${scalars.key}`, leaves, params: scalars.params, paramOf: scalars.paramOf };
}

/**
 * A scalar is a parameter when no rule can read its value: its dtype is not bool, it is
 * not one of RULE_SCALARS, and every op that reads it (`pinned` says otherwise) is
 * elementwise and also reads a value that is not constant, or constant folding would
 * compute with it. A node counts as constant when its inputs all are, or when it is
 * `x ** 0`. A parameter's key is its class; any other scalar's key is its value.
 */
function scalarsOf(fills: readonly Node[], pinned: ReadonlySet<Node>, position: ReadonlyMap<Node, number>): Pick<Signature, 'key' | 'params' | 'paramOf'> {
  const candidate = (n: Node) => n.dtype !== 'bool' && !pinned.has(n) && !RULE_SCALARS.has(n.attrs.value!);
  // cse merges equal scalars: one equal to a fixed scalar may be lowered from the fixed one's node.
  const fixed = new Set(fills.filter((n) => !candidate(n)).map(scalarText));
  const classOf = new Map<string, number>();
  const params: number[] = [];
  const paramOf = new Map<NodeAttrs, number>();
  let key = '';
  for (const n of fills) {
    const text = scalarText(n);
    if (candidate(n) && !fixed.has(text)) {
      let c = classOf.get(text);
      if (c === undefined) classOf.set(text, (c = params.push(n.attrs.value!) - 1));
      paramOf.set(n.attrs, c);
      key += `${position.get(n)}$${n.dtype}[${n.shape}]${c};`;
    } else key += `${position.get(n)}=${n.dtype}[${n.shape}]${attrsKey(n)};`;
  }
  return { key, params, paramOf };
}

/** A scalar's dtype, shape and value: for scalars that may be parameters (never 0 or -0, which String spells alike), equal texts are the scalars cse merges. */
const scalarText = (n: Node): string => `${n.dtype}[${n.shape}]${String(n.attrs.value)}`;

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
  /**
   * Per step with parameters: the step last bound, with its values. A loop that keeps
   * its scalars gets the same step again, so backends that cache by program (the wasm
   * encoding) find it, and no program is copied.
   */
  readonly bound: ({ readonly values: readonly number[]; readonly step: Step } | undefined)[];
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
  return { plan: { ...plan, buffers }, leafOf, constants, bound: [] };
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
    const values = classes.map((c, k) => (c < 0 ? fixed[k]!.value : sig.params[c]!));
    const last = t.bound[i];
    if (last && last.values.every((v, k) => Object.is(v, values[k]))) return last.step;
    const step = { ...s, program: withConstantValues(s.program, values) };
    t.bound[i] = { values, step };
    return step;
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
