// The .threatmodel format, declared once. Validation, completion, hover and the JSON Schema in
// `schemas/threatmodel.schema.json` are all derived from these declarations.
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
} from '../model/types';

/** What an id reference may point at. */
export type RefKind = 'data_asset' | 'boundary' | 'element' | 'flow' | 'threat' | 'mitigation' | 'attack_tree';

export type FieldSpec =
  | { type: 'string'; doc: string; required?: boolean; pattern?: RegExp; patternHint?: string; multiline?: boolean }
  | { type: 'id'; doc: string; required?: boolean; defines: RefKind }
  | { type: 'integer'; doc: string; required?: boolean; min?: number; max?: number }
  | { type: 'number'; doc: string; required?: boolean; min?: number; max?: number }
  | { type: 'boolean'; doc: string; required?: boolean }
  | { type: 'date'; doc: string; required?: boolean }
  | { type: 'enum'; doc: string; required?: boolean; values: readonly string[]; oneOrMany?: boolean }
  | { type: 'ref'; doc: string; required?: boolean; to: readonly RefKind[]; oneOrMany?: boolean }
  | { type: 'string-list'; doc: string; required?: boolean; pattern?: RegExp; patternHint?: string; oneOrMany?: boolean }
  | { type: 'map'; doc: string; required?: boolean; fields: () => Record<string, FieldSpec>; scalarShorthand?: string }
  | { type: 'list'; doc: string; required?: boolean; item: FieldSpec };

export const ATLAS_TECHNIQUE_PATTERN = /^AML\.T\d{4}(?:\.\d{3})?$/;
export const ATLAS_MITIGATION_PATTERN = /^AML\.M\d{4}$/;
export const OWASP_LLM_PATTERN = /^LLM(?:0[1-9]|10)(?::2025)?$/;
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

const id = (defines: RefKind, what: string): FieldSpec => ({
  type: 'id',
  defines,
  required: true,
  doc: `Unique id of this ${what}, used to refer to it elsewhere in the model (letters, digits, \`_ . : -\`).`,
});
const name = (what: string): FieldSpec => ({ type: 'string', doc: `Human-readable name of the ${what}.` });
const description: FieldSpec = { type: 'string', doc: 'Free-text description.', multiline: true };
const tags: FieldSpec = { type: 'string-list', doc: 'Free-form labels, usable in custom rules.', oneOrMany: true };

export const DATA_ASSET_FIELDS: Record<string, FieldSpec> = {
  id: id('data_asset', 'data asset'),
  name: name('data asset'),
  description,
  classification: { type: 'enum', values: CLASSIFICATIONS, doc: 'Sensitivity class of the data.' },
  personal: { type: 'boolean', doc: 'Whether the data relates to identified or identifiable people (personal data). Drives LINDDUN analysis.' },
  special_category: {
    type: 'boolean',
    doc: 'Whether it is special-category data (health, biometric, religion, ...) under GDPR art. 9.',
  },
  retention: { type: 'string', doc: 'How long the data is kept (e.g. `30 days`).' },
};

export const BOUNDARY_FIELDS: Record<string, FieldSpec> = {
  id: id('boundary', 'trust boundary'),
  name: name('trust boundary'),
  description,
  kind: { type: 'enum', values: BOUNDARY_KINDS, doc: 'What separates the inside from the outside.' },
  parent: { type: 'ref', to: ['boundary'], doc: 'The enclosing trust boundary (boundaries nest).' },
};

