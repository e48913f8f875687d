// The analysis engine: runs the rules of the built-in and user rule packs over the facts of a
// model and returns proposals, each with the rule that fired, the facts that made it fire, the
// framework ids, suggested mitigations, and whether the model already covers it (and by what).
import { atlasMitigation, atlasTactic, atlasTechnique } from '../catalog';
import type { ParsedDocument } from '../document';
import type { Dread, LinddunCategory, StrideCategory, Threat, ThreatModel } from '../model/types';
import { describeEvidence, evaluate, EvaluationLimitError, type Budget, type Condition, type Evidence } from './conditions';
import { convertDread, DEFAULT_DREAD_SCALE, dreadBand, dreadScore, DREAD_FACTORS, type DreadBand, type DreadScale } from './dread';
import { computeFacts, readFact, sourcesOf, type ModelFacts, type TargetFacts } from './facts';
import { fillTemplate, type Framework, type Rule, type RulePack } from './rulePack';
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
   * no DREAD is computed. For callers that need no text (the coverage-gap checker), at about half
   * the cost on large models.
   */
  summaryOnly?: boolean;
}

export interface AnalysisResult {
  proposals: Proposal[];
  /** Rules that could not be used (duplicate ids across packs) and run-time limits hit. */
  warnings: string[];
}

const INTERACTION_KINDS = ['external_entity->process', 'process->process', 'process->data_store', 'data_store->process', 'process->external_entity'];

export function analyze(input: ParsedDocument | ThreatModel, options: AnalysisOptions = {}): AnalysisResult {
  const model: ThreatModel = 'model' in input ? input.model : input;
  const scale = options.dreadScale ?? DEFAULT_DREAD_SCALE;
  const frameworks = new Set(options.frameworks && options.frameworks.length > 0 ? options.frameworks : ['stride', 'linddun', 'atlas']);
  const disabled = new Set(options.disabledRules ?? []);
  const warnings: string[] = [];
  const rules: Rule[] = [];
  const ruleIds = new Set<string>();
  for (const pack of [...(options.builtinPacks ?? builtinRulePacks()), ...(options.userPacks ?? [])]) {
    for (const rule of pack.rules) {
      if (ruleIds.has(rule.id)) {
        warnings.push(`Rule \`${rule.id}\` in ${pack.source} is ignored: a rule with that id is already loaded.`);
        continue;
      }
      ruleIds.add(rule.id);
      if (!disabled.has(rule.id) && frameworks.has(rule.framework)) rules.push(rule);
    }
  }

  const facts = computeFacts(model);
  const threats = indexThreats(model.threats);
  const budget: Budget = { steps: 0 };
  const proposals: Proposal[] = [];
  try {
    for (const rule of rules) {
      const targets: TargetFacts[] =
        rule.appliesTo === 'element'
          ? [...facts.elements.values()]
          : [...facts.flows.values()].filter(
              (f) => rule.appliesTo === 'flow' || (f.facts.get('crosses_boundary') === true && INTERACTION_KINDS.includes(String(f.facts.get('interaction')))),
            );
      for (const target of targets) {
        const read = (name: string) => readFact(name, target, facts);
        const fired = evaluate(rule.when, read, budget);
        if (!fired.value) continue;
        proposals.push(buildProposal(rule, target, fired.evidence, model, threats, facts, read, budget, scale, options.summaryOnly === true));
      }
    }
  } catch (error) {
    if (!(error instanceof EvaluationLimitError)) throw error;
    warnings.push('The analysis stopped early: the rules and the model together exceed the evaluation budget. Results are partial.');
  }
  proposals.sort(compareProposals);
  return { proposals, warnings };
}

