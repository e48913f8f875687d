// Rule packs: YAML text -> validated rules, with every problem reported at its position in the
// pack. Built-in packs (catalogs/rules/*.yaml) and user packs (`*.rules.yaml`) go through the same
// code; an invalid rule is skipped and the rest of the pack still loads.
import { atlasMitigation, atlasTechnique } from '../catalog';
import { LINDDUN_CATEGORIES, STRIDE_CATEGORIES, type Dread, type LinddunCategory, type StrideCategory } from '../model/types';
import { ATLAS_MITIGATION_PATTERN, ATLAS_TECHNIQUE_PATTERN, OWASP_LLM_PATTERN } from '../schema/fields';
import { closest } from '../text/similar';
import { parseYaml } from '../yaml/parse';
import { asMap, asScalar, asSeq, deref, type YMap, type YNode } from '../yaml/tree';
import { compileCondition, type Condition, type ConditionProblem } from './conditions';
import type { Scope } from './facts';

export const FRAMEWORKS = ['stride', 'linddun', 'atlas'] as const;
export type Framework = (typeof FRAMEWORKS)[number];
export const APPLIES_TO = ['element', 'flow', 'interaction'] as const;
export type AppliesTo = (typeof APPLIES_TO)[number];

export interface MitigationSuggestion {
  atlas?: string;
  control: string;
  /** Template text ({element}, {flow}, ... filled per proposal). */
  text: string;
}

export interface Rule {
  id: string;
  framework: Framework;
  appliesTo: AppliesTo;
  title: string;
  rationale: string;
  when: Condition;
  coveredBy?: Condition;
  proposes: { stride: StrideCategory[]; linddun: LinddunCategory[]; atlas: string[]; owasp: string[] };
  mitigations: MitigationSuggestion[];
  dread?: Dread;
  /** Where the rule comes from (pack name or path). */
  pack: string;
}

export interface RulePackDiagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  start: number;
  end: number;
}

export interface RulePack {
  /** Name from the pack, or its path. */
  name: string;
  /** The path or label the pack was read from. */
  source: string;
  rules: Rule[];
  diagnostics: RulePackDiagnostic[];
}

export const RULE_PACK_LIMITS = {
  maxLength: 1024 * 1024,
  maxRules: 1000,
  maxTemplateLength: 2000,
  maxMitigations: 20,
};

/** Placeholders a template may use, per scope. */
export const PLACEHOLDERS: Record<Scope, readonly string[]> = {
  element: ['element', 'boundary', 'data', 'exposure', 'type_text', 'scores_text', 'provenance_text', 'source'],
  flow: ['flow', 'from', 'to', 'element', 'boundary', 'data', 'exposure', 'type_text'],
};

const RULE_KEYS = ['id', 'framework', 'applies_to', 'title', 'when', 'proposes', 'covered_by', 'mitigations', 'rationale', 'dread', 'description'];
const PACK_KEYS = ['name', 'description', 'rules'];
const PROPOSES_KEYS = ['stride', 'linddun', 'atlas', 'owasp'];
const DREAD_KEYS: Record<string, keyof Dread> = {
  damage: 'damage',
  reproducibility: 'reproducibility',
  exploitability: 'exploitability',
  affected_users: 'affectedUsers',
  discoverability: 'discoverability',
};
export const RULE_ID_PATTERN = /^[a-z0-9][a-z0-9_.-]*$/i;

/** Optional lookups used to check that ATLAS ids exist (when the catalog is available). */
export interface PackCatalog {
  hasTechnique?(id: string): boolean;
  hasMitigation?(id: string): boolean;
}

/** Checks ATLAS ids in rule packs against the catalog in use. */
export const CATALOG_CHECKS: PackCatalog = {
  hasTechnique: (id) => atlasTechnique(id) !== undefined,
  hasMitigation: (id) => atlasMitigation(id) !== undefined,
};

