// YAML tree -> ThreatModel. Lenient: it reads what it can and skips what is malformed (the schema
// validator reports those), so a half-typed model still gives navigation and analysis.
import { asMap, asScalar, asSeq, deref, getValue, scalarText, type YMap, type YNode } from '../yaml/tree';
import {
  ATTACK_TREE_OPERATORS,
  AUTHENTICATION_METHODS,
  BOUNDARY_KINDS,
  CLASSIFICATIONS,
  DFD_TYPES,
  LINDDUN_CATEGORIES,
  MITIGATION_STATUSES,
  ML_ROLES,
  PROVENANCES,
  STRIDE_CATEGORIES,
  THREAT_STATUSES,
  VALIDATION_RESULTS,
  type AttackTree,
  type AttackTreeNode,
  type Boundary,
  type DataAsset,
  type Dread,
  type Element,
  type Evidence,
  type Flow,
  type Mitigation,
  type ModelIndex,
  type Suppression,
  type Threat,
  type ThreatModel,
  type Validation,
} from './types';

function str(map: YMap, key: string): string | undefined {
  return scalarText(map, key);
}

function bool(map: YMap, key: string): boolean {
  const s = asScalar(getValue(map, key));
  return s !== undefined && s.value === true;
}

function num(map: YMap, key: string): number | undefined {
  const s = asScalar(getValue(map, key));
  return s && typeof s.value === 'number' ? s.value : undefined;
}

function oneOf<T extends string>(map: YMap, key: string, values: readonly T[]): T | undefined {
  const s = str(map, key);
  return s !== undefined && (values as readonly string[]).includes(s) ? (s as T) : undefined;
}

/** A scalar or a list of scalars, as strings (empty and non-scalar items skipped). */
export function strings(map: YMap, key: string): string[] {
  const node = getValue(map, key);
  if (!node) return [];
  if (node.kind === 'scalar') return node.empty || node.value === null ? [] : [node.text];
  if (node.kind !== 'seq') return [];
  // Sized exactly: a model has tens of thousands of these lists, and a pushed-to array keeps
  // room for 16 more items.
  const items = node.items;
  let count = 0;
  for (const item of items) if (textOf(item) !== undefined) count++;
  const out = new Array<string>(count);
  let i = 0;
  for (const item of items) {
    const text = textOf(item);
    if (text !== undefined) out[i++] = text;
  }
  return out;
}

/** The text of a scalar (aliases followed), or undefined when empty, null or not a scalar. */
function textOf(item: YNode): string | undefined {
  const s = asScalar(item);
  return s && !s.empty && s.value !== null ? s.text : undefined;
}

function enumList<T extends string>(map: YMap, key: string, values: readonly T[]): T[] {
  const all = strings(map, key);
  let count = 0;
  for (const v of all) if ((values as readonly string[]).includes(v)) count++;
  if (count === all.length) return all as T[];
  const out = new Array<T>(count);
  let i = 0;
  for (const v of all) if ((values as readonly string[]).includes(v)) out[i++] = v as T;
  return out;
}

/** The mapping items of a top-level list, with their index. */
function entries(root: YMap, key: string): { map: YMap; index: number }[] {
  const seq = asSeq(getValue(root, key));
  if (!seq) return [];
  const out: { map: YMap; index: number }[] = [];
  seq.items.forEach((item, index) => {
    const map = asMap(item);
    if (map) out.push({ map, index });
  });
  return out;
}

function dread(map: YMap): Dread | undefined {
  const d = asMap(getValue(map, 'dread'));
  if (!d) return undefined;
  return {
    damage: num(d, 'damage'),
    reproducibility: num(d, 'reproducibility'),
    exploitability: num(d, 'exploitability'),
    affectedUsers: num(d, 'affected_users'),
    discoverability: num(d, 'discoverability'),
  };
}

function validations(map: YMap): Validation[] {
  const seq = asSeq(getValue(map, 'validation'));
  if (!seq) return [];
  const out: Validation[] = [];
  for (const item of seq.items) {
    const m = asMap(item);
    if (!m) continue;
    const result = oneOf(m, 'result', VALIDATION_RESULTS);
    if (!result) continue;
    out.push({ result, date: str(m, 'date'), source: str(m, 'source'), details: str(m, 'details') });
  }
  return fit(out);
}

