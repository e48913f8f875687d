// The facts of one model, computed lazily: each element and flow gets a target object whose facts
// (the tables in facts.ts) are worked out the first time a rule reads them and then kept. Rules
// read only a few facts of most targets, so computing all of them up front cost more than the
// rules themselves on large models. Values are exactly those `computeFacts` reports; lists may be
// the model's own arrays (no copy per read), so they are read, never changed.
import { LINDDUN_CATEGORIES, STRIDE_CATEGORIES, type Boundary, type DataAsset, type Element, type Flow, type Mitigation, type Threat, type ThreatModel } from '../model/types';
import { CONTROL_IN_PLACE, ELEMENT_FACTS, FLOW_FACTS, type FactTable, type FactValue, type ModelFacts, type Provenance, type TargetFacts } from './facts';

const INTERNETISH = /internet|public/i;
/** Bound on the transitive walk used for `external_input`. */
const MAX_WALK = 10_000;

/** Fact name -> slot in a target's value array, per scope. */
export const ELEMENT_SLOTS: ReadonlyMap<string, number> = new Map(Object.keys(ELEMENT_FACTS).map((k, i) => [k, i]));
export const FLOW_SLOTS: ReadonlyMap<string, number> = new Map(Object.keys(FLOW_FACTS).map((k, i) => [k, i]));
const ELEMENT_KEYS = Object.keys(ELEMENT_FACTS);
const FLOW_KEYS = Object.keys(FLOW_FACTS);
/** Facts that come from the threats and mitigations linked to a target (same for elements and flows). */
const LINK_KEYS = ['has_control', 'atlas_mitigations', 'mitigations', 'threat_stride', 'threat_linddun', 'threat_atlas'];

/** Shared by targets without threats or flows until they get one (never changed). */
const NO_THREATS: Threat[] = [];
const NO_FLOWS: Flow[] = [];
const NO_ELEMENTS: (Element | undefined)[] = [];
const STRIDE_BITS = new Map<string, number>(STRIDE_CATEGORIES.map((c, i) => [c, 1 << i]));
const LINDDUN_BITS = new Map<string, number>(LINDDUN_CATEGORIES.map((c, i) => [c, 1 << (8 + i)]));

/** The bit of a STRIDE or LINDDUN category in `threatCategories()`, or 0 for an unknown one. */
export function categoryBit(framework: 'stride' | 'linddun', category: string): number {
  return (framework === 'stride' ? STRIDE_BITS : LINDDUN_BITS).get(category) ?? 0;
}

/** Marks a fact not computed yet (undefined is a valid fact value). */
const UNSET: unique symbol = Symbol('unset');
type Slot = FactValue | typeof UNSET;

interface LinkFacts {
  controls: string[];
  atlas: string[];
  /** `threatCategories()`. */
  categories: number;
}

/** The link facts of most targets (shared: fact lists are never changed). */
const NO_LINKS: LinkFacts = { controls: [], atlas: [], categories: 0 };

/** An element or a flow with its facts. */
export interface FactTarget {
  readonly id: string;
  readonly kind: 'element' | 'flow';
  readonly ctx: FactContext;
  /** The fact in a slot of this target's scope (ELEMENT_SLOTS / FLOW_SLOTS). */
  fact(slot: number): FactValue;
  /** A fact by its key in this target's own table; undefined for unknown keys. */
  factByKey(key: string): FactValue;
  /** For `has_control` / `atlas_mitigations`: which mitigations provide each value (`<key>:<value>`). */
  controlSources(): Provenance;
  /** Human text used by rule templates ({exposure}, {boundary}, ...). */
  text(): Record<string, string>;
  /** STRIDE / LINDDUN categories listed by the threats on the target, as `categoryBit` bits. */
  threatCategories(): number;
  /** ATLAS ids listed by the threats on the target. */
  threatAtlas(): readonly string[];
  /** The threats on the target (those whose `target:` names its id), in model order. */
  threatsOn(): readonly Threat[];
}

