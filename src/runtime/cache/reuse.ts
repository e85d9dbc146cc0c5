import type { Node } from '../../graph/node.js';
import { attrsKey } from '../../optimizer/cse.js';
import { stateOf } from '../node-state.js';
import { entryOf, type CachedValue, type Entry } from './entry.js';

/**
 * Result reuse. A node's form is its canonical form: op, dtype, shape and attributes,
 * over the forms of its inputs, down to the identities of the buffers it reads (arrays
 * are immutable, so a buffer's identity is its version). Two nodes of one form compute
 * the same bytes, so the second is answered with the first's result and runs no kernel.
 *
 * Forms are a tree hung on the buffers they read: each form is kept by its newest input
 * (the one read the latest-made buffer), and a buffer's form by the buffer's entry. So
 * the forms naming a buffer go when it goes, and a loop over fresh data leaves nothing
 * behind. An earlier global table of form strings kept every form until it filled
 * (issue #20 bounded it), and its growth and the finalizers of its results were a large
 * share of a small call's garbage-collection time (#13).
 */
export class Form {
  /** The last result of this form, while some array holds it. */
  private result: WeakRef<CachedValue> | undefined;
  /** Forms whose newest input this is, by the rest of their canonical text. */
  private children: Map<string, Form> | undefined;

  constructor(
    readonly id: number,
    /** Forms of constants only (fills, ranges) are 0; a buffer's is its form's id; others take their newest input's. */
    readonly generation: number,
  ) {}

  lookup(): CachedValue | undefined {
    const value = this.result?.deref();
    return value && !value.entry.freed ? value : undefined;
  }

  remember(value: CachedValue): void {
    this.result = new WeakRef(value);
  }

  /** The form built on this one with canonical text `text`; made on first use. */
  child(text: string, generation: number): Form {
    const children = (this.children ??= new Map());
    let form = children.get(text);
    if (!form) {
      if (children.size >= CHILDREN_LIMIT) children.clear();
      children.set(text, (form = new Form(nextId++, generation)));
    }
    return form;
  }
}

let nextId = 1;

/**
 * Forms built on one form before its table starts afresh: a long-lived array combined
 * with a fresh one each iteration in a way that hangs the new forms on the long-lived
 * one (its form the newer) would otherwise grow its table for as long as it lives. Ids
 * are never reused, so forgetting forms can only miss a reuse, never answer wrongly.
 * Not measured: a few hundred KB of forms at most per long-lived array.
 */
const CHILDREN_LIMIT = 4096;

/** Forms of buffers, held by their entries. */
const bufferForms = new WeakMap<Entry, Form>();
/** The root that forms of constants only (no buffer below them) hang on. */
const constants = new Form(0, 0);

function bufferForm(entry: Entry): Form {
  let form = bufferForms.get(entry);
  if (!form) {
    const id = nextId++;
    bufferForms.set(entry, (form = new Form(id, id)));
  }
  return form;
}

/** The canonical text of a node over its inputs' forms; attributes as the optimizer spells them (-0, NaN and Infinity apart). */
function textOf(node: Node, inputs: readonly Form[]): string {
  let text = `${node.op}|${node.dtype}|${node.shape.join(',')}|${attrsKey(node)}`;
  for (const f of inputs) text += `,${f.id}`;
  return text;
}

/** The form of a node whose inputs all have forms: hung on the input of the newest generation. */
function formOver(node: Node, inputs: readonly Form[]): Form {
  let anchor = constants;
  for (const f of inputs) if (f.generation > anchor.generation) anchor = f;
  return anchor.child(textOf(node, inputs), anchor.generation);
}

/**
 * A node's form, or undefined when it reads a buffer the cache does not own or that the
 * user may still write to (np.asarray's array). A realized node without a remembered form
 * (a result made before its inputs had forms) has its own buffer's. Iterative:
 * expression chains can be deeper than the call stack.
 */
export function resultForm(root: Node): Form | undefined {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.at(-1)!;
    const state = stateOf(node);
    if (state.reuseForm !== undefined) {
      stack.pop();
      continue;
    }
    const entry = entryOf(state.realized);
    if (entry?.borrowed) return undefined;
    if (entry) {
      state.reuseForm = bufferForm(entry);
      stack.pop();
      continue;
    }
    if (node.op === 'buffer') return undefined;
    const inputs: Form[] = [];
    let missing = false;
    for (const i of node.inputs) {
      const f = stateOf(i).reuseForm;
      if (f) inputs.push(f);
      else {
        stack.push(i);
        missing = true;
      }
    }
    if (missing) continue;
    state.reuseForm = formOver(node, inputs);
    stack.pop();
  }
  return stateOf(root).reuseForm;
}
