// YAML tree -> ThreatModel. Lenient: it reads what it can and skips what is malformed (the schema
// validator reports those), so a half-typed model still gives navigation and analysis. Each
// mapping's fields are read in one pass (see reader.ts); empty lists share one frozen array.
import { deref, getValue, type YMap, type YNode } from '../yaml/tree';
import { EMPTY, Fields, fit, textsOf } from './reader';
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

/** A scalar or a list of scalars, as strings (empty and non-scalar items skipped). */
export function strings(map: YMap, key: string): string[] {
  return textsOf(getValue(map, key));
}

const ROOT = new Fields([
  'threatmodel',
  'title',
  'description',
  'owners',
  'scope',
  'assumptions',
  'data_assets',
  'boundaries',
  'elements',
  'flows',
  'threats',
  'mitigations',
  'attack_trees',
  'suppressions',
] as const);
const DATA_ASSET = new Fields(['id', 'name', 'description', 'classification', 'personal', 'special_category', 'retention'] as const);
const BOUNDARY = new Fields(['id', 'name', 'description', 'kind', 'parent'] as const);
const ELEMENT = new Fields([
  'id',
  'name',
  'description',
  'type',
  'ml_role',
  'boundary',
  'authentication',
  'internet_facing',
  'third_party',
  'provenance',
  'source',
  'stores_logs',
  'rate_limited',
  'returns_scores',
  'data',
  'tags',
] as const);
const FLOW = new Fields([
  'id',
  'name',
  'description',
  'from',
  'to',
  'data',
  'protocol',
  'authenticated',
  'encrypted',
  'rate_limited',
  'bidirectional',
  'tags',
] as const);
const THREAT = new Fields([
  'id',
  'title',
  'description',
  'target',
  'stride',
  'linddun',
  'atlas',
  'owasp_llm',
  'dread',
  'status',
  'justification',
  'owner',
  'review_by',
  'mitigations',
  'proposal',
  'validation',
] as const);
const DREAD = new Fields(['damage', 'reproducibility', 'exploitability', 'affected_users', 'discoverability'] as const);
const VALIDATION = new Fields(['result', 'date', 'source', 'details'] as const);
const MITIGATION = new Fields(['id', 'title', 'description', 'status', 'atlas', 'controls', 'owner', 'evidence'] as const);
const EVIDENCE = new Fields(['path', 'ticket', 'url', 'note'] as const);
const ATTACK_TREE = new Fields(['id', 'goal'] as const);
const ATTACK_NODE = new Fields(['id', 'title', 'goal', 'operator', 'threat', 'children'] as const);
const SUPPRESSION = new Fields(['rule', 'target', 'proposal', 'justification'] as const);

/** The mapping items of a top-level list, with their index. */
function entries(list: YNode | undefined): { map: YMap; index: number }[] {
  if (!list || list.kind !== 'seq') return [];
  const out: { map: YMap; index: number }[] = [];
  list.items.forEach((item, index) => {
    const map = deref(item);
    if (map && map.kind === 'map') out.push({ map, index });
  });
  return out;
}

function dread(map: YMap | undefined): Dread | undefined {
  if (!map) return undefined;
  const f = DREAD.read(map);
  return {
    damage: f.num('damage'),
    reproducibility: f.num('reproducibility'),
    exploitability: f.num('exploitability'),
    affectedUsers: f.num('affected_users'),
    discoverability: f.num('discoverability'),
  };
}

function validations(node: YNode | undefined): Validation[] {
  if (!node || node.kind !== 'seq') return EMPTY;
  const out: Validation[] = [];
  for (const item of node.items) {
    const m = deref(item);
    if (!m || m.kind !== 'map') continue;
    const f = VALIDATION.read(m);
    const result = f.oneOf('result', VALIDATION_RESULTS);
    if (!result) continue;
    out.push({ result, date: f.str('date'), source: f.str('source'), details: f.str('details') });
  }
  return fit(out);
}