/** Parses and validates one rule pack. Never throws. */
export function parseRulePack(text: string, source: string, catalog: PackCatalog = CATALOG_CHECKS): RulePack {
  const diagnostics: RulePackDiagnostic[] = [];
  const pack: RulePack = { name: source, source, rules: [], diagnostics };
  const err = (code: string, message: string, node: { start: number; end: number }, severity: 'error' | 'warning' = 'error') =>
    diagnostics.push({ code, severity, message, start: node.start, end: node.end });
  if (text.length > RULE_PACK_LIMITS.maxLength) {
    err('rule-pack-too-large', `The rule pack is larger than ${RULE_PACK_LIMITS.maxLength / 1024} KB.`, { start: 0, end: 0 });
    return pack;
  }
  const yaml = parseYaml(text);
  for (const p of yaml.problems) {
    err('rule-pack-yaml', p.message, p, p.code === 'yaml-multiple-documents' ? 'warning' : 'error');
  }
  if (!yaml.ok) return pack;
  const root = asMap(yaml.root);
  if (!root) {
    err('rule-pack-invalid', 'A rule pack is a mapping with a `rules:` list.', yaml.root ?? { start: 0, end: 0 });
    return pack;
  }
  for (const pair of root.pairs) {
    if (!PACK_KEYS.includes(pair.keyText) && !pair.keyText.startsWith('x-')) {
      err('rule-pack-unknown-key', `Unknown key \`${pair.keyText}\` in a rule pack (expected ${PACK_KEYS.join(', ')}).`, pair.key, 'warning');
    }
  }
  const name = asScalar(deref(root.pairs.find((p) => p.keyText === 'name')?.value));
  if (name && typeof name.value === 'string') pack.name = name.text;
  const rulesPair = root.pairs.find((p) => p.keyText === 'rules');
  const rules = asSeq(rulesPair?.value);
  if (!rulesPair || !rules) {
    err('rule-pack-invalid', 'A rule pack needs a `rules:` list.', rulesPair?.value ?? root.pairs[0]?.key ?? root);
    return pack;
  }
  if (rules.items.length > RULE_PACK_LIMITS.maxRules) {
    err('rule-pack-too-large', `A rule pack holds at most ${RULE_PACK_LIMITS.maxRules} rules.`, rulesPair.key);
    return pack;
  }
  const seen = new Set<string>();
  for (const item of rules.items) {
    const map = asMap(item);
    if (!map) {
      err('rule-pack-invalid', 'Each rule is a mapping with `id`, `framework`, `applies_to`, `title`, `when`, `proposes`.', item);
      continue;
    }
    const rule = parseRule(map, pack.name, catalog, err);
    if (!rule) continue;
    if (seen.has(rule.id)) {
      const idNode = map.pairs.find((p) => p.keyText === 'id')!.value;
      err('rule-pack-duplicate-id', `Rule id \`${rule.id}\` is used twice in this pack.`, idNode);
      continue;
    }
    seen.add(rule.id);
    pack.rules.push(rule);
  }
  return pack;
}

type Report = (code: string, message: string, node: { start: number; end: number }, severity?: 'error' | 'warning') => void;

