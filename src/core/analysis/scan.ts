// Which rules fire on which elements and flows, and how the model covers each: the part of the
// analysis every caller needs. Conditions are compiled once per rule (compiled.ts), facts are read
// lazily (factContext.ts), and the hits come out already in proposal order (DREAD, then id), so no
// proposal object or id string is built here; the engine and the coverage-gap checker build only
// what they show.
import type { Threat, ThreatModel, Suppression } from '../model/types';
import { EvaluationLimitError, type Budget } from './conditions';
import { compilePredicate, type Predicate } from './compiled';
import { categoryBit, FactContext, type FactTarget } from './factContext';
import type { Scope } from './facts';
import type { Rule } from './rulePack';

/** A rule with its conditions compiled (once per rule object). */
export interface ActiveRule {
  rule: Rule;
  when: Predicate;
  coveredBy?: Predicate;
  /** The id a threat on the target must list to cover the rule (see `primaryId`). */
  primary?: string;
  /** For a STRIDE or LINDDUN primary id: its bit in `threatCategories()`; 0 otherwise. */
  primaryBit: number;
  /** `<rule id>@`, the start of the rule's proposal ids. */
  idPrefix: string;
}

const compiledRules = new WeakMap<Rule, ActiveRule>();

export function activeRule(rule: Rule): ActiveRule {
  let active = compiledRules.get(rule);
  if (!active) {
    const scope: Scope = rule.appliesTo === 'element' ? 'element' : 'flow';
    const primary = rule.proposes[rule.framework][0];
    active = {
      rule,
      when: compilePredicate(rule.when, scope),
      coveredBy: rule.coveredBy ? compilePredicate(rule.coveredBy, scope) : undefined,
      primary,
      primaryBit: primary && rule.framework !== 'atlas' ? categoryBit(rule.framework, primary) : 0,
      idPrefix: `${rule.id}@`,
    };
    compiledRules.set(rule, active);
  }
  return active;
}

/**
 * How a proposal is covered, decided in this order: a threat added for it (`proposal:`), a threat
 * on the target listing the rule's primary id, the rule's `covered_by` condition, a justified
 * suppression; or not at all.
 */
export type Cover = typeof NOT_COVERED | typeof BY_PROPOSAL | typeof BY_TARGET_THREAT | typeof BY_CONDITION | typeof BY_SUPPRESSION;
export const NOT_COVERED = 0;
export const BY_PROPOSAL = 1;
export const BY_TARGET_THREAT = 2;
export const BY_CONDITION = 3;
export const BY_SUPPRESSION = 4;

/** Receives the hits of a scan in proposal order. */
export type HitVisitor = (active: ActiveRule, target: FactTarget, cover: Cover) => void;

const INTERACTION_KINDS = ['external_entity->process', 'process->process', 'process->data_store', 'data_store->process', 'process->external_entity'];

/** The model's threats by `proposal:` (each list in model order). */
export class ThreatIndex {
  readonly byProposal = new Map<string, Threat[]>();
  /** The part before the first `@` of every `proposal:` (rule ids have no `@`), to skip building ids. */
  private readonly proposalRules = new Set<string>();

  constructor(threats: readonly Threat[]) {
    for (const t of threats) {
      if (t.proposal === undefined) continue;
      const list = this.byProposal.get(t.proposal);
      if (!list) this.byProposal.set(t.proposal, [t]);
      else if (list[list.length - 1] !== t) list.push(t);
      this.proposalRules.add(ruleOf(t.proposal));
    }
  }

  /** False when no threat can say `proposal: <rule>@...`. */
  mayName(rule: string): boolean {
    return mayName(this.proposalRules, rule);
  }

  /** Whether some threat says `proposal: <rule>@<target>`. */
  addedFor(rule: string, target: string): boolean {
    return this.byProposal.has(`${rule}@${target}`);
  }
}

/** Threats on the target that list the rule's primary id (an ATLAS id also covers its sub-techniques). */
export function listing(target: FactTarget, rule: Rule, primary: string): Threat[] {
  return target.threatsOn().filter((t) => lists(t, rule, primary));
}

function lists(t: Threat, rule: Rule, primary: string): boolean {
  if (rule.framework === 'stride') return (t.stride as string[]).includes(primary);
  if (rule.framework === 'linddun') return (t.linddun as string[]).includes(primary);
  return t.atlas.some((a) => a === primary || a.startsWith(`${primary}.`));
}

