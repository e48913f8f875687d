// STRIDE / LINDDUN / MITRE ATLAS analysis: facts, the rule condition language, rule packs, the
// engine, DREAD scoring and the "add to model" edits.
import './codes';
export { analyze, forEachRuleHit, primaryId, type AnalysisOptions, type AnalysisResult, type Proposal, type AtlasRef, type Coverage, type SuggestedMitigation, type ProposalDread } from './engine';
export { parseRulePack, fillTemplate, FRAMEWORKS, APPLIES_TO, PLACEHOLDERS, RULE_PACK_LIMITS, type Framework, type Rule, type RulePack, type RulePackDiagnostic, type AppliesTo } from './rulePack';
export { builtinRulePacks, BUILTIN_RULE_FILES, CATALOG_CHECKS } from './builtin';
export { compileCondition, evaluate, test as testFact, describeEvidence, OPERATORS, CONDITION_LIMITS, MAX_EVALUATION_STEPS, EvaluationLimitError, type Condition, type Operator } from './conditions';
export { factSpec, factNames, ELEMENT_FACTS, FLOW_FACTS, CONTROL_IN_PLACE, type FactSpec, type ModelFacts } from './facts';
export { computeFacts } from './factContext';
export {
  dreadScore,
  dreadBand,
  dreadScaleOf,
  checkDread,
  convertDread,
  scaleRange,
  DREAD_SCALES,
  DREAD_FACTORS,
  DEFAULT_DREAD_SCALE,
  type DreadScale,
  type DreadBand,
} from './dread';
export { planAddProposals, diffEdit, MAX_PROPOSALS_PER_EDIT, type AddPlan } from './addToModel';