export const ELEMENT_FIELDS: Record<string, FieldSpec> = {
  id: id('element', 'element'),
  name: name('element'),
  description,
  type: {
    type: 'enum',
    values: DFD_TYPES,
    required: true,
    doc: 'DFD element type: `external_entity` (people and systems outside your control), `process` (code that transforms data), `data_store` (data at rest).',
  },
  ml_role: {
    type: 'enum',
    values: ML_ROLES,
    oneOrMany: true,
    doc: 'Machine-learning role(s) of the element: model, pretrained_model, training_pipeline, training_data, dataset, feature_store, inference_api, llm, embedding_model, retriever, vector_store, agent, agent_tool, federated_client, federated_aggregator.',
  },
  boundary: { type: 'ref', to: ['boundary'], doc: 'The trust boundary the element sits in (omit for outside all boundaries).' },
  authentication: { type: 'enum', values: AUTHENTICATION_METHODS, doc: 'What callers must present to use the element; `none` means anyone who can reach it.' },
  internet_facing: { type: 'boolean', doc: 'Reachable from the public internet.' },
  third_party: { type: 'boolean', doc: 'Operated by a vendor or another organisation.' },
  provenance: { type: 'enum', values: PROVENANCES, doc: 'Where a model artifact or dataset comes from: built `internal`ly, downloaded from an `external` source, or supplied by a `vendor`.' },
  source: { type: 'string', doc: 'Origin of an external artifact (URL, model hub name, vendor).' },
  stores_logs: { type: 'boolean', doc: 'The data store holds logs or audit records (enables repudiation analysis).' },
  rate_limited: { type: 'boolean', doc: 'Requests to the element are rate limited or quota-bound.' },
  returns_scores: { type: 'boolean', doc: 'An inference API that returns confidence scores or logits, not only labels.' },
  data: { type: 'ref', to: ['data_asset'], oneOrMany: true, doc: 'Data assets stored or processed by the element.' },
  tags,
};

export const FLOW_FIELDS: Record<string, FieldSpec> = {
  id: id('flow', 'data flow'),
  name: name('data flow'),
  description,
  from: { type: 'ref', to: ['element'], required: true, doc: 'Id of the element the data comes from.' },
  to: { type: 'ref', to: ['element'], required: true, doc: 'Id of the element the data goes to.' },
  data: { type: 'ref', to: ['data_asset'], oneOrMany: true, doc: 'Data assets carried by the flow.' },
  protocol: { type: 'string', doc: 'Transport or protocol (e.g. `HTTPS`, `gRPC`, `SQL`).' },
  authenticated: { type: 'boolean', doc: 'Both ends authenticate the flow (e.g. mTLS, signed tokens).' },
  encrypted: { type: 'boolean', doc: 'The flow is encrypted in transit.' },
  rate_limited: { type: 'boolean', doc: 'The flow is rate limited.' },
  bidirectional: { type: 'boolean', doc: 'Data moves both ways (request and response carry the listed data).' },
  tags,
};

export const DREAD_FIELDS: Record<string, FieldSpec> = {
  damage: { type: 'number', doc: 'Damage potential: how bad it is if the attack succeeds.' },
  reproducibility: { type: 'number', doc: 'Reproducibility: how reliably the attack can be repeated.' },
  exploitability: { type: 'number', doc: 'Exploitability: how little effort and skill the attack needs.' },
  affected_users: { type: 'number', doc: 'Affected users: how many people are hurt.' },
  discoverability: { type: 'number', doc: 'Discoverability: how easy the weakness is to find.' },
};

export const VALIDATION_FIELDS: Record<string, FieldSpec> = {
  result: {
    type: 'enum',
    values: VALIDATION_RESULTS,
    required: true,
    doc: 'Outcome of an attack run against the threat: `succeeded` (the attack worked; the threat is confirmed), `failed` (the defences held), `undetermined`.',
  },
  date: { type: 'date', doc: 'When the validation ran (YYYY-MM-DD).' },
  source: { type: 'string', doc: 'Tool or run that produced it (e.g. `pyrit`, a run id).' },
  details: { type: 'string', doc: 'What was tried and observed.', multiline: true },
};

