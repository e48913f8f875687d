// The document outline: entities grouped by section, boundaries nested by parent, attack trees
// with their node hierarchy. Offsets only (adapters convert). Range = the entity's mapping,
// selection range = its id scalar (or the key when there is no id).
import type { ParsedDocument } from '../document';
import type { AttackTreeNode, Boundary } from '../model/types';
import { indexOfKey, keyAt, pairCount, plainValueRangeAt, valueAt } from '../yaml/nodes';
import { getValue, type YMap } from '../yaml/tree';

export type OutlineKind =
  | 'section'
  | 'data_asset'
  | 'boundary'
  | 'element'
  | 'flow'
  | 'threat'
  | 'mitigation'
  | 'attack_tree'
  | 'attack_node';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: OutlineSymbol[];
}

const SECTIONS: { key: string; label: string }[] = [
  { key: 'data_assets', label: 'Data assets' },
  { key: 'boundaries', label: 'Trust boundaries' },
  { key: 'elements', label: 'Elements' },
  { key: 'flows', label: 'Data flows' },
  { key: 'threats', label: 'Threats' },
  { key: 'mitigations', label: 'Mitigations' },
  { key: 'attack_trees', label: 'Attack trees' },
];

/** Bounds the attack-tree recursion (the parser already bounds nesting; this is belt and braces). */
const MAX_TREE_DEPTH = 64;

function entity(map: YMap, name: string, kind: OutlineKind, detail?: string): OutlineSymbol {
  // A plain id is read from its mapping's slots: the outline of a large model would make every id's node.
  const id = indexOfKey(map, 'id');
  let sel: { start: number; end: number } | undefined = id < 0 ? undefined : plainValueRangeAt(map, id);
  if (!sel) {
    const idNode = getValue(map, 'id');
    sel = idNode && idNode.kind === 'scalar' && !idNode.empty ? idNode : pairCount(map) > 0 ? keyAt(map, 0) : map;
  }
  return {
    name: name || '(no id)',
    detail: detail || undefined,
    kind,
    start: map.start,
    end: Math.max(map.end, sel.end),
    selectionStart: sel.start,
    selectionEnd: sel.end,
    children: [],
  };
}

function withName(id: string, name: string | undefined): string {
  return name && name !== id ? `${id}: ${name}` : id;
}

function sectionSymbol(root: YMap, key: string, label: string): OutlineSymbol | undefined {
  const i = indexOfKey(root, key);
  if (i < 0) return undefined;
  const keyNode = keyAt(root, i);
  const end = Math.max(keyNode.end, valueAt(root, i).end);
  return { name: label, kind: 'section', start: keyNode.start, end, selectionStart: keyNode.start, selectionEnd: keyNode.end, children: [] };
}

function boundaryTree(boundaries: Boundary[]): OutlineSymbol[] {
  const symbols = new Map<Boundary, OutlineSymbol>();
  const byId = new Map<string, Boundary>();
  for (const b of boundaries) {
    symbols.set(b, entity(b.node, withName(b.id, b.name), 'boundary', b.kind));
    if (b.id && !byId.has(b.id)) byId.set(b.id, b);
  }
  const roots: OutlineSymbol[] = [];
  for (const b of boundaries) {
    const sym = symbols.get(b)!;
    const parent = b.parent ? byId.get(b.parent) : undefined;
    // Attach to the parent only when that does not create a cycle (cycles are reported elsewhere).
    let ok = !!parent && parent !== b;
    if (ok) {
      const seen = new Set<Boundary>([b]);
      let p: Boundary | undefined = parent;
      while (p) {
        if (seen.has(p)) {
          ok = false;
          break;
        }
        seen.add(p);
        p = p.parent ? byId.get(p.parent) : undefined;
      }
    }
    if (ok) symbols.get(parent!)!.children.push(sym);
    else roots.push(sym);
  }
  return roots;
}

function attackNodeSymbol(node: AttackTreeNode, depth: number): OutlineSymbol {
  const label = node.title ?? node.id ?? node.threat ?? '(step)';
  const details = [node.operator?.toUpperCase(), node.threat ? `threat ${node.threat}` : undefined].filter(Boolean);
  const sym = entity(node.node, label, 'attack_node', details.join(', '));
  if (depth < MAX_TREE_DEPTH) sym.children = node.children.map((c) => attackNodeSymbol(c, depth + 1));
  return sym;
}

/** The outline of a parsed document (empty when the root is not a mapping). */
export function outline(doc: ParsedDocument): OutlineSymbol[] {
  const root = doc.yaml.root;
  if (!root || root.kind !== 'map') return [];
  const m = doc.model;
  const out: OutlineSymbol[] = [];
  for (const { key, label } of SECTIONS) {
    const section = sectionSymbol(root, key, label);
    if (!section) continue;
    switch (key) {
      case 'data_assets':
        section.children = m.dataAssets.map((a) => entity(a.node, withName(a.id, a.name), 'data_asset', a.classification));
        break;
      case 'boundaries':
        section.children = boundaryTree(m.boundaries);
        break;
      case 'elements':
        section.children = m.elements.map((e) =>
          entity(e.node, withName(e.id, e.name), 'element', [e.type, ...e.mlRoles].filter(Boolean).join(', ')),
        );
        break;
      case 'flows':
        section.children = m.flows.map((f) => entity(f.node, withName(f.id, f.name), 'flow', `${f.from || '?'} -> ${f.to || '?'}`));
        break;
      case 'threats':
        section.children = m.threats.map((t) =>
          entity(t.node, withName(t.id, t.title), 'threat', `${t.status}${t.targets.length ? ` · ${t.targets.join(', ')}` : ''}`),
        );
        break;
      case 'mitigations':
        section.children = m.mitigations.map((x) => entity(x.node, withName(x.id, x.title), 'mitigation', x.status));
        break;
      case 'attack_trees':
        section.children = m.attackTrees.map((t) => {
          const sym = entity(t.node, withName(t.id, t.goal), 'attack_tree', t.root.operator?.toUpperCase());
          sym.children = t.root.children.map((c) => attackNodeSymbol(c, 1));
          return sym;
        });
        break;
    }
    out.push(section);
  }
  return out;
}
