// Every id definition and every id reference in the file, with the scalar that spells it.
// Navigation (definition, references, rename), completion and reference checks all use this table.
import { TOP_LEVEL_FIELDS, type FieldSpec, type RefKind } from '../schema/fields';
import { deref, type YNode, type YScalar } from '../yaml/tree';

export interface IdDefinition {
  kind: RefKind;
  id: string;
  node: YScalar;
  /** The entity mapping that holds the `id:` key. */
  entity: YNode;
}

export interface IdReference {
  /** Kinds the reference may point at (e.g. a threat target may name an element or a flow). */
  kinds: readonly RefKind[];
  id: string;
  node: YScalar;
  /** The key of the field holding the reference (`from`, `mitigations`, ...). */
  field: string;
}

export interface SymbolTable {
  definitions: IdDefinition[];
  references: IdReference[];
  /** First definition of each id per kind. */
  byKind: Map<RefKind, Map<string, IdDefinition>>;
}

export function collectSymbols(root: YNode | undefined): SymbolTable {
  const definitions: IdDefinition[] = [];
  const references: IdReference[] = [];
  const top = deref(root);
  if (top && top.kind === 'map') {
    for (const pair of top.pairs) {
      const field = pair.keyText;
      const spec = TOP_LEVEL_FIELDS[field];
      if (spec) visit(pair.value, spec, field, undefined, definitions, references);
    }
  }
  // The walk follows the text, but for aliases (which may point back): sort only then.
  if (!ascending(definitions)) definitions.sort(byStart);
  if (!ascending(references)) references.sort(byStart);
  const byKind = new Map<RefKind, Map<string, IdDefinition>>();
  for (const def of definitions) {
    let m = byKind.get(def.kind);
    if (!m) byKind.set(def.kind, (m = new Map()));
    if (!m.has(def.id)) m.set(def.id, def);
  }
  return { definitions, references, byKind };
}

/** Collects the ids under a node described by `spec` (recursion depth is bounded by the YAML nesting limit). */
function visit(raw: YNode, spec: FieldSpec, field: string, entity: YNode | undefined, definitions: IdDefinition[], references: IdReference[]): void {
  const node = deref(raw);
  if (!node) return;
  switch (spec.type) {
    case 'id':
      if (node.kind === 'scalar' && entity && !node.empty && node.value !== null) {
        definitions.push({ kind: spec.defines, id: node.text, node, entity });
      }
      break;
    case 'ref':
      if (node.kind === 'seq') {
        for (const itemRaw of node.items) {
          const item = deref(itemRaw);
          if (item && item.kind === 'scalar' && !item.empty && item.value !== null) references.push({ kinds: spec.to, id: item.text, node: item, field });
        }
      } else if (node.kind === 'scalar' && !node.empty && node.value !== null) {
        references.push({ kinds: spec.to, id: node.text, node, field });
      }
      break;
    case 'map':
      if (node.kind === 'map') {
        const fields = spec.fields();
        for (const pair of node.pairs) {
          const key = pair.keyText;
          const child = fields[key];
          if (child) visit(pair.value, child, key, node, definitions, references);
        }
      }
      break;
    case 'list':
      if (node.kind === 'seq') for (const item of node.items) visit(item, spec.item, field, undefined, definitions, references);
      break;
    default:
      break;
  }
}

function byStart(a: { node: YScalar }, b: { node: YScalar }): number {
  return a.node.start - b.node.start;
}

function ascending(list: { node: YScalar }[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1].node.start > list[i].node.start) return false;
  return true;
}

/** The definition a reference resolves to, if any. */
export function resolve(table: SymbolTable, ref: { kinds: readonly RefKind[]; id: string }): IdDefinition | undefined {
  for (const kind of ref.kinds) {
    const def = table.byKind.get(kind)?.get(ref.id);
    if (def) return def;
  }
  return undefined;
}

/** All ids defined for the given kinds (for completion and "did you mean"). */
export function idsOf(table: SymbolTable, kinds: readonly RefKind[]): string[] {
  const out: string[] = [];
  for (const kind of kinds) {
    const m = table.byKind.get(kind);
    if (m) out.push(...m.keys());
  }
  return out;
}

/** The definition or reference whose scalar contains the offset. */
export function symbolAt(table: SymbolTable, offset: number): { definition?: IdDefinition; reference?: IdReference } | undefined {
  const hit = <T extends { node: YScalar }>(list: T[]): T | undefined => {
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const n = list[mid].node;
      if (offset < n.start) high = mid - 1;
      else if (offset > n.end) low = mid + 1;
      else return list[mid];
    }
    return undefined;
  };
  const definition = hit(table.definitions);
  if (definition) return { definition };
  const reference = hit(table.references);
  if (reference) return { reference };
  return undefined;
}
