import { DataNode, Node, topoSort, type Realized } from '../graph/node.js';

/**
 * Copies the graph under `roots` with hash-consing: two nodes with the same op,
 * dtype, shape, attrs and (already shared) inputs become one, so a subexpression
 * written twice is computed once. Realized nodes (user data, earlier results: those
 * `realizedOf` gives a value) become data leaves that keep their identity. User nodes
 * are never mutated: the optimizer works on this copy, and `map` sends each original
 * node to its copy.
 */
export function cse(roots: readonly Node[], realizedOf: (node: Node) => Realized | undefined): { roots: Node[]; map: Map<Node, Node> } {
  const map = new Map<Node, Node>();
  const table = new Map<string, Node>();
  const ids = new Map<Node, number>();
  for (const node of topoSort(roots, (n) => realizedOf(n) !== undefined)) {
    let copy: Node;
    const value = realizedOf(node);
    if (value) {
      copy = new DataNode(value, node.shape, node.dtype);
    } else {
      const inputs = node.inputs.map((i) => map.get(i)!);
      const key = `${node.op}|${node.dtype}|${node.shape.join(',')}|${attrsKey(node)}|${inputs.map((i) => ids.get(i)).join(',')}`;
      copy = table.get(key) ?? new Node(node.op, inputs, node.shape, node.dtype, node.attrs);
      table.set(key, copy);
    }
    if (!ids.has(copy)) ids.set(copy, ids.size);
    map.set(node, copy);
  }
  return { roots: roots.map((r) => map.get(r)!), map };
}

const numberText = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));
const jsonNumbers = (_: string, v: unknown): unknown => (typeof v === 'number' ? numberText(v) : v);

/**
 * attrs as a key; numbers keep NaN, Infinity and -0 apart (JSON would turn all of them
 * into null or 0). A number attribute, the common case (a fill's value), is written
 * directly: JSON.stringify with a replacer was a tenth of a small call's planning (#13).
 * Other values are JSON, which parses to one end, so the key stays unambiguous.
 */
export function attrsKey(node: Node): string {
  let key = '';
  for (const [name, v] of Object.entries(node.attrs)) {
    if (typeof v === 'number') key += `${name}:${numberText(v)},`;
    else if (v !== undefined) key += `${name}=${JSON.stringify(v, jsonNumbers)},`;
  }
  return key;
}