export const THREAT_FIELDS: Record<string, FieldSpec> = {
  id: id('threat', 'threat'),
  title: { type: 'string', required: true, doc: 'Short statement of what can go wrong.' },
  description,
  target: { type: 'ref', to: ['element', 'flow'], oneOrMany: true, required: true, doc: 'Id(s) of the element(s) or flow(s) the threat applies to.' },
  stride: { type: 'enum', values: STRIDE_CATEGORIES, oneOrMany: true, doc: 'STRIDE categories of the threat.' },
  linddun: { type: 'enum', values: LINDDUN_CATEGORIES, oneOrMany: true, doc: 'LINDDUN privacy threat types.' },
  atlas: {
    type: 'string-list',
    pattern: ATLAS_TECHNIQUE_PATTERN,
    patternHint: 'an ATLAS technique id such as AML.T0051 or AML.T0051.000',
    oneOrMany: true,
    doc: 'MITRE ATLAS technique or sub-technique ids.',
  },
  owasp_llm: {
    type: 'string-list',
    pattern: OWASP_LLM_PATTERN,
    patternHint: 'an OWASP Top 10 for LLM Applications id such as LLM01 or LLM01:2025',
    oneOrMany: true,
    doc: 'OWASP Top 10 for LLM Applications (2025) ids.',
  },
  dread: { type: 'map', fields: () => DREAD_FIELDS, doc: 'DREAD factors used to score and rank the threat.' },
  status: { type: 'enum', values: THREAT_STATUSES, doc: 'open (default), mitigated, accepted (risk taken knowingly), transferred (to a vendor, insurer, ...).' },
  justification: { type: 'string', multiline: true, doc: 'Why a risk is accepted or transferred.' },
  owner: { type: 'string', doc: 'Who owns the risk decision.' },
  review_by: { type: 'date', doc: 'When an accepted or transferred risk must be reviewed again (YYYY-MM-DD).' },
  mitigations: { type: 'ref', to: ['mitigation'], oneOrMany: true, doc: 'Ids of the mitigations that address this threat.' },
  proposal: { type: 'string', doc: 'Id of the analysis proposal this threat was created from.' },
  validation: { type: 'list', item: { type: 'map', fields: () => VALIDATION_FIELDS, doc: 'A validation run.' }, doc: 'Results of attack runs (e.g. PyRIT) against this threat.' },
};

export const EVIDENCE_FIELDS: Record<string, FieldSpec> = {
  path: { type: 'string', doc: 'A path in the repository, relative to the workspace folder (e.g. `src/ratelimit.ts`).' },
  ticket: { type: 'string', doc: 'A ticket or issue reference (e.g. `SEC-123`).' },
  url: { type: 'string', doc: 'A link to a document, dashboard or test report.' },
  note: { type: 'string', doc: 'What the evidence shows.' },
};

export const MITIGATION_FIELDS: Record<string, FieldSpec> = {
  id: id('mitigation', 'mitigation'),
  title: { type: 'string', required: true, doc: 'What is done about the threat.' },
  description,
  status: { type: 'enum', values: MITIGATION_STATUSES, doc: 'proposed (default), planned, implemented, verified.' },
  atlas: {
    type: 'string-list',
    pattern: ATLAS_MITIGATION_PATTERN,
    patternHint: 'an ATLAS mitigation id such as AML.M0004',
    oneOrMany: true,
    doc: 'MITRE ATLAS mitigation ids this control implements.',
  },
  controls: { type: 'string-list', oneOrMany: true, doc: 'Security controls provided, used by rules to recognise coverage (e.g. `rate_limiting`, `authentication`, `encryption`, `input_validation`).' },
  owner: { type: 'string', doc: 'Who is responsible for the mitigation.' },
  evidence: {
    type: 'list',
    item: { type: 'map', fields: () => EVIDENCE_FIELDS, scalarShorthand: 'path', doc: 'Evidence: a repository path, or a mapping with path, ticket, url, note.' },
    doc: 'Where to see that the mitigation is in place: repository paths, tickets, links.',
  },
};

export const ATTACK_NODE_FIELDS: Record<string, FieldSpec> = {
  id: { type: 'string', doc: 'Optional id of the node.' },
  title: { type: 'string', doc: 'The attacker step or sub-goal.' },
  operator: { type: 'enum', values: ATTACK_TREE_OPERATORS, doc: '`or`: any child achieves this node; `and`: all children are needed.' },
  threat: { type: 'ref', to: ['threat'], doc: 'A threat in this model that this leaf realises.' },
  children: { type: 'list', item: { type: 'map', fields: () => ATTACK_NODE_FIELDS, doc: 'A child step.' }, doc: 'Sub-steps.' },
};

export const ATTACK_TREE_FIELDS: Record<string, FieldSpec> = {
  id: id('attack_tree', 'attack tree'),
  goal: { type: 'string', required: true, doc: "The attacker's goal at the root of the tree." },
  operator: ATTACK_NODE_FIELDS.operator,
  threat: ATTACK_NODE_FIELDS.threat,
  children: ATTACK_NODE_FIELDS.children,
};

