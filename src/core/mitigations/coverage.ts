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

const FRAMEWORK_LABEL_KEYS: readonly string[] = ['stride', 'linddun', 'atlas'];

/** The letters (STRIDE, LINDDUN) or technique ids (ATLAS) a rule proposes, as the hint lists them. */
function shortNames(rule: Rule): string[] {
  let names = shortNameCache.get(rule);
  if (!names) {
    if (rule.framework === 'stride') names = rule.proposes.stride.map((c) => strideCatalog().categories.find((x) => x.id === c)?.letter ?? c);
    else if (rule.framework === 'linddun') names = rule.proposes.linddun.map((c) => linddunCatalog().categories.find((x) => x.id === c)?.letter ?? c);
    else names = [...rule.proposes.atlas];
    shortNameCache.set(rule, names);
  }
  return names;
}

const shortNameCache = new WeakMap<Rule, string[]>();

export function checkCoverage(doc: ParsedDocument, options: CheckOptions): Diagnostic[] {
  if (!coverageHintsEnabled(options)) return [];
  // Only which rules fire where and whether they are covered: no proposal objects, no texts.
  // Targets come in the order of their first uncovered proposal, each with its rules in
  // proposal order, as the summary analysis lists them.
  const byTarget = new Map<string, Rule[]>();
  forEachRuleHit(doc, {}, (rule, target, covered) => {
    if (covered) return;
    const list = byTarget.get(target);
    if (list) list.push(rule);
    else byTarget.set(target, [rule]);
  });
  const out: Diagnostic[] = [];
  for (const [target, list] of byTarget) {
    const entity = doc.model.index.elements.get(target) ?? doc.model.index.flows.get(target);
    if (!entity) continue;
    // Short names per framework, each once, in proposal order (lists are short: arrays, not sets).
    const names: Record<string, string[]> = { stride: [], linddun: [], atlas: [] };
    for (const rule of list) {
      const into = FRAMEWORK_LABEL_KEYS.includes(rule.framework) ? names[rule.framework] : undefined;
      if (into) for (const n of shortNames(rule)) if (!into.includes(n)) into.push(n);
    }
    const parts: { label: string; names: string[] }[] = [];
    let count = 0;
    for (const framework of FRAMEWORK_LABEL_KEYS) {
      const found = names[framework];
      if (found.length === 0) continue;
      count += found.length;
      parts.push({ label: `${found.length} ${FRAMEWORK_LABEL[framework][found.length === 1 ? 0 : 1]}`, names: found });
    }
    if (parts.length === 0) continue;
    const at = anchorOf(entity, 'id');
    out.push({
      code: 'coverage-gap',
      severity: 'info',
      message:
        parts.length === 1
          ? `${parts[0].label} not considered for \`${target}\`: ${parts[0].names.join(', ')}`
          : `${parts.map((p) => `${p.label} (${p.names.join(', ')})`).join(' and ')} not considered for \`${target}\``,
      start: at.start,
      end: at.end,
      data: { target, proposals: list.map((rule) => `${rule.id}@${target}`), count },
    });
  }
  return out;
}
