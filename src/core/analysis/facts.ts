// Facts about the elements and flows of a model, computed once per analysis run. Rules (data in
// catalogs/rules/*.yaml) read only these facts, by name; the table below is the complete list, so
// a rule naming anything else is a rule-pack error. Every fact is a boolean, a string or a list
// of strings.
import type { Boundary, Element, Flow, Mitigation, ThreatModel } from '../model/types';

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

const INTERNETISH = /internet|public/i;
/** Mitigation statuses whose controls count as already in place (proposed and planned ones do not). */
export const CONTROL_IN_PLACE: readonly string[] = ['implemented', 'verified'];
/** Bound on the transitive walk used for `external_input`. */
const MAX_WALK = 10_000;

export function computeFacts(model: ThreatModel): ModelFacts {
  const idx = model.index;
  const chains = new Map<string, string[]>();
  const chainOf = (boundaryId: string | undefined): string[] => {
    if (!boundaryId) return [];
    const cached = chains.get(boundaryId);
    if (cached) return cached;
    const chain: string[] = [];
    let current: Boundary | undefined = idx.boundaries.get(boundaryId);
    if (!current) chain.push(boundaryId);
    while (current && !chain.includes(current.id) && chain.length < 64) {
      chain.push(current.id);
      current = current.parent ? idx.boundaries.get(current.parent) : undefined;
    }
    chains.set(boundaryId, chain);
    return chain;
  };
  const internetish = (b: string) => {
    const boundary = idx.boundaries.get(b);
    return INTERNETISH.test(b) || (boundary?.name !== undefined && INTERNETISH.test(boundary.name));
  };
  const onInternet = (e: Element): boolean =>
    e.type === 'external_entity' && (e.internetFacing || !e.boundary || chainOf(e.boundary).some(internetish));

  const inbound = new Map<string, Flow[]>();
  const outbound = new Map<string, Flow[]>();
  for (const f of model.flows) {
    push(inbound, f.to, f);
    push(outbound, f.from, f);
    if (f.bidirectional) {
      push(inbound, f.from, f);
      push(outbound, f.to, f);
    }
  }
  const asset = (id: string) => idx.dataAssets.get(id);
  const flowPersonal = (f: Flow) => f.data.some((d) => asset(d)?.personal === true);
  const flowSpecial = (f: Flow) => f.data.some((d) => asset(d)?.specialCategory === true);

  // Threat links: target -> threats, mitigations, controls.
  const linked = new Map<string, { stride: Set<string>; linddun: Set<string>; atlas: Set<string>; mitigations: Mitigation[] }>();
  for (const t of model.threats) {
    for (const target of t.targets) {
      let entry = linked.get(target);
      if (!entry) linked.set(target, (entry = { stride: new Set(), linddun: new Set(), atlas: new Set(), mitigations: [] }));
      t.stride.forEach((c) => entry!.stride.add(c));
      t.linddun.forEach((c) => entry!.linddun.add(c));
      t.atlas.forEach((c) => entry!.atlas.add(c));
      for (const m of t.mitigations) {
        const mitigation = idx.mitigations.get(m);
        if (mitigation && !entry.mitigations.includes(mitigation)) entry.mitigations.push(mitigation);
      }
    }
  }
  const linkFacts = (id: string, facts: FactTable, sources: Provenance) => {
    const entry = linked.get(id);
    const controls: string[] = [];
    const atlas: string[] = [];
    for (const m of entry?.mitigations ?? []) {
      if (!CONTROL_IN_PLACE.includes(m.status)) continue;
      for (const c of m.controls) addSource(sources, `has_control:${c}`, m.id, controls, c);
      for (const a of m.atlas) addSource(sources, `atlas_mitigations:${a}`, m.id, atlas, a);
    }
    facts.set('has_control', controls);
    facts.set('atlas_mitigations', atlas);
    facts.set('mitigations', (entry?.mitigations ?? []).map((m) => m.id));
    facts.set('threat_stride', [...(entry?.stride ?? [])]);
    facts.set('threat_linddun', [...(entry?.linddun ?? [])]);
    facts.set('threat_atlas', [...(entry?.atlas ?? [])]);
  };

  // Transitive reachability from external entities through processes (bounded BFS).
  const externalInput = new Set<string>();
  const queue: string[] = [];
  for (const e of model.elements) if (e.type === 'external_entity') queue.push(e.id);
  const seen = new Set(queue);
  for (let steps = 0; queue.length > 0 && steps < MAX_WALK; steps++) {
    const current = queue.shift()!;
    for (const f of outbound.get(current) ?? []) {
      const next = f.from === current ? f.to : f.from;
      externalInput.add(next);
      const nextEl = idx.elements.get(next);
      if (!seen.has(next) && nextEl && nextEl.type === 'process') {
        seen.add(next);
        queue.push(next);
      }
    }
  }

  const elements = new Map<string, TargetFacts>();
  for (const e of model.elements) {
    if (elements.has(e.id)) continue;
    const facts: FactTable = new Map();
    const sources: Provenance = new Map();
    const ins = inbound.get(e.id) ?? [];
    const outs = outbound.get(e.id) ?? [];
    const other = (f: Flow) => idx.elements.get(f.from === e.id ? f.to : f.from);
    const sourcesOf = ins.map(other).filter((x): x is Element => !!x && x.id !== e.id);
    const targetsOf = outs.map(other).filter((x): x is Element => !!x && x.id !== e.id);
    const chain = chainOf(e.boundary);
    const ownAssets = e.data.map(asset).filter((a) => !!a);
    const flows = [...ins, ...outs];
    const classifications = new Set<string>();
    for (const a of ownAssets) if (a!.classification) classifications.add(a!.classification);
    for (const f of flows) {
      for (const d of f.data) {
        const c = asset(d)?.classification;
        if (c) classifications.add(c);
      }
    }
    const internetIns = ins.filter((f) => {
      const s = other(f);
      return s !== undefined && s.id !== e.id && onInternet(s);
    });

    facts.set('id', e.id);
    facts.set('name', e.name ?? e.id);
    facts.set('type', e.type);
    facts.set('ml_role', [...e.mlRoles]);
    facts.set('boundary', e.boundary);
    facts.set('boundary_chain', chain);
    facts.set('boundary_kinds', unique(chain.map((b) => idx.boundaries.get(b)?.kind).filter((k) => k !== undefined) as string[]));
    facts.set('in_boundary', chain.length > 0);
    facts.set('internet_facing', e.internetFacing);
    facts.set('internet_reachable', e.internetFacing || internetIns.length > 0);
    facts.set('external_input', externalInput.has(e.id));
    facts.set('authentication', e.authentication);
    facts.set('authenticated', e.authentication !== undefined && e.authentication !== 'none');
    facts.set('third_party', e.thirdParty);
    facts.set('provenance', e.provenance);
    facts.set('external_provenance', e.provenance === 'external' || e.provenance === 'vendor');
    facts.set('has_source', e.source !== undefined);
    facts.set('stores_logs', e.storesLogs);
    facts.set('rate_limited', e.rateLimited);
    facts.set('returns_scores', e.returnsScores);
    facts.set('data', [...e.data]);
    facts.set('data_classification', [...classifications]);
    facts.set('personal_data', ownAssets.some((a) => a!.personal) || flows.some(flowPersonal));
    facts.set('special_category_data', ownAssets.some((a) => a!.specialCategory) || flows.some(flowSpecial));
    facts.set('stores_personal_data', e.type === 'data_store' && ownAssets.some((a) => a!.personal));
    facts.set('inbound_from_types', unique(sourcesOf.map((s) => s.type)));
    facts.set('outbound_to_types', unique(targetsOf.map((s) => s.type)));
    facts.set('upstream_ml_roles', unique(sourcesOf.flatMap((s) => s.mlRoles)));
    facts.set('downstream_ml_roles', unique(targetsOf.flatMap((s) => s.mlRoles)));
    facts.set(
      'fed_by_external_data',
      sourcesOf.some((s) => s.type === 'external_entity' || s.thirdParty || s.provenance === 'external' || s.provenance === 'vendor'),
    );
    facts.set('sends_to_third_party', targetsOf.some((s) => s.thirdParty));
    facts.set('tags', [...e.tags]);
    linkFacts(e.id, facts, sources);

    const text: Record<string, string> = {
      element: e.id,
      boundary: e.boundary ?? 'no boundary',
      data: e.data.join(', ') || 'no declared data',
      exposure: exposureText(e, internetIns, idx.elements, chainOf),
      type_text: e.type.replace(/_/g, ' '),
      scores_text: e.returnsScores ? ', and it returns confidence scores' : '',
      provenance_text: provenanceText(e, sourcesOf),
      source: e.source ? `\`${e.source}\`` : e.provenance === 'vendor' ? 'a vendor' : 'an external source',
    };
    elements.set(e.id, { id: e.id, kind: 'element', facts, controlSources: sources, text });
  }

  const flows = new Map<string, TargetFacts>();
  for (const f of model.flows) {
    if (flows.has(f.id)) continue;
    const from = idx.elements.get(f.from);
    const to = idx.elements.get(f.to);
    const facts: FactTable = new Map();
    const sources: Provenance = new Map();
    const fromChain = chainOf(from?.boundary);
    const toChain = chainOf(to?.boundary);
    const crossed = unique([...fromChain.filter((b) => !toChain.includes(b)), ...toChain.filter((b) => !fromChain.includes(b))]);
    const classifications = unique(f.data.map((d) => asset(d)?.classification).filter((c) => c !== undefined) as string[]);
    const fromFacts = from ? elements.get(from.id)?.facts : undefined;
    facts.set('id', f.id);
    facts.set('name', f.name ?? f.id);
    facts.set('from', f.from);
    facts.set('to', f.to);
    facts.set('protocol', f.protocol);
    facts.set('interaction', from && to ? `${from.type}->${to.type}` : undefined);
    facts.set('crosses_boundary', crossed.length > 0);
    facts.set('boundaries_crossed', crossed);
    facts.set('boundary_kinds_crossed', unique(crossed.map((b) => idx.boundaries.get(b)?.kind).filter((k) => k !== undefined) as string[]));
    facts.set('from_boundary', from?.boundary);
    facts.set('to_boundary', to?.boundary);
    facts.set('from_internet', from !== undefined && onInternet(from));
    facts.set('authenticated', f.authenticated);
    facts.set('encrypted', f.encrypted);
    facts.set('rate_limited', f.rateLimited || to?.rateLimited === true);
    facts.set('bidirectional', f.bidirectional);
    facts.set('data', [...f.data]);
    facts.set('data_classification', classifications);
    facts.set('carries_personal_data', flowPersonal(f));
    facts.set('carries_special_category', flowSpecial(f));
    facts.set('derived_from_personal_data', flowPersonal(f) || fromFacts?.get('personal_data') === true);
    facts.set('tags', [...f.tags]);
    linkFacts(f.id, facts, sources);
    const boundaryText = crossed.length
      ? `${from?.boundary ?? 'outside'} -> ${to?.boundary ?? 'outside'}`
      : from?.boundary ?? 'no boundary';
    const text: Record<string, string> = {
      flow: f.id,
      from: f.from,
      to: f.to,
      element: f.to,
      boundary: boundaryText,
      data: f.data.join(', ') || 'no declared data',
      exposure: flowExposureText(f, crossed.length > 0, boundaryText),
      type_text: 'data flow',
    };
    flows.set(f.id, { id: f.id, kind: 'flow', facts, controlSources: sources, text });
  }
  return { elements, flows };
}