function evidence(map: YMap): Evidence[] {
  const seq = asSeq(getValue(map, 'evidence'));
  if (!seq) {
    const single = asScalar(getValue(map, 'evidence'));
    return single && !single.empty && single.value !== null ? [evidenceFromText(single.text, single)] : [];
  }
  const out: Evidence[] = [];
  for (const raw of seq.items) {
    const item = deref(raw);
    if (!item) continue;
    if (item.kind === 'scalar') {
      if (!item.empty && item.value !== null) out.push(evidenceFromText(item.text, item));
    } else if (item.kind === 'map') {
      out.push({ path: str(item, 'path'), ticket: str(item, 'ticket'), url: str(item, 'url'), note: str(item, 'note'), node: item });
    }
  }
  return fit(out);
}

/** A bare evidence string is a URL when it has a scheme, otherwise a repository path. */
function evidenceFromText(text: string, node: YNode): Evidence {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { url: text, node };
  return { path: text, node };
}

function attackNode(map: YMap, depth: number): AttackTreeNode {
  const children: AttackTreeNode[] = [];
  const seq = asSeq(getValue(map, 'children'));
  if (seq && depth < 64) {
    for (const item of seq.items) {
      const m = asMap(item);
      if (m) children.push(attackNode(m, depth + 1));
    }
  }
  return {
    id: str(map, 'id'),
    title: str(map, 'title') ?? str(map, 'goal'),
    operator: oneOf(map, 'operator', ATTACK_TREE_OPERATORS),
    threat: str(map, 'threat'),
    children: fit(children),
    node: map,
  };
}

/** The array itself when empty, else an exactly sized copy (a pushed-to array keeps spare room). */
function fit<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

function register<T extends { id: string }>(target: Map<string, T>, item: T): void {
  if (!target.has(item.id)) target.set(item.id, item);
}