function compareProposals(a: Proposal, b: Proposal): number {
  const sa = a.dread ? rawAverage(a.dread) : -1;
  const sb = b.dread ? rawAverage(b.dread) : -1;
  if (sa !== sb) return sb - sa;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function rawAverage(d: Dread): number {
  return DREAD_FACTORS.reduce((s, f) => s + (d[f.prop] ?? 0), 0) / 5;
}

function buildProposal(
  rule: Rule,
  target: TargetFacts,
  evidence: Evidence[],
  model: ThreatModel,
  threats: ThreatIndex,
  facts: ModelFacts,
  read: (name: string) => ReturnType<typeof readFact>,
  budget: Budget,
  scale: DreadScale,
  summaryOnly: boolean,
): Proposal {
  const id = `${rule.id}@${target.id}`;
  const fill = (t: string) => fillTemplate(t, target.text);
  const proposal: Proposal = {
    id,
    framework: rule.framework,
    categories: [...rule.proposes.stride, ...rule.proposes.linddun],
    stride: [...rule.proposes.stride],
    linddun: [...rule.proposes.linddun],
    atlas: summaryOnly ? rule.proposes.atlas.map((technique) => ({ technique, tactics: [] })) : rule.proposes.atlas.map(atlasRef),
    owasp: [...rule.proposes.owasp],
    target: target.id,
    targetKind: target.kind,
    title: summaryOnly ? '' : fill(rule.title),
    rationale: summaryOnly ? '' : fill(rule.rationale),
    facts: summaryOnly ? [] : [...new Set(evidence.map(describeEvidence))],
    rule: rule.id,
    pack: rule.pack,
    mitigations: summaryOnly
      ? []
      : rule.mitigations.map((m) => ({
          ...(m.atlas ? { atlas: m.atlas, atlasName: atlasMitigation(m.atlas)?.name } : {}),
          control: m.control,
          text: fill(m.text),
        })),
    covered: false,
  };
  if (rule.dread && !summaryOnly) {
    const d = convertDread(rule.dread, scale);
    const score = dreadScore(d, scale);
    if (score !== undefined) proposal.dread = { ...d, score, band: dreadBand(score, scale), scale };
  }
  proposal.covered =
    coveredByThreat(proposal, rule, threats) ??
    coveredByCondition(rule.coveredBy, target, facts, read, budget) ??
    coveredBySuppression(proposal, model) ??
    false;
  return proposal;
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

/** The model's threats by `proposal:` and by target id (each list in model order), built once per analysis. */
interface ThreatIndex {
  byProposal: Map<string, Threat[]>;
  byTarget: Map<string, Threat[]>;
}

function indexThreats(threats: readonly Threat[]): ThreatIndex {
  const byProposal = new Map<string, Threat[]>();
  const byTarget = new Map<string, Threat[]>();
  const add = (map: Map<string, Threat[]>, key: string, t: Threat): void => {
    const list = map.get(key);
    if (!list) map.set(key, [t]);
    else if (list[list.length - 1] !== t) list.push(t);
  };
  for (const t of threats) {
    if (t.proposal !== undefined) add(byProposal, t.proposal, t);
    for (const target of t.targets) add(byTarget, target, t);
  }
  return { byProposal, byTarget };
}

function coveredByThreat(proposal: Proposal, rule: Rule, index: ThreatIndex): Coverage | undefined {
  // Indexed: a scan of every threat per proposal made the analysis quadratic in the model size.
  const byProposal = index.byProposal.get(proposal.id) ?? [];
  if (byProposal.length > 0) {
    return { by: 'threat', ids: byProposal.map((t) => t.id), reason: `Added to the model as ${list(byProposal.map((t) => t.id))} (proposal: ${proposal.id}).` };
  }
  const primary = primaryId(rule);
  if (!primary) return undefined;
  const matches = (index.byTarget.get(proposal.target) ?? []).filter((t) => {
    if (rule.framework === 'stride') return (t.stride as string[]).includes(primary);
    if (rule.framework === 'linddun') return (t.linddun as string[]).includes(primary);
    return t.atlas.some((a) => a === primary || a.startsWith(`${primary}.`));
  });
  if (matches.length === 0) return undefined;
  return {
    by: 'threat',
    ids: matches.map((t) => t.id),
    reason: `Threat ${list(matches.map((t) => t.id))} on \`${proposal.target}\` already lists ${primary}.`,
  };
}

function coveredByCondition(
  condition: Condition | undefined,
  target: TargetFacts,
  facts: ModelFacts,
  read: (name: string) => ReturnType<typeof readFact>,
  budget: Budget,
): Coverage | undefined {
  if (!condition) return undefined;
  const r = evaluate(condition, read, budget);
  if (!r.value) return undefined;
  const mitigationIds: string[] = [];
  const properties: string[] = [];
  for (const e of r.evidence) {
    const key = e.fact.slice(e.fact.indexOf('.') + 1);
    if (!e.negated && (key === 'has_control' || key === 'atlas_mitigations')) {
      const values = Array.isArray(e.value) ? e.value.map(String) : [String(e.value)];
      const actual = Array.isArray(e.actual) ? e.actual : [];
      for (const v of values.filter((x) => actual.includes(x))) {
        for (const m of sourcesOf(e.fact, v, target, facts)) if (!mitigationIds.includes(m)) mitigationIds.push(m);
      }
    } else {
      properties.push(describeEvidence(e));
    }
  }
  if (mitigationIds.length > 0) {
    return {
      by: 'mitigation',
      ids: mitigationIds,
      reason: `Mitigation ${list(mitigationIds)} (implemented or verified) provides the control: ${r.evidence.map(describeEvidence).join('; ')}.`,
    };
  }
  return { by: 'property', ids: [target.id], reason: `\`${target.id}\` already has the control: ${properties.join('; ')}.` };
}

function coveredBySuppression(proposal: Proposal, model: ThreatModel): Coverage | undefined {
  const s = model.suppressions.find(
    (x) =>
      x.justification !== undefined &&
      x.justification.trim() !== '' &&
      (x.proposal === proposal.id || (x.rule === proposal.rule && (x.target === undefined || x.target === proposal.target))),
  );
  if (!s) return undefined;
  return { by: 'suppression', ids: [s.proposal ?? s.rule ?? proposal.id], reason: `Suppressed: ${s.justification}` };
}

function list(ids: string[]): string {
  return ids.map((i) => `\`${i}\``).join(', ');
}
