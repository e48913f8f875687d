// The analysis engine: runs the rules of the built-in and user rule packs over the facts of a
// model and returns proposals, each with the rule that fired, the facts that made it fire, the
// framework ids, suggested mitigations, and whether the model already covers it (and by what).
import { atlasMitigation, atlasTactic, atlasTechnique } from '../catalog';
import type { ParsedDocument } from '../document';
import type { Dread, LinddunCategory, StrideCategory, ThreatModel } from '../model/types';
import { evaluate, evidenceCore, type Condition } from './conditions';
import { compileEvidence, compileTemplate, describeFound, factReader, type EvidenceCollector, type FoundEvidence, type Template } from './compiled';
import { convertDread, DEFAULT_DREAD_SCALE, dreadBand, dreadScore, DREAD_FACTORS, type DreadBand, type DreadScale } from './dread';
import { controlSourcesOf, type FactTarget } from './factContext';
import type { Scope } from './facts';
import { type Framework, type Rule, type RulePack } from './rulePack';
import { activeRule, listing, BY_CONDITION, BY_PROPOSAL, BY_SUPPRESSION, BY_TARGET_THREAT, NOT_COVERED, scanModel, type ActiveRule, type Cover, type Scan } from './scan';
import { builtinRulePacks } from './builtin';

export interface AtlasRef {
  technique: string;
  name?: string;
  tactics: { id: string; name?: string }[];
}

export interface SuggestedMitigation {
  atlas?: string;
  /** Name of the ATLAS mitigation, from the catalog. */
  atlasName?: string;
  control: string;
  text: string;
}

export interface Coverage {
  by: 'threat' | 'mitigation' | 'property' | 'suppression';
  /** Threat ids, mitigation ids, or the target id (for a property). */
  ids: string[];
  reason: string;
}

export interface ProposalDread extends Dread {
  score: number;
  band: DreadBand;
  scale: DreadScale;
}

export interface Proposal {
  /** Deterministic: `<rule id>@<target id>`. */
  id: string;
  framework: Framework;
  /** STRIDE and LINDDUN category names (full names, e.g. information_disclosure, linking). */
  categories: string[];
  stride: StrideCategory[];
  linddun: LinddunCategory[];
  atlas: AtlasRef[];
  owasp: string[];
  target: string;
  targetKind: 'element' | 'flow';
  title: string;
  rationale: string;
  /** The fact tests that made the rule fire. */
  facts: string[];
  rule: string;
  pack: string;
  mitigations: SuggestedMitigation[];
  covered: false | Coverage;
  dread?: ProposalDread;
}

export interface AnalysisOptions {
  /** Frameworks to run (default: all). */
  frameworks?: readonly Framework[];
  /** Parsed user rule packs (`.threatmodel/rules/*.rules.yaml`, `threatmodel.analysis.rulePacks`). */
  userPacks?: readonly RulePack[];
  /** Rule ids not to run (`threatmodel.analysis.disabledRules`). */
  disabledRules?: readonly string[];
  dreadScale?: DreadScale;
  /** Use only these packs instead of the built-in ones (tests). */
  builtinPacks?: readonly RulePack[];
  /**
   * Only which proposals fire and whether the model covers them: `title`, `rationale`, `facts`
   * and `mitigations` are left empty, `atlas` holds technique ids without names or tactics, and
   * no DREAD is computed. For callers that need proposals without text; callers that need only
   * which rules fire and whether they are covered use `forEachRuleHit`, which builds no proposals.
   */
  summaryOnly?: boolean;
}

export interface AnalysisResult {
  proposals: Proposal[];
  /** Rules that could not be used (duplicate ids across packs) and run-time limits hit. */
  warnings: string[];
}

export function analyze(input: ParsedDocument | ThreatModel, options: AnalysisOptions = {}): AnalysisResult {
  const model: ThreatModel = 'model' in input ? input.model : input;
  const scale = options.dreadScale ?? DEFAULT_DREAD_SCALE;
  const summaryOnly = options.summaryOnly === true;
  const { rules, warnings } = activeRules(options);
  const proposals: Proposal[] = [];
  const partial = scanModel(model, rules, summaryOnly ? noDread : (rule) => dreadKey(rule, scale), (scan) => (active, target, cover) => {
    proposals.push(buildProposal(active, target, cover, scan, scale, summaryOnly));
  });
  if (partial) warnings.push(PARTIAL);
  return { proposals, warnings };
}

/**
 * Visits what `analyze(input, { ...options, summaryOnly: true })` proposes, in the same order,
 * without building proposals: each firing rule with its target id and whether the model covers
 * it. For callers that need no more (the coverage-gap checker, the report's counts).
 */
export function forEachRuleHit(
  input: ParsedDocument | ThreatModel,
  options: Pick<AnalysisOptions, 'frameworks' | 'userPacks' | 'disabledRules' | 'builtinPacks'>,
  visit: (rule: Rule, target: string, covered: boolean) => void,
): string[] {
  const model: ThreatModel = 'model' in input ? input.model : input;
  const { rules, warnings } = activeRules(options);
  const partial = scanModel(model, rules, noDread, () => (active, target, cover) => visit(active.rule, target.id, cover !== NOT_COVERED));
  if (partial) warnings.push(PARTIAL);
  return warnings;
}