/** Builds the model from the root of the YAML tree (any non-mapping root gives an empty model). */
export function buildModel(rootNode: YNode | undefined): ThreatModel {
  const root = asMap(rootNode);
  const index: ModelIndex = {
    dataAssets: new Map(),
    boundaries: new Map(),
    elements: new Map(),
    flows: new Map(),
    threats: new Map(),
    mitigations: new Map(),
    attackTrees: new Map(),
  };
  const model: ThreatModel = {
    metadata: { owners: [], assumptions: [] },
    dataAssets: [],
    boundaries: [],
    elements: [],
    flows: [],
    threats: [],
    mitigations: [],
    attackTrees: [],
    suppressions: [],
    index,
  };
  if (!root) return model;

  model.version = num(root, 'threatmodel');
  model.metadata = {
    title: str(root, 'title'),
    description: str(root, 'description'),
    owners: strings(root, 'owners'),
    scope: str(root, 'scope'),
    assumptions: strings(root, 'assumptions'),
  };

  for (const { map, index: i } of entries(root, 'data_assets')) {
    const id = str(map, 'id');
    if (id === undefined) continue;
    const asset: DataAsset = {
      id,
      node: map,
      index: i,
      name: str(map, 'name'),
      description: str(map, 'description'),
      classification: oneOf(map, 'classification', CLASSIFICATIONS),
      personal: bool(map, 'personal') || bool(map, 'special_category'),
      specialCategory: bool(map, 'special_category'),
      retention: str(map, 'retention'),
    };
    model.dataAssets.push(asset);
    register(index.dataAssets, asset);
  }

  for (const { map, index: i } of entries(root, 'boundaries')) {
    const id = str(map, 'id');
    if (id === undefined) continue;
    const boundary: Boundary = {
      id,
      node: map,
      index: i,
      name: str(map, 'name'),
      description: str(map, 'description'),
      kind: oneOf(map, 'kind', BOUNDARY_KINDS),
      parent: str(map, 'parent'),
    };
    model.boundaries.push(boundary);
    register(index.boundaries, boundary);
  }

  for (const { map, index: i } of entries(root, 'elements')) {
    const id = str(map, 'id');
    if (id === undefined) continue;
    const element: Element = {
      id,
      node: map,
      index: i,
      name: str(map, 'name'),
      description: str(map, 'description'),
      type: oneOf(map, 'type', DFD_TYPES) ?? 'process',
      mlRoles: enumList(map, 'ml_role', ML_ROLES),
      boundary: str(map, 'boundary'),
      authentication: oneOf(map, 'authentication', AUTHENTICATION_METHODS),
      internetFacing: bool(map, 'internet_facing'),
      thirdParty: bool(map, 'third_party'),
      provenance: oneOf(map, 'provenance', PROVENANCES),
      source: str(map, 'source'),
      storesLogs: bool(map, 'stores_logs'),
      rateLimited: bool(map, 'rate_limited'),
      returnsScores: bool(map, 'returns_scores'),
      data: strings(map, 'data'),
      tags: strings(map, 'tags'),
    };
    model.elements.push(element);
    register(index.elements, element);
  }

  for (const { map, index: i } of entries(root, 'flows')) {
    const id = str(map, 'id');
    if (id === undefined) continue;
    const flow: Flow = {
      id,
      node: map,
      index: i,
      name: str(map, 'name'),
      description: str(map, 'description'),
      from: str(map, 'from') ?? '',
      to: str(map, 'to') ?? '',
      data: strings(map, 'data'),
      protocol: str(map, 'protocol'),
      authenticated: bool(map, 'authenticated'),
      encrypted: bool(map, 'encrypted'),
      rateLimited: bool(map, 'rate_limited'),
      bidirectional: bool(map, 'bidirectional'),
      tags: strings(map, 'tags'),
    };
    model.flows.push(flow);
    register(index.flows, flow);
  }

  for (const { map, index: i } of entries(root, 'threats')) {
    const id = str(map, 'id');
    if (id === undefined) continue;
    const threat: Threat = {
      id,
      node: map,
      index: i,
      title: str(map, 'title'),
      description: str(map, 'description'),
      targets: strings(map, 'target'),
      stride: enumList(map, 'stride', STRIDE_CATEGORIES),
      linddun: enumList(map, 'linddun', LINDDUN_CATEGORIES),
      atlas: strings(map, 'atlas'),
      owaspLlm: strings(map, 'owasp_llm'),
      dread: dread(map),
      status: oneOf(map, 'status', THREAT_STATUSES) ?? 'open',
      justification: str(map, 'justification'),
      owner: str(map, 'owner'),
      reviewBy: str(map, 'review_by'),
      mitigations: strings(map, 'mitigations'),
      proposal: str(map, 'proposal'),
      validation: validations(map),
    };
    model.threats.push(threat);
    register(index.threats, threat);
  }

  for (const { map, index: i } of entries(root, 'mitigations')) {
    const id = str(map, 'id');
    if (id === undefined) continue;
    const mitigation: Mitigation = {
      id,
      node: map,
      index: i,
      title: str(map, 'title'),
      description: str(map, 'description'),
      status: oneOf(map, 'status', MITIGATION_STATUSES) ?? 'proposed',
      atlas: strings(map, 'atlas'),
      controls: strings(map, 'controls'),
      owner: str(map, 'owner'),
      evidence: evidence(map),
    };
    model.mitigations.push(mitigation);
    register(index.mitigations, mitigation);
  }

  for (const { map, index: i } of entries(root, 'attack_trees')) {
    const id = str(map, 'id');
    if (id === undefined) continue;
    const tree: AttackTree = { id, node: map, index: i, goal: str(map, 'goal'), root: attackNode(map, 0) };
    model.attackTrees.push(tree);
    register(index.attackTrees, tree);
  }

  for (const { map } of entries(root, 'suppressions')) {
    const suppression: Suppression = {
      rule: str(map, 'rule'),
      target: str(map, 'target'),
      proposal: str(map, 'proposal'),
      justification: str(map, 'justification'),
      node: map,
    };
    model.suppressions.push(suppression);
  }
  return model;
}
