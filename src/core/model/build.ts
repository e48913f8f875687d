// YAML tree -> ThreatModel. Lenient: it reads what it can and skips what is malformed (the schema
// validator reports those), so a half-typed model still gives navigation and analysis. Each
// mapping's fields are read in one pass (see reader.ts); empty lists share one frozen array, and
// lists of one text share one frozen array per text. It runs on every keystroke: no per-item
// wrappers, and each id is put in its index with one lookup when it is new.
import { deref, getValue, type YMap, type YNode, type YSeq } from '../yaml/tree';
import { EMPTY, Fields, SharedLists, Singles, fit, textsOf } from './reader';
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

const READERS = [ROOT, DATA_ASSET, BOUNDARY, ELEMENT, FLOW, THREAT, DREAD, VALIDATION, MITIGATION, EVIDENCE, ATTACK_TREE, ATTACK_NODE, SUPPRESSION];

const ML_ROLE_LISTS = new Singles(ML_ROLES);
const STRIDE_LISTS = new Singles(STRIDE_CATEGORIES);
const LINDDUN_LISTS = new Singles(LINDDUN_CATEGORIES);

const R = ROOT.at;
const DA = DATA_ASSET.at;
const BO = BOUNDARY.at;
const EL = ELEMENT.at;
const FL = FLOW.at;
const TH = THREAT.at;
const DR = DREAD.at;
const VA = VALIDATION.at;
const MI = MITIGATION.at;
const EV = EVIDENCE.at;
const AT = ATTACK_TREE.at;
const AN = ATTACK_NODE.at;
const SU = SUPPRESSION.at;

/** The sequence of a top-level list, or undefined. */
function seqOf(list: YNode | undefined): YSeq | undefined {
  return list && list.kind === 'seq' ? list : undefined;
}

/** A list item as a mapping (aliases followed), or undefined. */
function mapOf(item: YNode): YMap | undefined {
  const map = deref(item);
  return map && map.kind === 'map' ? map : undefined;
}

function dread(map: YMap | undefined): Dread | undefined {
  if (!map) return undefined;
  const f = DREAD.read(map);
  return {
    damage: f.num(DR.damage),
    reproducibility: f.num(DR.reproducibility),
    exploitability: f.num(DR.exploitability),
    affectedUsers: f.num(DR.affected_users),
    discoverability: f.num(DR.discoverability),
  };
}

function validations(node: YNode | undefined): Validation[] {
  if (!node || node.kind !== 'seq') return EMPTY;
  let out: Validation[] = EMPTY;
  for (const item of node.items) {
    const m = mapOf(item);
    if (!m) continue;
    const f = VALIDATION.read(m);
    const result = f.oneOf(VA.result, VALIDATION_RESULTS);
    if (!result) continue;
    const entry: Validation = { result, date: f.str(VA.date), source: f.str(VA.source), details: f.str(VA.details) };
    if (out === EMPTY) out = [entry];
    else out.push(entry);
  }
  // A one-entry list (the usual case) is already exactly sized; a pushed-to one keeps spare room.
  return out.length > 1 ? fit(out) : out;
}

function evidence(node: YNode | undefined): Evidence[] {
  if (!node) return EMPTY;
  if (node.kind === 'scalar') return !node.empty && node.value !== null ? [evidenceFromText(node.text, node)] : EMPTY;
  if (node.kind !== 'seq') return EMPTY;
  let out: Evidence[] = EMPTY;
  for (const raw of node.items) {
    const item = deref(raw);
    if (!item) continue;
    let entry: Evidence;
    if (item.kind === 'scalar') {
      if (item.empty || item.value === null) continue;
      entry = evidenceFromText(item.text, item);
    } else if (item.kind === 'map') {
      const f = EVIDENCE.read(item);
      entry = { path: f.str(EV.path), ticket: f.str(EV.ticket), url: f.str(EV.url), note: f.str(EV.note), node: item };
    } else continue;
    if (out === EMPTY) out = [entry];
    else out.push(entry);
  }
  return out.length > 1 ? fit(out) : out;
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
    id: f.str(AN.id),
    title: f.str(AN.title) ?? f.str(AN.goal),
    operator: f.oneOf(AN.operator, ATTACK_TREE_OPERATORS),
    threat: f.str(AN.threat),
    children: EMPTY,
    node: map,
  };
  const seq = f.seq(AN.children);
  if (seq && depth < 64) {
    const children: AttackTreeNode[] = [];
    for (const item of seq.items) {
      const m = mapOf(item);
      if (m) children.push(attackNode(m, depth + 1));
    }
    node.children = fit(children);
  }
  return node;
}

