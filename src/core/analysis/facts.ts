// Facts about the elements and flows of a model (computed in factContext.ts). Rules (data in
// catalogs/rules/*.yaml) read only these facts, by name; the table below is the complete list, so
// a rule naming anything else is a rule-pack error. Every fact is a boolean, a string or a list
// of strings.

export type FactType = 'boolean' | 'string' | 'list';
export type FactValue = boolean | string | string[] | undefined;

export interface FactSpec {
  type: FactType;
  doc: string;
}

/** Facts of one element (`element.*`; for flow rules the same facts exist as `from.*` and `to.*`). */
export const ELEMENT_FACTS: Record<string, FactSpec> = {
  id: { type: 'string', doc: 'Id of the element.' },
  name: { type: 'string', doc: 'Name of the element (its id when it has none).' },
  type: { type: 'string', doc: 'DFD type: external_entity, process or data_store.' },
  ml_role: { type: 'list', doc: 'Machine-learning roles (`ml_role:`).' },
  boundary: { type: 'string', doc: 'Id of the trust boundary the element sits in.' },
  boundary_chain: { type: 'list', doc: 'The element boundary and all enclosing boundaries, innermost first.' },
  boundary_kinds: { type: 'list', doc: 'Kinds of the boundaries in `boundary_chain`.' },
  in_boundary: { type: 'boolean', doc: 'The element sits inside some trust boundary.' },
  internet_facing: { type: 'boolean', doc: 'Declared `internet_facing: true`.' },
  internet_reachable: {
    type: 'boolean',
    doc: 'Internet-facing, or receives a flow from an external entity that is outside all boundaries or in an internet-ish boundary (id or name mentions internet or public).',
  },
  external_input: { type: 'boolean', doc: 'Input from an external entity reaches the element, directly or through processes.' },
  authentication: { type: 'string', doc: 'The declared `authentication:` method.' },
  authenticated: { type: 'boolean', doc: 'Callers must authenticate (`authentication:` set and not `none`).' },
  third_party: { type: 'boolean', doc: 'Operated by a vendor or another organisation.' },
  provenance: { type: 'string', doc: 'Declared provenance: internal, external or vendor.' },
  external_provenance: { type: 'boolean', doc: 'Provenance is external or vendor.' },
  has_source: { type: 'boolean', doc: 'An external `source:` is named.' },
  stores_logs: { type: 'boolean', doc: 'Declared `stores_logs: true`.' },
  rate_limited: { type: 'boolean', doc: 'Declared `rate_limited: true`.' },
  returns_scores: { type: 'boolean', doc: 'Declared `returns_scores: true`.' },
  data: { type: 'list', doc: 'Ids of the data assets stored or processed (`data:`).' },
  data_classification: { type: 'list', doc: 'Classifications of the data held, sent or received.' },
  personal_data: { type: 'boolean', doc: 'Holds, receives or sends personal data.' },
  special_category_data: { type: 'boolean', doc: 'Holds, receives or sends special-category personal data.' },
  stores_personal_data: { type: 'boolean', doc: 'A data store whose own `data:` includes personal data.' },
  inbound_from_types: { type: 'list', doc: 'DFD types of the elements that send data to this one.' },
  outbound_to_types: { type: 'list', doc: 'DFD types of the elements this one sends data to.' },
  upstream_ml_roles: { type: 'list', doc: 'ML roles of the elements that send data to this one.' },
  downstream_ml_roles: { type: 'list', doc: 'ML roles of the elements this one sends data to.' },
  fed_by_external_data: {
    type: 'boolean',
    doc: 'Receives data from an external entity or from an element with external/vendor provenance or third-party operation.',
  },
  sends_to_third_party: { type: 'boolean', doc: 'Sends data to a third-party element.' },
  has_control: { type: 'list', doc: '`controls:` of the implemented or verified mitigations linked from threats on the element.' },
  atlas_mitigations: { type: 'list', doc: 'ATLAS mitigation ids of the implemented or verified mitigations linked from threats on the element.' },
  mitigations: { type: 'list', doc: 'Ids of the mitigations linked from threats on the element.' },
  threat_stride: { type: 'list', doc: 'STRIDE categories of the threats already on the element.' },
  threat_linddun: { type: 'list', doc: 'LINDDUN types of the threats already on the element.' },
  threat_atlas: { type: 'list', doc: 'ATLAS technique ids of the threats already on the element.' },
  tags: { type: 'list', doc: 'The element `tags:`.' },
};