/** The justified suppressions, for finding the first one (in model order) that matches a proposal. */
export class SuppressionIndex {
  private readonly list: Suppression[];
  /** Index in `list` of the first suppression naming each proposal id. */
  private readonly byProposal = new Map<string, number>();
  /** Per rule: the first suppression for any target, and the first for each target. */
  private readonly byRule = new Map<string, { any: number; targets: Map<string, number> }>();
  private readonly proposalRules = new Set<string>();

  constructor(suppressions: readonly Suppression[]) {
    this.list = suppressions.filter((x) => x.justification !== undefined && x.justification.trim() !== '');
    this.list.forEach((s, i) => {
      if (s.proposal !== undefined) {
        if (!this.byProposal.has(s.proposal)) this.byProposal.set(s.proposal, i);
        this.proposalRules.add(ruleOf(s.proposal));
      }
      if (s.rule !== undefined) {
        let entry = this.byRule.get(s.rule);
        if (!entry) this.byRule.set(s.rule, (entry = { any: Infinity, targets: new Map() }));
        if (s.target === undefined) entry.any = Math.min(entry.any, i);
        else if (!entry.targets.has(s.target)) entry.targets.set(s.target, i);
      }
    });
  }

  /** False when no suppression can match a proposal of the rule. */
  mayMatch(rule: string): boolean {
    return this.byRule.has(rule) || mayName(this.proposalRules, rule);
  }

  /** The first suppression (in model order) naming the proposal, or its rule for any target or this one. */
  find(rule: string, target: string): Suppression | undefined {
    let first = mayName(this.proposalRules, rule) ? (this.byProposal.get(`${rule}@${target}`) ?? Infinity) : Infinity;
    const entry = this.byRule.get(rule);
    if (entry) first = Math.min(first, entry.any, entry.targets.get(target) ?? Infinity);
    return first === Infinity ? undefined : this.list[first];
  }
}

/** The rule part of a proposal id (rule ids cannot contain `@`, target ids can). */
function ruleOf(proposal: string): string {
  const at = proposal.indexOf('@');
  return at < 0 ? proposal : proposal.slice(0, at);
}

/** False only when no `proposal:` can be `<rule>@...` (ids of hand-built rules may hold `@`). */
function mayName(rules: Set<string>, rule: string): boolean {
  return rules.has(rule) || rule.includes('@');
}

/** One run over a model: its facts, indexes and the targets of each kind of rule. */
export class Scan {
  readonly ctx: FactContext;
  readonly threats: ThreatIndex;
  readonly suppressions: SuppressionIndex;
  private readonly targetLists = new Map<string, FactTarget[]>();

  constructor(model: ThreatModel) {
    this.threats = new ThreatIndex(model.threats);
    this.ctx = new FactContext(model);
    this.suppressions = new SuppressionIndex(model.suppressions);
  }

  /** The targets of a rule kind, in model order or sorted by id. */
  targets(appliesTo: Rule['appliesTo'], sorted: boolean): FactTarget[] {
    const key = `${appliesTo}:${sorted}`;
    let list = this.targetLists.get(key);
    if (!list) {
      if (sorted) list = [...this.targets(appliesTo, false)].sort((a, b) => compareStrings(a.id, b.id));
      else if (appliesTo === 'element') list = [...this.ctx.elements.values()];
      else if (appliesTo === 'flow') list = [...this.ctx.flows.values()];
      else list = [...this.ctx.flows.values()].filter(isInteraction);
      this.targetLists.set(key, list);
    }
    return list;
  }

  /**
   * Runs the rules in the given order, each over its targets in model order, reporting each hit
   * as it is found (the documented order, which the step budget counts in).
   */
  runInOrder(rules: readonly ActiveRule[], budget: Budget, visit: HitVisitor): void {
    for (const active of rules) {
      const check = this.coverCheck(active);
      for (const target of this.targets(active.rule.appliesTo, false)) {
        if (active.when(target, budget)) visit(active, target, check(target, budget));
      }
    }
  }