export const SUPPRESSION_FIELDS: Record<string, FieldSpec> = {
  rule: { type: 'string', doc: 'Id of the analysis rule to suppress.' },
  target: { type: 'ref', to: ['element', 'flow'], doc: 'Element or flow the suppression applies to (omit for all).' },
  proposal: { type: 'string', doc: 'Id of one analysis proposal to suppress.' },
  justification: { type: 'string', required: true, multiline: true, doc: 'Why the proposal does not apply (required).' },
};

export const TOP_LEVEL_FIELDS: Record<string, FieldSpec> = {
  threatmodel: { type: 'integer', required: true, min: 1, max: 1, doc: 'Version of the .threatmodel format. Currently `1`.' },
  title: { type: 'string', doc: 'Name of the system being modelled.' },
  description,
  owners: { type: 'string-list', oneOrMany: true, doc: 'People or teams who own the threat model.' },
  scope: { type: 'string', multiline: true, doc: 'What is in and out of scope.' },
  assumptions: { type: 'string-list', doc: 'Assumptions the analysis rests on.' },
  data_assets: { type: 'list', item: { type: 'map', fields: () => DATA_ASSET_FIELDS, doc: 'A data asset.' }, doc: 'The data worth protecting.' },
  boundaries: { type: 'list', item: { type: 'map', fields: () => BOUNDARY_FIELDS, doc: 'A trust boundary.' }, doc: 'Trust boundaries (they may nest).' },
  elements: { type: 'list', item: { type: 'map', fields: () => ELEMENT_FIELDS, doc: 'A DFD element.' }, doc: 'External entities, processes and data stores.' },
  flows: { type: 'list', item: { type: 'map', fields: () => FLOW_FIELDS, doc: 'A data flow.' }, doc: 'Data flows between elements.' },
  threats: { type: 'list', item: { type: 'map', fields: () => THREAT_FIELDS, doc: 'A threat.' }, doc: 'What can go wrong.' },
  mitigations: { type: 'list', item: { type: 'map', fields: () => MITIGATION_FIELDS, doc: 'A mitigation.' }, doc: 'What is done about it.' },
  attack_trees: { type: 'list', item: { type: 'map', fields: () => ATTACK_TREE_FIELDS, doc: 'An attack tree.' }, doc: 'Attack trees: a goal refined into AND/OR steps.' },
  suppressions: {
    type: 'list',
    item: { type: 'map', fields: () => SUPPRESSION_FIELDS, doc: 'A suppressed analysis proposal.' },
    doc: 'Analysis proposals that do not apply, each with a written justification.',
  },
};

/** Which top-level list defines which kind of id. */
export const SECTION_OF_KIND: Record<RefKind, string> = {
  data_asset: 'data_assets',
  boundary: 'boundaries',
  element: 'elements',
  flow: 'flows',
  threat: 'threats',
  mitigation: 'mitigations',
  attack_tree: 'attack_trees',
};

export const KIND_LABEL: Record<RefKind, string> = {
  data_asset: 'data asset',
  boundary: 'trust boundary',
  element: 'element',
  flow: 'data flow',
  threat: 'threat',
  mitigation: 'mitigation',
  attack_tree: 'attack tree',
};

/** The field spec at a path of keys and indices, or undefined for unknown paths. */
export function specAtPath(path: readonly (string | number)[]): FieldSpec | undefined {
  let fields: Record<string, FieldSpec> | undefined = TOP_LEVEL_FIELDS;
  let spec: FieldSpec | undefined;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!spec) return undefined;
      if (spec.type === 'list') spec = spec.item;
      else if ('oneOrMany' in spec && spec.oneOrMany) continue;
      else return undefined;
      fields = spec.type === 'map' ? spec.fields() : undefined;
    } else {
      if (!fields) return undefined;
      spec = fields[segment];
      if (!spec) return undefined;
      fields = spec.type === 'map' ? spec.fields() : undefined;
    }
  }
  return spec;
}

/** The mapping fields expected at a path (for key completion), or undefined. */
export function fieldsAtPath(path: readonly (string | number)[]): Record<string, FieldSpec> | undefined {
  if (path.length === 0) return TOP_LEVEL_FIELDS;
  const spec = specAtPath(path);
  if (!spec) return undefined;
  if (spec.type === 'map') return spec.fields();
  if (spec.type === 'list' && spec.item.type === 'map') return spec.item.fields();
  return undefined;
}
