// The built-in rule packs (catalogs/rules/*.yaml), bundled as text and parsed once, at first use.
import strideRules from '../../../catalogs/rules/stride.yaml';
import linddunRules from '../../../catalogs/rules/linddun.yaml';
import atlasInferenceRules from '../../../catalogs/rules/atlas-inference.yaml';
import atlasTrainingRules from '../../../catalogs/rules/atlas-training.yaml';
import atlasLlmRules from '../../../catalogs/rules/atlas-llm.yaml';
import atlasFederatedRules from '../../../catalogs/rules/atlas-federated.yaml';
import { CATALOG_CHECKS, parseRulePack, type RulePack } from './rulePack';

export const BUILTIN_RULE_FILES: Record<string, string> = {
  'catalogs/rules/stride.yaml': strideRules,
  'catalogs/rules/linddun.yaml': linddunRules,
  'catalogs/rules/atlas-inference.yaml': atlasInferenceRules,
  'catalogs/rules/atlas-training.yaml': atlasTrainingRules,
  'catalogs/rules/atlas-llm.yaml': atlasLlmRules,
  'catalogs/rules/atlas-federated.yaml': atlasFederatedRules,
};

export { CATALOG_CHECKS };
let cached: RulePack[] | undefined;

export function builtinRulePacks(): RulePack[] {
  if (!cached) cached = Object.entries(BUILTIN_RULE_FILES).map(([path, text]) => parseRulePack(text, path, CATALOG_CHECKS));
  return cached;
}