export class FactContext {
  readonly model: ThreatModel;
  /** Targets by id, first occurrence of an id only, in model order. */
  readonly elements = new Map<string, ElementTarget>();
  readonly flows = new Map<string, FlowTarget>();
  private readonly chains = new Map<string, string[]>();
  private readonly internetishCache = new Map<string, boolean>();
  private externalInputs: Set<string> | undefined;
  private readonly interactions = new Map<string, Map<string, string>>();

  // Flows and threats are attached to the target objects once, here: looking them up by id string
  // per fact cost more than the facts (ids are scattered through a large parse tree).
  constructor(model: ThreatModel) {
    this.model = model;
    for (const e of model.elements) if (!this.elements.has(e.id)) this.elements.set(e.id, new ElementTarget(this, e));
    for (const f of model.flows) {
      const from = this.elements.get(f.from);
      const to = this.elements.get(f.to);
      // Each end keeps the flow with the element at the other end (an id names its first element).
      to?.addInbound(f, from?.element);
      from?.addOutbound(f, to?.element);
      if (f.bidirectional) {
        from?.addInbound(f, to?.element);
        to?.addOutbound(f, from?.element);
      }
      if (!this.flows.has(f.id)) this.flows.set(f.id, new FlowTarget(this, f, from, to));
    }
    for (const t of model.threats) {
      for (const id of t.targets) {
        // A threat's target id names the element and the flow with that id, if both exist.
        this.elements.get(id)?.addThreat(t);
        this.flows.get(id)?.addThreat(t);
      }
    }
  }

  /** The boundary and its enclosing boundaries, innermost first (cached; bounded against cycles). */
  chainOf(boundaryId: string | undefined): string[] {
    if (!boundaryId) return [];
    const cached = this.chains.get(boundaryId);
    if (cached) return cached;
    const idx = this.model.index;
    const chain: string[] = [];
    let current: Boundary | undefined = idx.boundaries.get(boundaryId);
    if (!current) chain.push(boundaryId);
    while (current && !chain.includes(current.id) && chain.length < 64) {
      chain.push(current.id);
      current = current.parent ? idx.boundaries.get(current.parent) : undefined;
    }
    this.chains.set(boundaryId, chain);
    return chain;
  }

  private internetish(b: string): boolean {
    let v = this.internetishCache.get(b);
    if (v === undefined) {
      const boundary = this.model.index.boundaries.get(b);
      v = INTERNETISH.test(b) || (boundary?.name !== undefined && INTERNETISH.test(boundary.name));
      this.internetishCache.set(b, v);
    }
    return v;
  }

  /** An external entity on the internet: internet-facing, outside all boundaries or in an internet-ish one. */
  onInternet(e: Element): boolean {
    return e.type === 'external_entity' && (e.internetFacing || !e.boundary || this.chainOf(e.boundary).some((b) => this.internetish(b)));
  }

  asset(id: string): DataAsset | undefined {
    return this.model.index.dataAssets.get(id);
  }

  flowPersonal(f: Flow): boolean {
    return f.data.some((d) => this.asset(d)?.personal === true);
  }

  flowSpecial(f: Flow): boolean {
    return f.data.some((d) => this.asset(d)?.specialCategory === true);
  }

