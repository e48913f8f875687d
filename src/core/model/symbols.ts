// Every id definition and every id reference in the file, with the scalar that spells it.
// Navigation (definition, references, rename), completion and reference checks all use this table.
// Per keystroke the whole table is rebuilt, so the walk follows a plan compiled once from the
// schema (only the fields that can hold ids, looked up in Maps), and each entry is a small object
// whose id, kinds and field are read through its scalar and a shared site (a 5,000-element model
// has about 115,000 entries).
import { TOP_LEVEL_FIELDS, type FieldSpec, type RefKind } from '../schema/fields';
import { hasPlainValueAt, itemTextOf, keyTextAt, MapNode, MAX_OFFSET, pairCount, plainTextAt, SeqNode, valueAt, valueStartAt, valueTextAt } from '../yaml/nodes';
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

/**
 * Where an entry's scalar is: the scalar node; a one-item list holding it as a plain scalar (see
 * yaml/nodes.ts SeqNode); or a mapping holding it as a plain value, with the pair's index beside
 * it (see yaml/nodes.ts MapNode). The node of a plain scalar is made only when asked for
 * (diagnostics, navigation).
 */
type Site = YScalar | SeqNode | MapNode;

function nodeOf(at: Site, i: number): YScalar {
  if (at instanceof MapNode) return valueAt(at, i) as YScalar;
  if (at instanceof SeqNode) return at.items[0] as YScalar;
  return at;
}

function textOf(at: Site, i: number): string {
  if (at instanceof MapNode) return plainTextAt(at, i);
  return at instanceof SeqNode ? at.plainText : at.text;
}

function startOfSite(at: Site, i: number): number {
  if (at instanceof MapNode) return valueStartAt(at, i);
  return at instanceof SeqNode ? at.plainPacked & MAX_OFFSET : at.start;
}

/**
 * A definition: its id is its scalar's text. A plain id value is held by the entity mapping
 * itself (see Site), so `at` is then just the pair's index in `entity`.
 */
class Definition implements IdDefinition {
  constructor(
    readonly kind: RefKind,
    private readonly at: YScalar | number,
    readonly entity: YNode,
  ) {}

  get node(): YScalar {
    const at = this.at;
    return typeof at === 'number' ? nodeOf(this.entity as MapNode, at) : at;
  }

  get id(): string {
    const at = this.at;
    return typeof at === 'number' ? textOf(this.entity as MapNode, at) : at.text;
  }

  /** The scalar's start, without making its node. */
  get start(): number {
    const at = this.at;
    return typeof at === 'number' ? startOfSite(this.entity as MapNode, at) : at.start;
  }
}

/** What every reference of one field shares. */
interface RefSite {
  readonly kinds: readonly RefKind[];
  readonly field: string;
}

/** A reference: its id is its scalar's text, its kinds and field those of its site. */
class Reference implements IdReference {
  constructor(
    private readonly at: Site,
    private readonly site: RefSite,
    /** The pair's index when `at` is the mapping holding the plain value (see Site). */
    private readonly i = 0,
  ) {}

  get node(): YScalar {
    return nodeOf(this.at, this.i);
  }

  get id(): string {
    return textOf(this.at, this.i);
  }

  get kinds(): readonly RefKind[] {
    return this.site.kinds;
  }

  get field(): string {
    return this.site.field;
  }

  /** The scalar's start, without making its node. */
  get start(): number {
    return startOfSite(this.at, this.i);
  }
}

/** The schema reduced to what can hold ids: one plan per field, compiled on first use. */
type Plan =
  | { readonly type: 'id'; readonly kind: RefKind }
  | { readonly type: 'ref'; readonly site: RefSite }
  | { readonly type: 'map'; readonly fields: Map<string, Plan> }
  | { readonly type: 'list'; readonly item: Plan };

/** Map plans by their schema record, so recursive specs (attack tree children) compile once. */
const mapPlans = new Map<Record<string, FieldSpec>, Plan & { type: 'map' }>();
const compiling = new Set<Record<string, FieldSpec>>();
let topPlan: Map<string, Plan> | undefined;

function compileFields(record: Record<string, FieldSpec>): Map<string, Plan> {
  const fields = new Map<string, Plan>();
  for (const [key, spec] of Object.entries(record)) {
    const plan = compile(spec, key);
    if (plan) fields.set(key, plan);
  }
  return fields;
}

