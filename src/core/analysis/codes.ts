// Diagnostic codes of rule packs (`*.rules.yaml`), reported by the language server on the pack file
// and by `threatmodel analyze`.
import { registerCodes } from '../diagnostics/codes';

registerCodes([
  { code: 'rule-pack-yaml', severity: 'error', category: 'rules', title: 'The rule pack is not valid YAML.', help: 'Fix the YAML at the position shown; the pack is not used until it parses.' },
  { code: 'rule-pack-invalid', severity: 'error', category: 'rules', title: 'A rule or the pack is not in the rule format.', help: 'A pack is `rules: [...]`; each rule has id, framework, applies_to, title, when, proposes (see docs/analysis.md). The invalid rule is skipped; the others still run.' },
  { code: 'rule-pack-unknown-key', severity: 'warning', category: 'rules', title: 'A key that the rule format does not define.', help: 'Check the spelling or remove it. Keys starting with `x-` are yours and never flagged.' },
  { code: 'rule-pack-unknown-fact', severity: 'error', category: 'rules', title: 'A condition names a fact that does not exist.', help: 'Use one of the facts listed in docs/analysis.md; element rules read `element.*`, flow and interaction rules read `flow.*`, `from.*` and `to.*`.' },
  { code: 'rule-pack-unknown-operator', severity: 'error', category: 'rules', title: 'A condition uses an operator that does not exist.', help: 'Operators: is, equals, includes, in, exists; combine tests with all, any and not.' },
  { code: 'rule-pack-invalid-condition', severity: 'error', category: 'rules', title: 'A condition is malformed.', help: 'A condition is `all: [...]`, `any: [...]`, `not: {...}` or `{fact: <name>, <operator>: <value>}` with a value of the right type.' },
  { code: 'rule-pack-too-complex', severity: 'error', category: 'rules', title: 'A condition is too deep or too large.', help: 'Conditions are bounded (12 levels, 256 nodes) so that a pack cannot make analysis slow. Split the rule.' },
  { code: 'rule-pack-too-large', severity: 'error', category: 'rules', title: 'The rule pack, a rule or a template exceeds a size limit.', help: 'Packs are at most 1 MB and 1000 rules; templates at most 2000 characters; 20 mitigations per rule.' },
  { code: 'rule-pack-duplicate-id', severity: 'error', category: 'rules', title: 'Two rules share an id.', help: 'Rule ids must be unique; proposals are identified by rule id and target, so re-runs recognise what was already added.' },
  { code: 'rule-pack-unknown-reference', severity: 'error', category: 'rules', title: 'A rule names a category, technique or mitigation id that does not exist.', help: 'Use STRIDE and LINDDUN category names, ATLAS technique and mitigation ids from the bundled catalog, and OWASP LLM01-LLM10.' },
  { code: 'rule-pack-unknown-placeholder', severity: 'error', category: 'rules', title: 'A template uses a placeholder that does not exist.', help: 'Element rules can use {element}, {boundary}, {data}, {exposure}, {type_text}, {scores_text}, {provenance_text}, {source}; flow rules {flow}, {from}, {to}, {element}, {boundary}, {data}, {exposure}, {type_text}.' },
]);