export function buildModel(rootNode: YNode | undefined): ThreatModel {
  try {
    return build(rootNode);
  } finally {
    for (const reader of READERS) reader.release();
  }
}

function build(rootNode: YNode | undefined): ThreatModel {
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
  const shared = new SharedLists();

  const r = ROOT.read(root);
  model.version = r.num(R.threatmodel);
  model.metadata = {
    title: r.str(R.title),
    description: r.str(R.description),
    owners: r.strings(R.owners),
    scope: r.str(R.scope),
    assumptions: r.strings(R.assumptions),
  };
  // Every list is taken from the root before any other reader runs.
  const dataAssets = seqOf(r.node(R.data_assets));
  const boundaries = seqOf(r.node(R.boundaries));
  const elements = seqOf(r.node(R.elements));
  const flows = seqOf(r.node(R.flows));
  const threats = seqOf(r.node(R.threats));
  const mitigations = seqOf(r.node(R.mitigations));
  const attackTrees = seqOf(r.node(R.attack_trees));
  const suppressions = seqOf(r.node(R.suppressions));

  if (dataAssets) {
    const items = dataAssets.items;
    const byId = index.dataAssets;
    for (let i = 0; i < items.length; i++) {
      const map = mapOf(items[i]);
      if (!map) continue;
      const f = DATA_ASSET.read(map);
      const id = f.str(DA.id);
      if (id === undefined) continue;
      const asset: DataAsset = {
        id,
        node: map,
        index: i,
        name: f.str(DA.name),
        description: f.str(DA.description),
        classification: f.oneOf(DA.classification, CLASSIFICATIONS),
        personal: f.bool(DA.personal) || f.bool(DA.special_category),
        specialCategory: f.bool(DA.special_category),
        retention: f.str(DA.retention),
      };
      model.dataAssets.push(asset);
      if (!byId.has(id)) byId.set(id, asset);
    }
  }

  if (boundaries) {
    const items = boundaries.items;
    const byId = index.boundaries;
    for (let i = 0; i < items.length; i++) {
      const map = mapOf(items[i]);
      if (!map) continue;
      const f = BOUNDARY.read(map);
      const id = f.str(BO.id);
      if (id === undefined) continue;
      const boundary: Boundary = {
        id,
        node: map,
        index: i,
        name: f.str(BO.name),
        description: f.str(BO.description),
        kind: f.oneOf(BO.kind, BOUNDARY_KINDS),
        parent: f.str(BO.parent),
      };
      model.boundaries.push(boundary);
      if (!byId.has(id)) byId.set(id, boundary);
    }
  }

  if (elements) {
    const items = elements.items;
    const byId = index.elements;
    for (let i = 0; i < items.length; i++) {
      const map = mapOf(items[i]);
      if (!map) continue;
      const f = ELEMENT.read(map);
      const id = f.str(EL.id);
      if (id === undefined) continue;
      const element: Element = {
        id,
        node: map,
        index: i,
        name: f.str(EL.name),
        description: f.str(EL.description),
        type: f.oneOf(EL.type, DFD_TYPES) ?? 'process',
        mlRoles: f.enums(EL.ml_role, ML_ROLE_LISTS),
        boundary: f.str(EL.boundary),
        authentication: f.oneOf(EL.authentication, AUTHENTICATION_METHODS),
        internetFacing: f.bool(EL.internet_facing),
        thirdParty: f.bool(EL.third_party),
        provenance: f.oneOf(EL.provenance, PROVENANCES),
        source: f.str(EL.source),
        storesLogs: f.bool(EL.stores_logs),
        rateLimited: f.bool(EL.rate_limited),
        returnsScores: f.bool(EL.returns_scores),
        data: f.strings(EL.data, shared),
        tags: f.strings(EL.tags, shared),
      };
      model.elements.push(element);
      if (!byId.has(id)) byId.set(id, element);
    }
  }

  if (flows) {
    const items = flows.items;
    const byId = index.flows;
    for (let i = 0; i < items.length; i++) {
      const map = mapOf(items[i]);
      if (!map) continue;
      const f = FLOW.read(map);
      const id = f.str(FL.id);
      if (id === undefined) continue;
      const flow: Flow = {
        id,
        node: map,
        index: i,
        name: f.str(FL.name),
        description: f.str(FL.description),
        from: f.str(FL.from) ?? '',
        to: f.str(FL.to) ?? '',
        data: f.strings(FL.data, shared),
        protocol: f.str(FL.protocol),
        authenticated: f.bool(FL.authenticated),
        encrypted: f.bool(FL.encrypted),
        rateLimited: f.bool(FL.rate_limited),
        bidirectional: f.bool(FL.bidirectional),
        tags: f.strings(FL.tags, shared),
      };
      model.flows.push(flow);
      if (!byId.has(id)) byId.set(id, flow);
    }
  }

  if (threats) {
    const items = threats.items;
    const byId = index.threats;
    for (let i = 0; i < items.length; i++) {
      const map = mapOf(items[i]);
      if (!map) continue;
      const f = THREAT.read(map);
      const id = f.str(TH.id);
      if (id === undefined) continue;
      const threat: Threat = {
        id,
        node: map,
        index: i,
        title: f.str(TH.title),
        description: f.str(TH.description),
        // A target usually has several threats; lists of mitigations are rarely one item.
        targets: f.strings(TH.target, shared),
        stride: f.enums(TH.stride, STRIDE_LISTS),
        linddun: f.enums(TH.linddun, LINDDUN_LISTS),
        atlas: f.strings(TH.atlas, shared),
        owaspLlm: f.strings(TH.owasp_llm, shared),
        dread: dread(f.map(TH.dread)),
        status: f.oneOf(TH.status, THREAT_STATUSES) ?? 'open',
        justification: f.str(TH.justification),
        owner: f.str(TH.owner),
        reviewBy: f.str(TH.review_by),
        mitigations: f.strings(TH.mitigations),
        proposal: f.str(TH.proposal),
        validation: validations(f.node(TH.validation)),
      };
      model.threats.push(threat);
      if (!byId.has(id)) byId.set(id, threat);
    }
  }

  if (mitigations) {
    const items = mitigations.items;
    const byId = index.mitigations;
    for (let i = 0; i < items.length; i++) {
      const map = mapOf(items[i]);
      if (!map) continue;
      const f = MITIGATION.read(map);
      const id = f.str(MI.id);
      if (id === undefined) continue;
      const mitigation: Mitigation = {
        id,
        node: map,
        index: i,
        title: f.str(MI.title),
        description: f.str(MI.description),
        status: f.oneOf(MI.status, MITIGATION_STATUSES) ?? 'proposed',
        atlas: f.strings(MI.atlas, shared),
        controls: f.strings(MI.controls, shared),
        owner: f.str(MI.owner),
        evidence: evidence(f.node(MI.evidence)),
      };
      model.mitigations.push(mitigation);
      if (!byId.has(id)) byId.set(id, mitigation);
    }
  }

  if (attackTrees) {
    const items = attackTrees.items;
    const byId = index.attackTrees;
    for (let i = 0; i < items.length; i++) {
      const map = mapOf(items[i]);
      if (!map) continue;
      const f = ATTACK_TREE.read(map);
      const id = f.str(AT.id);
      if (id === undefined) continue;
      const tree: AttackTree = { id, node: map, index: i, goal: f.str(AT.goal), root: attackNode(map, 0) };
      model.attackTrees.push(tree);
      if (!byId.has(id)) byId.set(id, tree);
    }
  }

  if (suppressions) {
    for (const item of suppressions.items) {
      const map = mapOf(item);
      if (!map) continue;
      const f = SUPPRESSION.read(map);
      const suppression: Suppression = {
        rule: f.str(SU.rule),
        target: f.str(SU.target),
        proposal: f.str(SU.proposal),
        justification: f.str(SU.justification),
        node: map,
      };
      model.suppressions.push(suppression);
    }
  }
  return model;
}