  /** Elements reached from external entities through processes (bounded breadth-first walk), computed once. */
  externalInput(): Set<string> {
    if (this.externalInputs) return this.externalInputs;
    const idx = this.model.index;
    const reached = new Set<string>();
    const queue: string[] = [];
    for (const e of this.model.elements) if (e.type === 'external_entity') queue.push(e.id);
    const seen = new Set(queue);
    let head = 0;
    for (let steps = 0; head < queue.length && steps < MAX_WALK; steps++) {
      const current = queue[head++];
      for (const f of this.elements.get(current)?.outboundFlows() ?? []) {
        const next = f.from === current ? f.to : f.from;
        reached.add(next);
        const nextEl = idx.elements.get(next);
        if (!seen.has(next) && nextEl && nextEl.type === 'process') {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    this.externalInputs = reached;
    return reached;
  }

  /** The mitigations linked from threats, each once, in model order. */
  private linkedMitigations(threats: readonly Threat[]): Mitigation[] {
    const out: Mitigation[] = [];
    for (const t of threats) {
      for (const m of t.mitigations) {
        const mitigation = this.model.index.mitigations.get(m);
        if (mitigation && !out.includes(mitigation)) out.push(mitigation);
      }
    }
    return out;
  }

  /** Controls and ATLAS mitigations of the in-place mitigations linked to a target (each once, in order). */
  linkFacts(threats: readonly Threat[]): LinkFacts {
    // Values are listed once each in order of first appearance, so a mitigation linked from two
    // threats needs no separate check. The categories are taken in the same pass over the threats.
    let controls: string[] | undefined;
    let atlas: string[] | undefined;
    let categories = 0;
    const mitigations = this.model.index.mitigations;
    for (const t of threats) {
      for (const c of t.stride) categories |= categoryBit('stride', c);
      for (const c of t.linddun) categories |= categoryBit('linddun', c);
      for (const id of t.mitigations) {
        const m = mitigations.get(id);
        if (!m || !CONTROL_IN_PLACE.includes(m.status)) continue;
        for (const c of m.controls) if (!(controls ??= []).includes(c)) controls.push(c);
        for (const a of m.atlas) if (!(atlas ??= []).includes(a)) atlas.push(a);
      }
    }
    return controls || atlas || categories ? { controls: controls ?? NO_LINKS.controls, atlas: atlas ?? NO_LINKS.atlas, categories } : NO_LINKS;
  }

  /** Which in-place mitigations provide each control / ATLAS mitigation of a target (only reasons need it). */
  controlSources(threats: readonly Threat[]): Provenance {
    const sources: Provenance = new Map();
    for (const m of this.linkedMitigations(threats)) {
      if (!CONTROL_IN_PLACE.includes(m.status)) continue;
      for (const c of m.controls) addSource(sources, `has_control:${c}`, m.id);
      for (const a of m.atlas) addSource(sources, `atlas_mitigations:${a}`, m.id);
    }
    return sources;
  }

  linkedFact(threats: readonly Threat[], key: 'mitigations' | 'threat_stride' | 'threat_linddun' | 'threat_atlas'): string[] {
    if (key === 'mitigations') return this.linkedMitigations(threats).map((m) => m.id);
    const values = new Set<string>();
    for (const t of threats) {
      for (const v of key === 'threat_stride' ? t.stride : key === 'threat_linddun' ? t.linddun : t.atlas) values.add(v);
    }
    return [...values];
  }

  /** `<from type>-><to type>`, one string per pair of types. */
  interaction(from: string, to: string): string {
    let byTo = this.interactions.get(from);
    if (!byTo) this.interactions.set(from, (byTo = new Map()));
    let name = byTo.get(to);
    if (name === undefined) byTo.set(to, (name = `${from}->${to}`));
    return name;
  }

  /** The target an endpoint id names (the first element with that id), as `from.*` / `to.*` read it. */
  element(id: string): ElementTarget | undefined {
    return this.elements.get(id);
  }
}

abstract class BaseTarget {
  protected readonly values: Slot[];
  /** The threats on this target, in model order. */
  private threats: Threat[] = NO_THREATS;
  private link: LinkFacts | undefined;
  private provenance: Provenance | undefined;
  private texts: Record<string, string> | undefined;
  private atlasIds: string[] | undefined;

  constructor(
    readonly ctx: FactContext,
    readonly id: string,
    size: number,
  ) {
    this.values = new Array<Slot>(size).fill(UNSET);
  }

  fact(slot: number): FactValue {
    const v = this.values[slot];
    if (v !== UNSET) return v;
    const computed = this.compute(slot);
    this.values[slot] = computed;
    return computed;
  }

  addThreat(t: Threat): void {
    if (this.threats === NO_THREATS) this.threats = [t];
    else if (this.threats[this.threats.length - 1] !== t) this.threats.push(t);
  }

  threatsOn(): readonly Threat[] {
    return this.threats;
  }

  protected links(): LinkFacts {
    return (this.link ??= this.ctx.linkFacts(this.threats));
  }

  controlSources(): Provenance {
    return (this.provenance ??= this.ctx.controlSources(this.threats));
  }

  /**
   * The STRIDE and LINDDUN categories the threats on this target list, as bits: bit i for
   * STRIDE_CATEGORIES[i], bit 8 + i for LINDDUN_CATEGORIES[i]. Worked out once, so checking
   * whether a threat already covers a rule does not revisit the threats for every rule.
   */
  threatCategories(): number {
    return this.links().categories;
  }

  /** The ATLAS ids the threats on this target list (with repeats), in model order. */
  threatAtlas(): readonly string[] {
    return (this.atlasIds ??= this.threats.flatMap((t) => t.atlas));
  }

  text(): Record<string, string> {
    return (this.texts ??= this.makeText());
  }

  /** The link facts shared by elements and flows, or undefined for other keys. */
  protected linkedValue(key: string): FactValue | typeof UNSET {
    switch (key) {
      case 'has_control':
        return this.links().controls;
      case 'atlas_mitigations':
        return this.links().atlas;
      case 'mitigations':
      case 'threat_stride':
      case 'threat_linddun':
      case 'threat_atlas':
        return this.ctx.linkedFact(this.threats, key);
    }
    return UNSET;
  }

  protected abstract compute(slot: number): FactValue;
  protected abstract makeText(): Record<string, string>;
}

export class ElementTarget extends BaseTarget implements FactTarget {
  readonly kind = 'element' as const;
  /** Flows in and out (bidirectional ones both ways), in model order, each with the element at its other end. */
  private ins: Flow[] = NO_FLOWS;
  private insFrom: (Element | undefined)[] = NO_ELEMENTS;
  private outs: Flow[] = NO_FLOWS;
  private outsTo: (Element | undefined)[] = NO_ELEMENTS;
  private senders: Element[] | undefined;
  private receivers: Element[] | undefined;
  private fromInternet: Flow[] | undefined;
  private own: (DataAsset | undefined)[] | undefined;

  constructor(
    ctx: FactContext,
    readonly element: Element,
  ) {
    super(ctx, element.id, ELEMENT_KEYS.length);
  }

  addInbound(f: Flow, other: Element | undefined): void {
    if (this.ins === NO_FLOWS) {
      this.ins = [];
      this.insFrom = [];
    }
    this.ins.push(f);
    this.insFrom.push(other);
  }

  addOutbound(f: Flow, other: Element | undefined): void {
    if (this.outs === NO_FLOWS) {
      this.outs = [];
      this.outsTo = [];
    }
    this.outs.push(f);
    this.outsTo.push(other);
  }

  outboundFlows(): readonly Flow[] {
    return this.outs;
  }

  factByKey(key: string): FactValue {
    const slot = ELEMENT_SLOTS.get(key);
    return slot === undefined ? undefined : this.fact(slot);
  }

  /** Elements that send data to this one (itself excluded). */
  private sources(): Element[] {
    return (this.senders ??= this.others(this.insFrom));
  }

  /** Elements this one sends data to (itself excluded). */
  private targets(): Element[] {
    return (this.receivers ??= this.others(this.outsTo));
  }

  private others(ends: (Element | undefined)[]): Element[] {
    const out: Element[] = [];
    for (const x of ends) if (x && x.id !== this.id) out.push(x);
    return out;
  }

  /** Inbound flows whose sender is on the internet. */
  private internetIns(): Flow[] {
    if (!this.fromInternet) {
      this.fromInternet = [];
      for (let i = 0; i < this.ins.length; i++) {
        const s = this.insFrom[i];
        if (s !== undefined && s.id !== this.id && this.ctx.onInternet(s)) this.fromInternet.push(this.ins[i]);
      }
    }
    return this.fromInternet;
  }

  private ownAssets(): (DataAsset | undefined)[] {
    return (this.own ??= this.element.data.map((d) => this.ctx.asset(d)).filter((a) => !!a));
  }

  /** Whether some inbound or outbound flow passes the test. */
  private someFlow(test: (f: Flow) => boolean): boolean {
    return this.ins.some(test) || this.outs.some(test);
  }

  protected compute(slot: number): FactValue {
    const e = this.element;
    const ctx = this.ctx;
    const key = ELEMENT_KEYS[slot];
    switch (key) {
      case 'id':
        return e.id;
      case 'name':
        return e.name ?? e.id;
      case 'type':
        return e.type;
      case 'ml_role':
        return e.mlRoles;
      case 'boundary':
        return e.boundary;
      case 'boundary_chain':
        return ctx.chainOf(e.boundary);
      case 'boundary_kinds':
        return unique(ctx.chainOf(e.boundary).map((b) => ctx.model.index.boundaries.get(b)?.kind).filter((k) => k !== undefined) as string[]);
      case 'in_boundary':
        return ctx.chainOf(e.boundary).length > 0;
      case 'internet_facing':
        return e.internetFacing;
      case 'internet_reachable':
        return e.internetFacing || this.internetIns().length > 0;
      case 'external_input':
        return ctx.externalInput().has(e.id);
      case 'authentication':
        return e.authentication;
      case 'authenticated':
        return e.authentication !== undefined && e.authentication !== 'none';
      case 'third_party':
        return e.thirdParty;
      case 'provenance':
        return e.provenance;
      case 'external_provenance':
        return e.provenance === 'external' || e.provenance === 'vendor';
      case 'has_source':
        return e.source !== undefined;
      case 'stores_logs':
        return e.storesLogs;
      case 'rate_limited':
        return e.rateLimited;
      case 'returns_scores':
        return e.returnsScores;
      case 'data':
        return e.data;
      case 'data_classification': {
        const classifications = new Set<string>();
        for (const a of this.ownAssets()) if (a!.classification) classifications.add(a!.classification);
        for (const f of [...this.ins, ...this.outs]) {
          for (const d of f.data) {
            const c = ctx.asset(d)?.classification;
            if (c) classifications.add(c);
          }
        }
        return [...classifications];
      }
      case 'personal_data':
        return this.ownAssets().some((a) => a!.personal) || this.someFlow((f) => ctx.flowPersonal(f));
      case 'special_category_data':
        return this.ownAssets().some((a) => a!.specialCategory) || this.someFlow((f) => ctx.flowSpecial(f));
      case 'stores_personal_data':
        return e.type === 'data_store' && this.ownAssets().some((a) => a!.personal);
      case 'inbound_from_types':
        return unique(this.sources().map((s) => s.type));
      case 'outbound_to_types':
        return unique(this.targets().map((s) => s.type));
      case 'upstream_ml_roles':
        return unique(this.sources().flatMap((s) => s.mlRoles));
      case 'downstream_ml_roles':
        return unique(this.targets().flatMap((s) => s.mlRoles));
      case 'fed_by_external_data':
        return this.sources().some((s) => s.type === 'external_entity' || s.thirdParty || s.provenance === 'external' || s.provenance === 'vendor');
      case 'sends_to_third_party':
        return this.targets().some((s) => s.thirdParty);
      case 'tags':
        return e.tags;
    }
    const linked = this.linkedValue(key);
    return linked === UNSET ? undefined : linked;
  }

  protected makeText(): Record<string, string> {
    const e = this.element;
    return {
      element: e.id,
      boundary: e.boundary ?? 'no boundary',
      data: e.data.join(', ') || 'no declared data',
      exposure: exposureText(e, this.internetIns(), (f) => this.insFrom[this.ins.indexOf(f)], this.ctx),
      type_text: e.type.replace(/_/g, ' '),
      scores_text: e.returnsScores ? ', and it returns confidence scores' : '',
      provenance_text: provenanceText(e, this.sources()),
      source: e.source ? `\`${e.source}\`` : e.provenance === 'vendor' ? 'a vendor' : 'an external source',
    };
  }
}

export class FlowTarget extends BaseTarget implements FactTarget {
  readonly kind = 'flow' as const;
  private crossing: string[] | undefined;

  constructor(
    ctx: FactContext,
    readonly flow: Flow,
    /** The endpoint targets (`from.*`, `to.*`): the first elements with those ids. */
    readonly fromTarget: ElementTarget | undefined,
    readonly toTarget: ElementTarget | undefined,
  ) {
    super(ctx, flow.id, FLOW_KEYS.length);
  }

  factByKey(key: string): FactValue {
    const slot = FLOW_SLOTS.get(key);
    return slot === undefined ? undefined : this.fact(slot);
  }

  private fromEl(): Element | undefined {
    return this.fromTarget?.element;
  }

  private toEl(): Element | undefined {
    return this.toTarget?.element;
  }

  /** Boundaries the flow leaves or enters. */
  private crossed(): string[] {
    if (this.crossing) return this.crossing;
    const fromChain = this.ctx.chainOf(this.fromEl()?.boundary);
    const toChain = this.ctx.chainOf(this.toEl()?.boundary);
    return (this.crossing = unique([...fromChain.filter((b) => !toChain.includes(b)), ...toChain.filter((b) => !fromChain.includes(b))]));
  }

  protected compute(slot: number): FactValue {
    const f = this.flow;
    const ctx = this.ctx;
    const key = FLOW_KEYS[slot];
    switch (key) {
      case 'id':
        return f.id;
      case 'name':
        return f.name ?? f.id;
      case 'from':
        return f.from;
      case 'to':
        return f.to;
      case 'protocol':
        return f.protocol;
      case 'interaction': {
        const from = this.fromEl();
        const to = this.toEl();
        return from && to ? ctx.interaction(from.type, to.type) : undefined;
      }
      case 'crosses_boundary': {
        // Whether the two chains differ as sets, without building the difference.
        if (this.crossing) return this.crossing.length > 0;
        const a = ctx.chainOf(this.fromEl()?.boundary);
        const b = ctx.chainOf(this.toEl()?.boundary);
        return a !== b && (a.some((x) => !b.includes(x)) || b.some((x) => !a.includes(x)));
      }
      case 'boundaries_crossed':
        return this.crossed();
      case 'boundary_kinds_crossed':
        return unique(this.crossed().map((b) => ctx.model.index.boundaries.get(b)?.kind).filter((k) => k !== undefined) as string[]);
      case 'from_boundary':
        return this.fromEl()?.boundary;
      case 'to_boundary':
        return this.toEl()?.boundary;
      case 'from_internet': {
        const from = this.fromEl();
        return from !== undefined && ctx.onInternet(from);
      }
      case 'authenticated':
        return f.authenticated;
      case 'encrypted':
        return f.encrypted;
      case 'rate_limited':
        return f.rateLimited || this.toEl()?.rateLimited === true;
      case 'bidirectional':
        return f.bidirectional;
      case 'data':
        return f.data;
      case 'data_classification':
        return unique(f.data.map((d) => ctx.asset(d)?.classification).filter((c) => c !== undefined) as string[]);
      case 'carries_personal_data':
        return ctx.flowPersonal(f);
      case 'carries_special_category':
        return ctx.flowSpecial(f);
      case 'derived_from_personal_data': {
        const from = this.fromEl();
        const fromTarget = from ? ctx.elements.get(from.id) : undefined;
        return ctx.flowPersonal(f) || fromTarget?.factByKey('personal_data') === true;
      }
      case 'tags':
        return f.tags;
    }
    const linked = this.linkedValue(key);
    return linked === UNSET ? undefined : linked;
  }

  protected makeText(): Record<string, string> {
    const f = this.flow;
    const crossed = this.crossed();
    const from = this.fromEl();
    const to = this.toEl();
    const boundaryText = crossed.length ? `${from?.boundary ?? 'outside'} -> ${to?.boundary ?? 'outside'}` : (from?.boundary ?? 'no boundary');
    return {
      flow: f.id,
      from: f.from,
      to: f.to,
      element: f.to,
      boundary: boundaryText,
      data: f.data.join(', ') || 'no declared data',
      exposure: flowExposureText(f, crossed.length > 0, boundaryText),
      type_text: 'data flow',
    };
  }
}

/**
 * The value of a dotted fact name for a target, read as rules read it: `element.*` / `flow.*` from
 * the target itself, any other prefix names a fact of the target holding an element id
 * (`from`, `to`) whose facts are then read.
 */
export function readFactByName(name: string, target: FactTarget): FactValue {
  const dot = name.indexOf('.');
  const prefix = name.slice(0, dot);
  const key = name.slice(dot + 1);
  if (prefix === 'element' || prefix === 'flow') return target.factByKey(key);
  const endpoint = target.factByKey(prefix);
  if (typeof endpoint !== 'string') return undefined;
  return target.ctx.element(endpoint)?.factByKey(key);
}

/** Mitigation ids that provide a control / ATLAS mitigation fact value for a target. */
export function controlSourcesOf(name: string, value: string, target: FactTarget): string[] {
  const dot = name.indexOf('.');
  const prefix = name.slice(0, dot);
  const key = name.slice(dot + 1);
  let holder: FactTarget | undefined = target;
  if (prefix === 'from' || prefix === 'to') {
    const endpoint = target.factByKey(prefix);
    holder = typeof endpoint === 'string' ? target.ctx.element(endpoint) : undefined;
  }
  return holder?.controlSources().get(`${key}:${value}`) ?? [];
}

function exposureText(e: Element, internetIns: Flow[], senderOf: (f: Flow) => Element | undefined, ctx: FactContext): string {
  if (internetIns.length === 0) return e.internetFacing ? 'declared internet-facing' : 'not reachable from the internet';
  const parts = internetIns.slice(0, 3).map((f) => {
    const src = senderOf(f);
    const from = src?.boundary ?? 'outside';
    const crossing = from !== (e.boundary ?? 'outside') || ctx.chainOf(src?.boundary).join() !== ctx.chainOf(e.boundary).join();
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

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function addSource(sources: Provenance, key: string, mitigationId: string): void {
  const ids = sources.get(key);
  if (ids) {
    if (!ids.includes(mitigationId)) ids.push(mitigationId);
  } else sources.set(key, [mitigationId]);
}

/** Order in which `computeFacts` lists the facts of an element (as it always has: tags before the threat links). */
const ELEMENT_TABLE_ORDER = [...ELEMENT_KEYS.filter((k) => !LINK_KEYS.includes(k) && k !== 'tags'), 'tags', ...LINK_KEYS];
const FLOW_TABLE_ORDER = [...FLOW_KEYS.filter((k) => !LINK_KEYS.includes(k) && k !== 'tags'), 'tags', ...LINK_KEYS];

/** Every fact of every element and flow, as tables (for tools and docs; the engine reads lazily). */
export function computeFacts(model: ThreatModel): ModelFacts {
  const ctx = new FactContext(model);
  const table = (t: FactTarget, order: readonly string[]): TargetFacts => {
    const facts: FactTable = new Map();
    // Copies: the engine reads some lists straight from the model; these tables are handed out.
    for (const key of order) {
      const v = t.factByKey(key);
      facts.set(key, Array.isArray(v) ? [...v] : v);
    }
    return { id: t.id, kind: t.kind, facts, controlSources: t.controlSources(), text: t.text() };
  };
  const elements = new Map<string, TargetFacts>();
  for (const [id, t] of ctx.elements) elements.set(id, table(t, ELEMENT_TABLE_ORDER));
  const flows = new Map<string, TargetFacts>();
  for (const [id, t] of ctx.flows) flows.set(id, table(t, FLOW_TABLE_ORDER));
  return { elements, flows };
}