function exposureText(
  e: Element,
  internetIns: Flow[],
  elements: Map<string, Element>,
  chainOf: (b: string | undefined) => string[],
): string {
  if (internetIns.length === 0) return e.internetFacing ? 'declared internet-facing' : 'not reachable from the internet';
  const parts = internetIns.slice(0, 3).map((f) => {
    const src = elements.get(f.from === e.id ? f.to : f.from);
    const from = src?.boundary ?? 'outside';
    const crossing = from !== (e.boundary ?? 'outside') || chainOf(src?.boundary).join() !== chainOf(e.boundary).join();
    const props = [f.authenticated ? 'authenticated' : 'unauthenticated'];
    if (!f.encrypted) props.push('unencrypted');
    return `by flow \`${f.id}\` from \`${src?.id ?? '?'}\`${crossing ? ` across the \`${from} -> ${e.boundary ?? 'outside'}\` boundary` : ''}, which is ${props.join(' and ')}`;
  });
  return `reachable from the internet ${parts.join('; ')}${internetIns.length > 3 ? ` (and ${internetIns.length - 3} more)` : ''}`;
}

function provenanceText(e: Element, sources: Element[]): string {
  const parts: string[] = [];
  if (e.provenance === 'external' || e.provenance === 'vendor') parts.push(`provenance ${e.provenance}${e.source ? `, source \`${e.source}\`` : ''}`);
  const external = sources.filter((s) => s.type === 'external_entity' || s.thirdParty || s.provenance === 'external' || s.provenance === 'vendor');
  if (external.length > 0) parts.push(`fed by ${external.slice(0, 3).map((s) => `\`${s.id}\``).join(', ')}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function flowExposureText(f: Flow, crosses: boolean, boundary: string): string {
  const props = [f.authenticated ? 'authenticated' : 'unauthenticated', f.encrypted ? 'encrypted' : 'unencrypted'];
  return `${crosses ? `crosses the \`${boundary}\` boundary` : `stays within \`${boundary}\``} and is ${props.join(' and ')}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function addSource(sources: Provenance, key: string, mitigationId: string, list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
  const ids = sources.get(key);
  if (ids) {
    if (!ids.includes(mitigationId)) ids.push(mitigationId);
  } else sources.set(key, [mitigationId]);
}

/** The value of a dotted fact for a target; flow rules read `from.*` / `to.*` from the endpoint elements. */
export function readFact(name: string, target: TargetFacts, model: ModelFacts): FactValue {
  const dot = name.indexOf('.');
  const prefix = name.slice(0, dot);
  const key = name.slice(dot + 1);
  if (prefix === 'element' || prefix === 'flow') return target.facts.get(key);
  const endpoint = target.facts.get(prefix);
  if (typeof endpoint !== 'string') return undefined;
  return model.elements.get(endpoint)?.facts.get(key);
}

/** Mitigation ids that provide a control / ATLAS mitigation fact value for a target. */
export function sourcesOf(name: string, value: string, target: TargetFacts, model: ModelFacts): string[] {
  const dot = name.indexOf('.');
  const prefix = name.slice(0, dot);
  const key = name.slice(dot + 1);
  let holder: TargetFacts | undefined = target;
  if (prefix === 'from' || prefix === 'to') {
    const endpoint = target.facts.get(prefix);
    holder = typeof endpoint === 'string' ? model.elements.get(endpoint) : undefined;
  }
  return holder?.controlSources.get(`${key}:${value}`) ?? [];
}
