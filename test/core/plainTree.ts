// A parsed tree copied into plain object literals, the shape a hand-built tree has (tests, edits):
// the tests of the parser's compact forms (plain values held by their mapping, pairs in flat
// slots) read both and compare.
import type { YNode } from '../../src/core/yaml/tree';

/** The same tree as plain objects (what a hand-built tree is): readers take their node paths. */
export function plainTree(root: YNode | undefined): YNode | undefined {
  const copies = new Map<YNode, YNode>();
  const copy = (node: YNode): YNode => {
    const known = copies.get(node);
    if (known) return known;
    let out: YNode;
    switch (node.kind) {
      case 'scalar':
        out = { kind: 'scalar', start: node.start, end: node.end, text: node.text, value: node.value, style: node.style, empty: node.empty };
        break;
      case 'alias':
        out = { kind: 'alias', name: node.name, start: node.start, end: node.end };
        break;
      case 'map':
        out = { kind: 'map', start: node.start, end: node.end, flow: node.flow, pairs: [] };
        break;
      case 'seq':
        out = { kind: 'seq', start: node.start, end: node.end, flow: node.flow, items: [] };
        break;
    }
    if (node.anchor !== undefined) out.anchor = node.anchor;
    if (node.tag !== undefined) out.tag = node.tag;
    copies.set(node, out);
    if (node.kind === 'alias' && out.kind === 'alias' && node.target) out.target = copy(node.target);
    if (node.kind === 'map' && out.kind === 'map') out.pairs = node.pairs.map((p) => ({ key: copy(p.key), keyText: p.keyText, value: copy(p.value) }));
    if (node.kind === 'seq' && out.kind === 'seq') out.items = node.items.map(copy);
    return out;
  };
  return root && copy(root);
}