const PARTIAL = 'The analysis stopped early: the rules and the model together exceed the evaluation budget. Results are partial.';

/** The rules to run, in load order, with a warning for each duplicate id. */
function activeRules(options: AnalysisOptions): { rules: ActiveRule[]; warnings: string[] } {
  const frameworks = new Set(options.frameworks && options.frameworks.length > 0 ? options.frameworks : ['stride', 'linddun', 'atlas']);
  const disabled = new Set(options.disabledRules ?? []);
  const warnings: string[] = [];
  const rules: ActiveRule[] = [];
  const ruleIds = new Set<string>();
  for (const pack of [...(options.builtinPacks ?? builtinRulePacks()), ...(options.userPacks ?? [])]) {
    for (const rule of pack.rules) {
      if (ruleIds.has(rule.id)) {
        warnings.push(`Rule \`${rule.id}\` in ${pack.source} is ignored: a rule with that id is already loaded.`);
        continue;
      }
      ruleIds.add(rule.id);
      if (!disabled.has(rule.id) && frameworks.has(rule.framework)) rules.push(activeRule(rule));
    }
  }
  return { rules, warnings };
}

const noDread = (): number => -1;

/** What proposals of a rule sort by: the raw average of its DREAD estimate when it scores, else -1. */
function dreadKey(rule: Rule, scale: DreadScale): number {
  const d = ruleDread(rule, scale);
  return d ? rawAverage(d) : -1;
}

function rawAverage(d: Dread): number {
  return DREAD_FACTORS.reduce((s, f) => s + (d[f.prop] ?? 0), 0) / 5;
}

/** The DREAD of a rule's proposals on a scale (cached per rule), or undefined when it does not score. */
function ruleDread(rule: Rule, scale: DreadScale): ProposalDread | undefined {
  if (!rule.dread) return undefined;
  let byScale = dreads.get(rule);
  if (!byScale) dreads.set(rule, (byScale = new Map()));
  if (!byScale.has(scale)) {
    const d = convertDread(rule.dread, scale);
    const score = dreadScore(d, scale);
    byScale.set(scale, score === undefined ? undefined : { ...d, score, band: dreadBand(score, scale), scale });
  }
  return byScale.get(scale);
}

const dreads = new WeakMap<Rule, Map<DreadScale, ProposalDread | undefined>>();

/** The texts of a rule's proposals, compiled once per rule. */
interface RuleTexts {
  /** Evidence of `when` and `covered_by` (undefined: hand-built node kinds, interpreted instead). */
  whenEvidence?: EvidenceCollector;
  coveredEvidence?: EvidenceCollector;
  title: Template;
  rationale: Template;
  mitigations: { atlas?: string; atlasName?: string; control: string; text: Template }[];
  atlas: AtlasRef[];
}

const texts = new WeakMap<Rule, RuleTexts>();

function ruleTexts(rule: Rule): RuleTexts {
  let t = texts.get(rule);
  if (!t) {
    const scope: Scope = rule.appliesTo === 'element' ? 'element' : 'flow';
    t = {
      whenEvidence: compileEvidence(rule.when, scope),
      coveredEvidence: rule.coveredBy ? compileEvidence(rule.coveredBy, scope) : undefined,
      title: compileTemplate(rule.title),
      rationale: compileTemplate(rule.rationale),
      mitigations: rule.mitigations.map((m) => ({
        atlas: m.atlas,
        atlasName: m.atlas ? atlasMitigation(m.atlas)?.name : undefined,
        control: m.control,
        text: compileTemplate(m.text),
      })),
      atlas: rule.proposes.atlas.map(atlasRef),
    };
    texts.set(rule, t);
  }
  return t;
}

function buildProposal(active: ActiveRule, target: FactTarget, cover: Cover, scan: Scan, scale: DreadScale, summaryOnly: boolean): Proposal {
  const rule = active.rule;
  const id = active.idPrefix + target.id;
  const proposes = rule.proposes;
  let proposal: Proposal;
  if (summaryOnly) {
    proposal = {
      id,
      framework: rule.framework,
      categories: [...proposes.stride, ...proposes.linddun],
      stride: proposes.stride.slice(),
      linddun: proposes.linddun.slice(),
      atlas: proposes.atlas.map((technique): AtlasRef => ({ technique, tactics: [] })),
      owasp: proposes.owasp.slice(),
      target: target.id,
      targetKind: target.kind,
      title: '',
      rationale: '',
      facts: [],
      rule: rule.id,
      pack: rule.pack,
      mitigations: [],
      covered: false,
    };
  } else {
    const t = ruleTexts(rule);
    const values = target.text();
    const evidence = evidenceOf(rule.when, t.whenEvidence, rule, target, scratch);
    const facts: string[] = [];
    for (const e of evidence) {
      const text = describeFound(e);
      if (!facts.includes(text)) facts.push(text);
    }
    proposal = {
      id,
      framework: rule.framework,
      categories: [...proposes.stride, ...proposes.linddun],
      stride: proposes.stride.slice(),
      linddun: proposes.linddun.slice(),
      atlas: t.atlas.map((a) => ({ technique: a.technique, name: a.name, tactics: a.tactics.map((x) => ({ id: x.id, name: x.name })) })),
      owasp: proposes.owasp.slice(),
      target: target.id,
      targetKind: target.kind,
      title: t.title(values),
      rationale: t.rationale(values),
      facts,
      rule: rule.id,
      pack: rule.pack,
      mitigations: t.mitigations.map((m) =>
        m.atlas ? { atlas: m.atlas, atlasName: m.atlasName, control: m.control, text: m.text(values) } : { control: m.control, text: m.text(values) },
      ),
      covered: false,
    };
    const dread = ruleDread(rule, scale);
    if (dread) proposal.dread = { ...dread };
  }
  proposal.covered = coverage(active, target, cover, id, scan);
  return proposal;
}

