// `coverage-gap` (info, off unless `coverageHints: true`): per element or flow, the STRIDE /
// LINDDUN / ATLAS proposals of the analysis engine that the model does not cover yet, e.g.
// "3 STRIDE categories not considered for `payments-db`: T, I, D". The data carries the proposal
// ids so the quick fix can add exactly those threats.
import { forEachRuleHit, type Rule } from '../analysis';
import { linddunCatalog, strideCatalog } from '../catalog';
import type { CheckOptions } from '../check';
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import { anchorOf } from './anchors';

export function coverageHintsEnabled(options: CheckOptions): boolean {
  const nested = options.diagnostics && typeof options.diagnostics === 'object' ? (options.diagnostics as Record<string, unknown>).coverageHints : undefined;
  return (options.coverageHints ?? options.diagnosticsCoverageHints ?? nested) === true;
}

const FRAMEWORK_LABEL: Record<string, [string, string]> = {
  stride: ['STRIDE category', 'STRIDE categories'],
  linddun: ['LINDDUN category', 'LINDDUN categories'],
  atlas: ['ATLAS technique', 'ATLAS techniques'],
};

const FRAMEWORKS: readonly ('stride' | 'linddun' | 'atlas')[] = ['stride', 'linddun', 'atlas'];

/** What the hint shows of a rule, worked out once per rule. */
interface RuleHint {
  /** Index in FRAMEWORKS, or -1 for a framework the hint does not list. */
  framework: number;
  /** The letters (STRIDE, LINDDUN) or technique ids (ATLAS) it proposes. */
  names: string[];
  /** `<rule id>@`, the start of its proposal ids. */
  idPrefix: string;
}

const hints = new WeakMap<Rule, RuleHint>();

function hintOf(rule: Rule): RuleHint {
  let hint = hints.get(rule);
  if (!hint) {
    let names: string[];
    if (rule.framework === 'stride') names = rule.proposes.stride.map((c) => strideCatalog().categories.find((x) => x.id === c)?.letter ?? c);
    else if (rule.framework === 'linddun') names = rule.proposes.linddun.map((c) => linddunCatalog().categories.find((x) => x.id === c)?.letter ?? c);
    else names = [...rule.proposes.atlas];
    hint = { framework: FRAMEWORKS.indexOf(rule.framework), names, idPrefix: `${rule.id}@` };
    hints.set(rule, hint);
  }
  return hint;
}

export function checkCoverage(doc: ParsedDocument, options: CheckOptions): Diagnostic[] {
  if (!coverageHintsEnabled(options)) return [];
  // Only which rules fire where and whether they are covered: no proposal objects, no texts.
  // Targets come in the order of their first uncovered proposal, each with its rules in
  // proposal order, as the summary analysis lists them.
  const byTarget = new Map<string, RuleHint[]>();
  let lastRule: Rule | undefined;
  let hint: RuleHint | undefined;
  forEachRuleHit(doc, {}, (rule, target, covered) => {
    if (covered) return;
    // Hits come rule by rule: look the hint up once per rule, not per hit.
    if (rule !== lastRule) {
      lastRule = rule;
      hint = hintOf(rule);
    }
    const list = byTarget.get(target);
    if (list) list.push(hint!);
    else byTarget.set(target, [hint!]);
  });
  const out: Diagnostic[] = [];
  // Short names per framework, each once, in proposal order: reused lists (they are short).
  const names: string[][] = FRAMEWORKS.map(() => []);
  for (const [target, list] of byTarget) {
    const entity = doc.model.index.elements.get(target) ?? doc.model.index.flows.get(target);
    if (!entity) continue;
    for (const n of names) n.length = 0;
    for (const hint of list) {
      if (hint.framework < 0) continue;
      const into = names[hint.framework];
      for (const n of hint.names) if (!into.includes(n)) into.push(n);
    }
    const parts: string[] = [];
    let count = 0;
    let only = '';
    FRAMEWORKS.forEach((framework, i) => {
      const found = names[i];
      if (found.length === 0) return;
      count += found.length;
      const label = `${found.length} ${FRAMEWORK_LABEL[framework][found.length === 1 ? 0 : 1]}`;
      only = `${label} not considered for \`${target}\`: ${found.join(', ')}`;
      parts.push(`${label} (${found.join(', ')})`);
    });
    if (parts.length === 0) continue;
    const at = anchorOf(entity, 'id');
    out.push({
      code: 'coverage-gap',
      severity: 'info',
      message: parts.length === 1 ? only : `${parts.join(' and ')} not considered for \`${target}\``,
      start: at.start,
      end: at.end,
      data: { target, proposals: list.map((hint) => hint.idPrefix + target), count },
    });
  }
  return out;
}