function evidence(node: YNode | undefined): Evidence[] {
  if (!node) return EMPTY;
  if (node.kind === 'scalar') return !node.empty && node.value !== null ? [evidenceFromText(node.text, node)] : EMPTY;
  if (node.kind !== 'seq') return EMPTY;
  const out: Evidence[] = [];
  for (const raw of node.items) {
    const item = deref(raw);
    if (!item) continue;
    if (item.kind === 'scalar') {
      if (!item.empty && item.value !== null) out.push(evidenceFromText(item.text, item));
    } else if (item.kind === 'map') {
      const f = EVIDENCE.read(item);
      out.push({ path: f.str('path'), ticket: f.str('ticket'), url: f.str('url'), note: f.str('note'), node: item });
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
  // Everything of this node is read before its children reuse the reader.
  const f = ATTACK_NODE.read(map);
  const node: AttackTreeNode = {
    id: f.str('id'),
    title: f.str('title') ?? f.str('goal'),
    operator: f.oneOf('operator', ATTACK_TREE_OPERATORS),
    threat: f.str('threat'),
    children: EMPTY,
    node: map,
  };
  const seq = f.seq('children');
  if (seq && depth < 64) {
    const children: AttackTreeNode[] = [];
    for (const item of seq.items) {
      const m = deref(item);
      if (m && m.kind === 'map') children.push(attackNode(m, depth + 1));
    }
    node.children = fit(children);
  }
  return node;
}

function register<T extends { id: string }>(target: Map<string, T>, item: T): void {
  if (!target.has(item.id)) target.set(item.id, item);
}

export function buildModel(rootNode: YNode | undefined): ThreatModel {
  const raw = rootNode && deref(rootNode);
  const root = raw && raw.kind === 'map' ? raw : undefined;
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

  const r = ROOT.read(root);
  model.version = r.num('threatmodel');
  model.metadata = {
    title: r.str('title'),
    description: r.str('description'),
    owners: r.strings('owners'),
    scope: r.str('scope'),
    assumptions: r.strings('assumptions'),
  };
  // Every list is taken from the root before the readers below are used.
  const lists = {
    dataAssets: entries(r.node('data_assets')),
    boundaries: entries(r.node('boundaries')),
    elements: entries(r.node('elements')),
    flows: entries(r.node('flows')),
    threats: entries(r.node('threats')),
    mitigations: entries(r.node('mitigations')),
    attackTrees: entries(r.node('attack_trees')),
    suppressions: entries(r.node('suppressions')),
  };

  for (const { map, index: i } of lists.dataAssets) {
    const f = DATA_ASSET.read(map);
    const id = f.str('id');
    if (id === undefined) continue;
    const asset: DataAsset = {
      id,
      node: map,
      index: i,
      name: f.str('name'),
      description: f.str('description'),
      classification: f.oneOf('classification', CLASSIFICATIONS),
      personal: f.bool('personal') || f.bool('special_category'),
      specialCategory: f.bool('special_category'),
      retention: f.str('retention'),
    };
    model.dataAssets.push(asset);
    register(index.dataAssets, asset);
  }

  for (const { map, index: i } of lists.boundaries) {
    const f = BOUNDARY.read(map);
    const id = f.str('id');
    if (id === undefined) continue;
    const boundary: Boundary = {
      id,
      node: map,
      index: i,
      name: f.str('name'),
      description: f.str('description'),
      kind: f.oneOf('kind', BOUNDARY_KINDS),
      parent: f.str('parent'),
    };
    model.boundaries.push(boundary);
    register(index.boundaries, boundary);
  }

  for (const { map, index: i } of lists.elements) {
    const f = ELEMENT.read(map);
    const id = f.str('id');
    if (id === undefined) continue;
    const element: Element = {
      id,
      node: map,
      index: i,
      name: f.str('name'),
      description: f.str('description'),
      type: f.oneOf('type', DFD_TYPES) ?? 'process',
      mlRoles: f.enums('ml_role', ML_ROLES),
      boundary: f.str('boundary'),
      authentication: f.oneOf('authentication', AUTHENTICATION_METHODS),
      internetFacing: f.bool('internet_facing'),
      thirdParty: f.bool('third_party'),
      provenance: f.oneOf('provenance', PROVENANCES),
      source: f.str('source'),
      storesLogs: f.bool('stores_logs'),
      rateLimited: f.bool('rate_limited'),
      returnsScores: f.bool('returns_scores'),
      data: f.strings('data'),
      tags: f.strings('tags'),
    };
    model.elements.push(element);
    register(index.elements, element);
  }

  for (const { map, index: i } of lists.flows) {
    const f = FLOW.read(map);
    const id = f.str('id');
    if (id === undefined) continue;
    const flow: Flow = {
      id,
      node: map,
      index: i,
      name: f.str('name'),
      description: f.str('description'),
      from: f.str('from') ?? '',
      to: f.str('to') ?? '',
      data: f.strings('data'),
      protocol: f.str('protocol'),
      authenticated: f.bool('authenticated'),
      encrypted: f.bool('encrypted'),
      rateLimited: f.bool('rate_limited'),
      bidirectional: f.bool('bidirectional'),
      tags: f.strings('tags'),
    };
    model.flows.push(flow);
    register(index.flows, flow);
  }

  for (const { map, index: i } of lists.threats) {
    const f = THREAT.read(map);
    const id = f.str('id');
    if (id === undefined) continue;
    const threat: Threat = {
      id,
      node: map,
      index: i,
      title: f.str('title'),
      description: f.str('description'),
      targets: f.strings('target'),
      stride: f.enums('stride', STRIDE_CATEGORIES),
      linddun: f.enums('linddun', LINDDUN_CATEGORIES),
      atlas: f.strings('atlas'),
      owaspLlm: f.strings('owasp_llm'),
      dread: dread(f.map('dread')),
      status: f.oneOf('status', THREAT_STATUSES) ?? 'open',
      justification: f.str('justification'),
      owner: f.str('owner'),
      reviewBy: f.str('review_by'),
      mitigations: f.strings('mitigations'),
      proposal: f.str('proposal'),
      validation: validations(f.node('validation')),
    };
    model.threats.push(threat);
    register(index.threats, threat);
  }

  for (const { map, index: i } of lists.mitigations) {
    const f = MITIGATION.read(map);
    const id = f.str('id');
    if (id === undefined) continue;
    const mitigation: Mitigation = {
      id,
      node: map,
      index: i,
      title: f.str('title'),
      description: f.str('description'),
      status: f.oneOf('status', MITIGATION_STATUSES) ?? 'proposed',
      atlas: f.strings('atlas'),
      controls: f.strings('controls'),
      owner: f.str('owner'),
      evidence: evidence(f.node('evidence')),
    };
    model.mitigations.push(mitigation);
    register(index.mitigations, mitigation);
  }

  for (const { map, index: i } of lists.attackTrees) {
    const f = ATTACK_TREE.read(map);
    const id = f.str('id');
    if (id === undefined) continue;
    const tree: AttackTree = { id, node: map, index: i, goal: f.str('goal'), root: attackNode(map, 0) };
    model.attackTrees.push(tree);
    register(index.attackTrees, tree);
  }

  for (const { map } of lists.suppressions) {
    const f = SUPPRESSION.read(map);
    const suppression: Suppression = {
      rule: f.str('rule'),
      target: f.str('target'),
      proposal: f.str('proposal'),
      justification: f.str('justification'),
      node: map,
    };
    model.suppressions.push(suppression);
  }
  return model;
}