/** The plan of a field (named `field` for its references), or undefined when it holds no ids. */
function compile(spec: FieldSpec, field: string): Plan | undefined {
  switch (spec.type) {
    case 'id':
      return { type: 'id', kind: spec.defines };
    case 'ref':
      return { type: 'ref', site: { kinds: spec.to, field } };
    case 'map': {
      const record = spec.fields();
      let plan = mapPlans.get(record);
      if (!plan) {
        // Registered before its fields are compiled: a field may lead back to this record.
        const fields = new Map<string, Plan>();
        plan = { type: 'map', fields };
        mapPlans.set(record, plan);
        compiling.add(record);
        for (const [key, child] of compileFields(record)) fields.set(key, child);
        compiling.delete(record);
      }
      // A mapping without id fields (dread, evidence) is not walked; one being compiled may still get some.
      return plan.fields.size > 0 || compiling.has(record) ? plan : undefined;
    }
    case 'list': {
      const item = compile(spec.item, field);
      return item && { type: 'list', item };
    }
    default:
      return undefined;
  }
}

export function collectSymbols(root: YNode | undefined): SymbolTable {
  const definitions: IdDefinition[] = [];
  const references: IdReference[] = [];
  const top = deref(root);
  if (top && top.kind === 'map') {
    const plans = (topPlan ??= compileFields(TOP_LEVEL_FIELDS));
    for (let i = 0, count = pairCount(top); i < count; i++) {
      const plan = plans.get(keyTextAt(top, i));
      if (plan) visit(valueAt(top, i), plan, undefined, definitions, references);
    }
  }
  // The walk follows the text, but for aliases (which may point back): sort only then.
  if (!ascending(definitions)) definitions.sort(byStart);
  if (!ascending(references)) references.sort(byStart);
  const byKind = new Map<RefKind, Map<string, IdDefinition>>();
  let kind: RefKind | undefined;
  let ids: Map<string, IdDefinition> | undefined;
  for (const def of definitions) {
    // Definitions come in runs of one kind (a section): look the kind's map up once per run.
    if (def.kind !== kind || !ids) {
      kind = def.kind;
      ids = byKind.get(kind);
      if (!ids) byKind.set(kind, (ids = new Map()));
    }
    const id = def.id;
    if (!ids.has(id)) ids.set(id, def);
  }
  // Pushed-to arrays keep up to half their length spare; the table lives as long as the document.
  return { definitions: definitions.slice(), references: references.slice(), byKind };
}

/** Collects the ids under a node as `plan` says (recursion depth is bounded by the YAML nesting limit). */
function visit(raw: YNode, plan: Plan, entity: YNode | undefined, definitions: IdDefinition[], references: IdReference[]): void {
  const node = deref(raw);
  if (!node) return;
  switch (plan.type) {
    case 'id':
      if (node.kind === 'scalar' && entity && !node.empty && node.value !== null) definitions.push(new Definition(plan.kind, node, entity));
      break;
    case 'ref':
      if (node.kind === 'seq') {
        const one = itemTextOf(node);
        if (one !== null) {
          if (one !== undefined) references.push(new Reference(node as SeqNode, plan.site));
          break;
        }
        for (const itemRaw of node.items) {
          const item = deref(itemRaw);
          if (item && item.kind === 'scalar' && !item.empty && item.value !== null) references.push(new Reference(item, plan.site));
        }
      } else if (node.kind === 'scalar' && !node.empty && node.value !== null) {
        references.push(new Reference(node, plan.site));
      }
      break;
    case 'map':
      if (node.kind === 'map') {
        const fields = plan.fields;
        for (let i = 0, count = pairCount(node); i < count; i++) {
          const child = fields.get(keyTextAt(node, i));
          if (!child) continue;
          // A plain scalar value is taken from its mapping, without making its node (see Site).
          if (hasPlainValueAt(node, i) && (child.type === 'id' || child.type === 'ref')) {
            if (valueTextAt(node, i) === undefined) continue;
            if (child.type === 'id') definitions.push(new Definition(child.kind, i, node));
            else references.push(new Reference(node as MapNode, child.site, i));
          } else visit(valueAt(node, i), child, node, definitions, references);
        }
      }
      break;
    case 'list':
      if (node.kind === 'seq') for (const item of node.items) visit(item, plan.item, undefined, definitions, references);
      break;
  }
}

/** The start of an entry's scalar (without making the node of one held by its mapping or list). */
function startOf(entry: IdDefinition | IdReference): number {
  return entry instanceof Definition || entry instanceof Reference ? entry.start : entry.node.start;
}

function byStart(a: IdDefinition | IdReference, b: IdDefinition | IdReference): number {
  return startOf(a) - startOf(b);
}

function ascending(list: (IdDefinition | IdReference)[]): boolean {
  for (let i = 1; i < list.length; i++) if (startOf(list[i - 1]) > startOf(list[i])) return false;
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