function parseRule(map: YMap, packName: string, catalog: PackCatalog, err: Report): Rule | undefined {
  let ok = true;
  const fail: Report = (...args) => {
    if ((args[3] ?? 'error') === 'error') ok = false;
    err(...args);
  };
  const value = (key: string) => {
    const pair = map.pairs.find((p) => p.keyText === key);
    return pair ? { pair, node: deref(pair.value) ?? pair.value } : undefined;
  };
  for (const pair of map.pairs) {
    if (!RULE_KEYS.includes(pair.keyText) && !pair.keyText.startsWith('x-')) {
      const s = closest(pair.keyText, RULE_KEYS);
      err('rule-pack-unknown-key', `Unknown key \`${pair.keyText}\` in a rule.${s ? ` Did you mean \`${s}\`?` : ''}`, pair.key, 'warning');
    }
  }
  const text = (key: string, required: boolean): string | undefined => {
    const v = value(key);
    if (!v) {
      if (required) fail('rule-pack-invalid', `The rule has no \`${key}\`.`, map.pairs[0]?.key ?? map);
      return undefined;
    }
    const s = asScalar(v.node);
    if (!s || s.value === null || s.empty) {
      fail('rule-pack-invalid', `\`${key}\` takes a text value.`, v.node);
      return undefined;
    }
    return s.text;
  };
  const enumValue = <T extends string>(key: string, values: readonly T[]): T | undefined => {
    const t = text(key, true);
    if (t === undefined) return undefined;
    if (!(values as readonly string[]).includes(t)) {
      fail('rule-pack-invalid', `\`${key}\` is one of ${values.join(', ')}; \`${t}\` is not.`, value(key)!.node);
      return undefined;
    }
    return t as T;
  };

  const id = text('id', true);
  if (id !== undefined && !RULE_ID_PATTERN.test(id)) {
    fail('rule-pack-invalid', 'A rule id uses letters, digits and `_ . -` (e.g. `acme.api.missing-waf`).', value('id')!.node);
  }
  const framework = enumValue('framework', FRAMEWORKS);
  const appliesTo = enumValue('applies_to', APPLIES_TO);
  const scope: Scope = appliesTo === 'element' ? 'element' : 'flow';
  const title = text('title', true);
  const rationale = text('rationale', false) ?? '';
  if (appliesTo) {
    for (const key of ['title', 'rationale']) {
      const v = value(key);
      const t = key === 'title' ? title : rationale;
      if (v && t !== undefined) checkTemplate(t, scope, v.node, fail);
    }
  }

  let when: Condition | undefined;
  let coveredBy: Condition | undefined;
  const conditionProblems: ConditionProblem[] = [];
  const whenV = value('when');
  if (!whenV) fail('rule-pack-invalid', 'The rule has no `when:` condition.', map.pairs[0]?.key ?? map);
  else if (appliesTo) when = compileCondition(whenV.pair.value, scope, conditionProblems);
  const coveredV = value('covered_by');
  if (coveredV && appliesTo) coveredBy = compileCondition(coveredV.pair.value, scope, conditionProblems);
  for (const p of conditionProblems) fail(p.code, p.message, p.node);

  const proposes = { stride: [] as StrideCategory[], linddun: [] as LinddunCategory[], atlas: [] as string[], owasp: [] as string[] };
  const proposesV = value('proposes');
  const proposesMap = asMap(proposesV?.node);
  if (!proposesV || !proposesMap) {
    fail('rule-pack-invalid', 'The rule needs `proposes:` with `stride`, `linddun`, `atlas` and/or `owasp` lists.', proposesV?.node ?? map.pairs[0]?.key ?? map);
  } else {
    for (const pair of proposesMap.pairs) {
      if (!PROPOSES_KEYS.includes(pair.keyText)) {
        fail('rule-pack-invalid', `\`proposes\` takes ${PROPOSES_KEYS.join(', ')}; not \`${pair.keyText}\`.`, pair.key);
        continue;
      }
      for (const item of listItems(pair.value)) {
        const s = asScalar(item);
        if (!s || s.value === null) {
          fail('rule-pack-invalid', 'Each proposed id is a plain value.', item);
          continue;
        }
        const v = s.text;
        if (pair.keyText === 'stride') {
          if ((STRIDE_CATEGORIES as readonly string[]).includes(v)) proposes.stride.push(v as StrideCategory);
          else fail('rule-pack-unknown-reference', `\`${v}\` is not a STRIDE category (${STRIDE_CATEGORIES.join(', ')}).`, s);
        } else if (pair.keyText === 'linddun') {
          if ((LINDDUN_CATEGORIES as readonly string[]).includes(v)) proposes.linddun.push(v as LinddunCategory);
          else fail('rule-pack-unknown-reference', `\`${v}\` is not a LINDDUN threat type (${LINDDUN_CATEGORIES.join(', ')}).`, s);
        } else if (pair.keyText === 'atlas') {
          if (!ATLAS_TECHNIQUE_PATTERN.test(v) || (catalog.hasTechnique && !catalog.hasTechnique(v))) {
            fail('rule-pack-unknown-reference', `\`${v}\` is not an ATLAS technique id in the catalog.`, s);
          } else proposes.atlas.push(v);
        } else {
          if (OWASP_LLM_PATTERN.test(v)) proposes.owasp.push(v.replace(/:2025$/, ''));
          else fail('rule-pack-unknown-reference', `\`${v}\` is not an OWASP Top 10 for LLM Applications id (LLM01 ... LLM10).`, s);
        }
      }
    }
    if (framework && ok && proposes[framework].length === 0) {
      fail('rule-pack-invalid', `A ${framework} rule proposes at least one ${framework} id under \`proposes.${framework}\`.`, proposesV.node);
    }
  }

  const mitigations: MitigationSuggestion[] = [];
  const mitV = value('mitigations');
  if (mitV) {
    const items = asSeq(mitV.node)?.items;
    if (!items) fail('rule-pack-invalid', '`mitigations` is a list of `{atlas?, control, text}`.', mitV.node);
    else if (items.length > RULE_PACK_LIMITS.maxMitigations) fail('rule-pack-too-large', `At most ${RULE_PACK_LIMITS.maxMitigations} mitigations per rule.`, mitV.node);
    else {
      for (const item of items) {
        const m = asMap(item);
        const control = asScalar(m ? deref(m.pairs.find((p) => p.keyText === 'control')?.value) : undefined);
        const textNode = asScalar(m ? deref(m.pairs.find((p) => p.keyText === 'text')?.value) : undefined);
        const atlasNode = asScalar(m ? deref(m.pairs.find((p) => p.keyText === 'atlas')?.value) : undefined);
        if (!m || !control || control.value === null || !textNode || textNode.value === null) {
          fail('rule-pack-invalid', 'A mitigation suggestion has `control` (a control name) and `text`, and optionally `atlas` (an ATLAS mitigation id).', item);
          continue;
        }
        for (const pair of m.pairs) {
          if (!['atlas', 'control', 'text'].includes(pair.keyText)) err('rule-pack-unknown-key', `Unknown key \`${pair.keyText}\` in a mitigation suggestion.`, pair.key, 'warning');
        }
        if (atlasNode && (!ATLAS_MITIGATION_PATTERN.test(atlasNode.text) || (catalog.hasMitigation && !catalog.hasMitigation(atlasNode.text)))) {
          fail('rule-pack-unknown-reference', `\`${atlasNode.text}\` is not an ATLAS mitigation id in the catalog.`, atlasNode);
          continue;
        }
        if (appliesTo) checkTemplate(textNode.text, scope, textNode, fail);
        mitigations.push({ atlas: atlasNode?.text, control: control.text, text: textNode.text });
      }
    }
  }

  let dread: Dread | undefined;
  const dreadV = value('dread');
  if (dreadV) {
    const d = asMap(dreadV.node);
    if (!d) fail('rule-pack-invalid', '`dread` is a mapping of the five DREAD factors (1-10).', dreadV.node);
    else {
      dread = {};
      for (const pair of d.pairs) {
        const key = DREAD_KEYS[pair.keyText];
        const s = asScalar(pair.value);
        if (!key) {
          fail('rule-pack-invalid', `\`${pair.keyText}\` is not a DREAD factor (${Object.keys(DREAD_KEYS).join(', ')}).`, pair.key);
        } else if (!s || typeof s.value !== 'number' || s.value < 1 || s.value > 10) {
          fail('rule-pack-invalid', 'DREAD estimates in rules are numbers from 1 to 10.', pair.value);
        } else dread[key] = s.value;
      }
      if (Object.keys(DREAD_KEYS).some((k) => dread![DREAD_KEYS[k]] === undefined)) {
        fail('rule-pack-invalid', 'A DREAD estimate gives all five factors.', dreadV.pair.key);
      }
    }
  }

  if (!ok || !id || !framework || !appliesTo || title === undefined || !when) return undefined;
  return { id, framework, appliesTo, title, rationale, when, coveredBy, proposes, mitigations, dread, pack: packName };
}

function listItems(node: YNode): YNode[] {
  const n = deref(node);
  if (!n) return [];
  if (n.kind === 'seq') return n.items;
  return [n];
}

function checkTemplate(template: string, scope: Scope, node: { start: number; end: number }, fail: Report): void {
  if (template.length > RULE_PACK_LIMITS.maxTemplateLength) {
    fail('rule-pack-too-large', `Templates are at most ${RULE_PACK_LIMITS.maxTemplateLength} characters.`, node);
    return;
  }
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
    if (!PLACEHOLDERS[scope].includes(m[1])) {
      fail(
        'rule-pack-unknown-placeholder',
        `Unknown placeholder \`{${m[1]}}\`; rules that apply to ${scope === 'element' ? 'elements' : 'flows'} can use ${PLACEHOLDERS[scope].map((p) => `{${p}}`).join(', ')}.`,
        node,
      );
    }
  }
}

/** Fills `{name}` placeholders (plain substitution; unknown names stay as written). */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole));
}