/** Facts of one flow (`flow.*`). */
export const FLOW_FACTS: Record<string, FactSpec> = {
  id: { type: 'string', doc: 'Id of the flow.' },
  name: { type: 'string', doc: 'Name of the flow (its id when it has none).' },
  from: { type: 'string', doc: 'Id of the source element.' },
  to: { type: 'string', doc: 'Id of the destination element.' },
  protocol: { type: 'string', doc: 'The declared protocol.' },
  interaction: { type: 'string', doc: 'Source and destination types, e.g. `external_entity->process`.' },
  crosses_boundary: { type: 'boolean', doc: 'Source and destination sit in different trust boundaries.' },
  boundaries_crossed: { type: 'list', doc: 'Ids of the boundaries the flow leaves or enters.' },
  boundary_kinds_crossed: { type: 'list', doc: 'Kinds of the boundaries crossed (e.g. organization, vendor).' },
  from_boundary: { type: 'string', doc: 'Boundary of the source element.' },
  to_boundary: { type: 'string', doc: 'Boundary of the destination element.' },
  from_internet: { type: 'boolean', doc: 'The source is on the internet (internet-facing external entity, outside all boundaries or in an internet-ish boundary).' },
  authenticated: { type: 'boolean', doc: 'Declared `authenticated: true`.' },
  encrypted: { type: 'boolean', doc: 'Declared `encrypted: true`.' },
  rate_limited: { type: 'boolean', doc: 'Declared `rate_limited: true`, or the destination is rate limited.' },
  bidirectional: { type: 'boolean', doc: 'Declared `bidirectional: true`.' },
  data: { type: 'list', doc: 'Ids of the data assets carried.' },
  data_classification: { type: 'list', doc: 'Classifications of the data carried.' },
  carries_personal_data: { type: 'boolean', doc: 'Carries a personal data asset.' },
  carries_special_category: { type: 'boolean', doc: 'Carries a special-category data asset.' },
  derived_from_personal_data: {
    type: 'boolean',
    doc: 'Carries personal data, or its source holds or receives personal data (e.g. model updates computed from patient records).',
  },
  has_control: { type: 'list', doc: '`controls:` of the implemented or verified mitigations linked from threats on the flow.' },
  atlas_mitigations: { type: 'list', doc: 'ATLAS mitigation ids of the implemented or verified mitigations linked from threats on the flow.' },
  mitigations: { type: 'list', doc: 'Ids of the mitigations linked from threats on the flow.' },
  threat_stride: { type: 'list', doc: 'STRIDE categories of the threats already on the flow.' },
  threat_linddun: { type: 'list', doc: 'LINDDUN types of the threats already on the flow.' },
  threat_atlas: { type: 'list', doc: 'ATLAS technique ids of the threats already on the flow.' },
  tags: { type: 'list', doc: 'The flow `tags:`.' },
};

export type Scope = 'element' | 'flow';

/** The spec of a dotted fact name valid in a rule of the given scope, or undefined. */
export function factSpec(scope: Scope, name: string): FactSpec | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const prefix = name.slice(0, dot);
  const key = name.slice(dot + 1);
  if (scope === 'element') return prefix === 'element' ? own(ELEMENT_FACTS, key) : undefined;
  if (prefix === 'flow') return own(FLOW_FACTS, key);
  if (prefix === 'from' || prefix === 'to') return own(ELEMENT_FACTS, key);
  return undefined;
}

function own(table: Record<string, FactSpec>, key: string): FactSpec | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** All fact names of a scope (for messages and docs). */
export function factNames(scope: Scope): string[] {
  if (scope === 'element') return Object.keys(ELEMENT_FACTS).map((k) => `element.${k}`);
  return [
    ...Object.keys(FLOW_FACTS).map((k) => `flow.${k}`),
    ...Object.keys(ELEMENT_FACTS).map((k) => `from.${k}`),
    ...Object.keys(ELEMENT_FACTS).map((k) => `to.${k}`),
  ];
}

export type FactTable = Map<string, FactValue>;

/** Where a control or ATLAS mitigation fact came from: value -> mitigation ids. */
export type Provenance = Map<string, string[]>;

export interface TargetFacts {
  id: string;
  kind: 'element' | 'flow';
  facts: FactTable;
  /** For `has_control` / `atlas_mitigations`: which mitigations provide each value. */
  controlSources: Provenance;
  /** Human text used by rule templates ({exposure}, {boundary}, ...). */
  text: Record<string, string>;
}

export interface ModelFacts {
  elements: Map<string, TargetFacts>;
  flows: Map<string, TargetFacts>;
}

/** Mitigation statuses whose controls count as already in place (proposed and planned ones do not). */
export const CONTROL_IN_PLACE: readonly string[] = ['implemented', 'verified'];