/** Reads dotted facts of a target, for `evaluate`. */
function reader(rule: Rule, target: FactTarget): (name: string) => ReturnType<ReturnType<typeof factReader>> {
  const scope: Scope = rule.appliesTo === 'element' ? 'element' : 'flow';
  return (name) => factReader(name, scope)(target);
}

function atlasRef(technique: string): AtlasRef {
  const t = atlasTechnique(technique);
  const parent = t?.parent ? atlasTechnique(t.parent) : undefined;
  const tacticIds = t && t.tactics.length > 0 ? t.tactics : (parent?.tactics ?? []);
  return {
    technique,
    name: t ? (parent && !t.name.startsWith(parent.name) ? `${parent.name}: ${t.name}` : t.name) : undefined,
    tactics: tacticIds.map((id) => ({ id, name: atlasTactic(id)?.name })),
  };
}

/** The id a threat must list to cover a proposal of this rule: the first id of the rule's own framework. */
export function primaryId(rule: Pick<Rule, 'framework' | 'proposes'>): string | undefined {
  return rule.proposes[rule.framework][0];
}

/** The coverage the scan found for a hit, with the ids and the reason shown to the user. */
function coverage(active: ActiveRule, target: FactTarget, cover: Cover, id: string, scan: Scan): Coverage | false {
  const rule = active.rule;
  switch (cover) {
    case BY_PROPOSAL: {
      const ids = (scan.threats.byProposal.get(id) ?? []).map((t) => t.id);
      return { by: 'threat', ids, reason: `Added to the model as ${list(ids)} (proposal: ${id}).` };
    }
    case BY_TARGET_THREAT: {
      const primary = active.primary!;
      const ids = listing(target, rule, primary).map((t) => t.id);
      return { by: 'threat', ids, reason: `Threat ${list(ids)} on \`${target.id}\` already lists ${primary}.` };
    }
    case BY_CONDITION:
      return conditionCoverage(evidenceOf(rule.coveredBy!, ruleTexts(rule).coveredEvidence, rule, target), target);
    case BY_SUPPRESSION: {
      const s = scan.suppressions.find(rule.id, target.id)!;
      return { by: 'suppression', ids: [s.proposal ?? s.rule ?? id], reason: `Suppressed: ${s.justification}` };
    }
    default:
      return false;
  }
}

/** Reused for the evidence of `when`, which is read at once and not kept. */
const scratch: FoundEvidence[] = [];

/** The evidence of a condition known to hold on a target (in `into` when given). */
function evidenceOf(condition: Condition, collect: EvidenceCollector | undefined, rule: Rule, target: FactTarget, into: FoundEvidence[] = []): FoundEvidence[] {
  if (collect) {
    into.length = 0;
    collect(target, into);
    return into;
  }
  return evaluate(condition, reader(rule, target), undefined).evidence.map((e) => ({ ...e, core: evidenceCore(e) }));
}

function conditionCoverage(evidence: FoundEvidence[], target: FactTarget): Coverage {
  const mitigationIds: string[] = [];
  const properties: string[] = [];
  for (const e of evidence) {
    const key = e.fact.slice(e.fact.indexOf('.') + 1);
    if (!e.negated && (key === 'has_control' || key === 'atlas_mitigations')) {
      const values = Array.isArray(e.value) ? e.value.map(String) : [String(e.value)];
      const actual = Array.isArray(e.actual) ? e.actual : [];
      for (const v of values.filter((x) => actual.includes(x))) {
        for (const m of controlSourcesOf(e.fact, v, target)) if (!mitigationIds.includes(m)) mitigationIds.push(m);
      }
    } else {
      properties.push(describeFound(e));
    }
  }
  if (mitigationIds.length > 0) {
    return {
      by: 'mitigation',
      ids: mitigationIds,
      reason: `Mitigation ${list(mitigationIds)} (implemented or verified) provides the control: ${evidence.map(describeFound).join('; ')}.`,
    };
  }
  return { by: 'property', ids: [target.id], reason: `\`${target.id}\` already has the control: ${properties.join('; ')}.` };
}

function list(ids: string[]): string {
  return ids.map((i) => `\`${i}\``).join(', ');
}