  /**
   * The same hits for rules already in proposal order, reported sorted: target by target (sorted
   * by id), so a target's facts are computed and read while at hand, each hit kept in its rule's
   * list; then the lists one rule after the other. Throws when the budget runs out, before
   * reporting anything.
   */
  runSorted(rules: readonly ActiveRule[], budget: Budget, visit: HitVisitor): void {
    const found: number[][] = rules.map(() => []);
    const groups = { element: [] as number[], flow: [] as number[], interaction: [] as number[] };
    rules.forEach((r, i) => groups[r.rule.appliesTo].push(i));
    const checks = rules.map((r) => this.coverCheck(r));
    const pass = (targets: FactTarget[], group: number[], extra?: number[]): void => {
      if (group.length === 0 && (!extra || extra.length === 0)) return;
      const run = (list: number[], target: FactTarget, t: number): void => {
        for (let k = 0; k < list.length; k++) {
          const i = list[k];
          // Target index and cover in one number (cover < 8).
          if (rules[i].when(target, budget)) found[i].push(t * 8 + checks[i](target, budget));
        }
      };
      for (let t = 0; t < targets.length; t++) {
        run(group, targets[t], t);
        if (extra && extra.length > 0 && isInteraction(targets[t])) run(extra, targets[t], t);
      }
    };
    const elements = this.targets('element', true);
    const flows = this.targets('flow', true);
    pass(elements, groups.element);
    pass(flows, groups.flow, groups.interaction);
    rules.forEach((active, i) => {
      const targets = active.rule.appliesTo === 'element' ? elements : flows;
      for (const code of found[i]) visit(active, targets[code >> 3], (code & 7) as Cover);
    });
  }

  /** How the model covers a rule's hit on a target, with what is fixed per rule worked out once. */
  private coverCheck(active: ActiveRule): (target: FactTarget, budget: Budget) => Cover {
    const rule = active.rule;
    const threats = this.threats;
    const suppressions = this.suppressions;
    const mayBeAdded = threats.mayName(rule.id);
    const maySuppress = suppressions.mayMatch(rule.id);
    const { primary, primaryBit, coveredBy } = active;
    const atlasPrefix = `${primary}.`;
    return (target, budget) => {
      if (mayBeAdded && threats.addedFor(rule.id, target.id)) return BY_PROPOSAL;
      if (primaryBit !== 0) {
        if ((target.threatCategories() & primaryBit) !== 0) return BY_TARGET_THREAT;
      } else if (primary) {
        if (rule.framework === 'atlas' ? target.threatAtlas().some((a) => a === primary || a.startsWith(atlasPrefix)) : target.threatsOn().some((t) => lists(t, rule, primary))) {
          return BY_TARGET_THREAT;
        }
      }
      if (coveredBy && coveredBy(target, budget)) return BY_CONDITION;
      if (maySuppress && suppressions.find(rule.id, target.id)) return BY_SUPPRESSION;
      return NOT_COVERED;
    };
  }
}

function isInteraction(f: FactTarget): boolean {
  return f.factByKey('crosses_boundary') === true && INTERACTION_KINDS.includes(String(f.factByKey('interaction')));
}

/**
 * Reports every hit of the rules on the model in proposal order: by `sortKey` (highest first),
 * then by proposal id. When the evaluation budget runs out, the hits are those found in the
 * documented order (rule by rule, targets in model order) before it did, and it returns true.
 */
export function scanModel(model: ThreatModel, rules: readonly ActiveRule[], sortKey: (rule: Rule) => number, visit: (scan: Scan) => HitVisitor): boolean {
  const scan = new Scan(model);
  const keys = new Map(rules.map((r) => [r, sortKey(r.rule)]));
  // Proposal ids are `<rule>@<target>`. Without `@` in rule ids, comparing two ids comes down to
  // comparing `<rule>@` (different rules) or the targets (same rule), so running the rules in that
  // order over targets sorted by id gives the hits already sorted.
  if (!rules.some((r) => r.rule.id.includes('@'))) {
    const ordered = [...rules].sort((a, b) => keys.get(b)! - keys.get(a)! || compareStrings(`${a.rule.id}@`, `${b.rule.id}@`));
    try {
      scan.runSorted(ordered, { steps: 0 }, visit(scan));
      return false;
    } catch (error) {
      if (!(error instanceof EvaluationLimitError)) throw error;
    }
  }
  const hits: { active: ActiveRule; target: FactTarget; cover: Cover; id: string }[] = [];
  let partial = false;
  try {
    scan.runInOrder(rules, { steps: 0 }, (active, target, cover) => hits.push({ active, target, cover, id: `${active.rule.id}@${target.id}` }));
  } catch (error) {
    if (!(error instanceof EvaluationLimitError)) throw error;
    partial = true;
  }
  hits.sort((a, b) => keys.get(b.active)! - keys.get(a.active)! || compareStrings(a.id, b.id));
  const report = visit(scan);
  for (const h of hits) report(h.active, h.target, h.cover);
  return partial;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
