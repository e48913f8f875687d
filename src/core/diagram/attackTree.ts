// Attack tree -> Mermaid flowchart (top to bottom). AND nodes are hexagons labelled "AND", OR nodes
// are stadiums labelled "OR", leaves are rectangles that name their threat and its status. Ids are
// generated (t0, t1, ...); user text only appears inside escaped labels.
import type { AttackTree, AttackTreeNode, ThreatModel } from '../model/types';
import { escapeLabel, labelLines } from './escape';
import type { AttackTreeDiagram, DiagramRef } from './types';

/** Most nodes drawn for one tree; the rest are counted in `truncated`. */
export const MAX_TREE_NODES = 300;

const CLASS_DEFS = [
  'classDef goal stroke-width:3px',
  'classDef leafOpen fill:#ffcdd2,color:#000000',
  'classDef leafAddressed fill:#c8e6c9,color:#000000',
  'classDef leafUnknown stroke-dasharray:4 3',
];

export function attackTreeToMermaid(tree: AttackTree, model: ThreatModel): AttackTreeDiagram {
  const lines = ['flowchart TB'];
  const edges: string[] = [];
  const classLines: string[] = [];
  const nodeMap: Record<string, DiagramRef> = {};
  let counter = 0;
  let truncated = 0;

  const visit = (node: AttackTreeNode, parent: string | undefined, isRoot: boolean): void => {
    if (counter >= MAX_TREE_NODES) {
      truncated += 1 + countBelow(node);
      return;
    }
    const tid = `t${counter++}`;
    const title = isRoot ? tree.goal ?? node.title ?? tree.id : node.title ?? node.id ?? '(untitled step)';
    const isLeaf = node.children.length === 0;
    const threat = node.threat ? model.index.threats.get(node.threat) : undefined;
    nodeMap[tid] = threat ? { kind: 'threat', id: threat.id } : { kind: 'attack_tree', id: tree.id };
    if (isLeaf && !isRoot) {
      const parts = [escapeLabel(title)];
      if (node.threat) {
        parts.push(escapeLabel(threat ? `${threat.id}: ${threat.title ?? ''}` : `${node.threat}: unknown threat`, 70));
        if (threat) parts.push(escapeLabel(`status: ${threat.status}`));
        classLines.push(`class ${tid} ${!threat ? 'leafUnknown' : threat.status === 'open' ? 'leafOpen' : 'leafAddressed'}`);
      }
      lines.push(`  ${tid}["${labelLines(parts)}"]`);
    } else {
      const op = (node.operator ?? 'or').toUpperCase();
      const label = labelLines([escapeLabel(isRoot ? `GOAL (${op})` : op), escapeLabel(title)]);
      lines.push(op === 'AND' ? `  ${tid}{{"${label}"}}` : `  ${tid}(["${label}"])`);
      if (isRoot) classLines.push(`class ${tid} goal`);
    }
    if (parent) edges.push(`  ${parent} --> ${tid}`);
    for (const child of node.children) visit(child, tid, false);
  };
  visit(tree.root, undefined, true);

  const text = [...lines, ...edges, ...CLASS_DEFS.map((c) => `  ${c}`), ...classLines.map((c) => `  ${c}`)].join('\n') + '\n';
  return { id: tree.id, goal: tree.goal ?? tree.id, text, nodeMap, truncated };
}

function countBelow(node: AttackTreeNode): number {
  let n = 0;
  const stack = [...node.children];
  while (stack.length > 0) {
    const next = stack.pop()!;
    n++;
    stack.push(...next.children);
  }
  return n;
}

/** Every attack tree of the model (first definition of each id). */
export function attackTreesToMermaid(model: ThreatModel): AttackTreeDiagram[] {
  return model.attackTrees.filter((t) => model.index.attackTrees.get(t.id) === t).map((t) => attackTreeToMermaid(t, model));
}
