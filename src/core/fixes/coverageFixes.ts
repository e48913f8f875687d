// "Add the N missing threats for <element>" for a coverage-gap diagnostic: the analysis engine's
// "Add to model" edit for exactly the proposals the diagnostic names (still uncovered ones only).
import { analyze, planAddProposals } from '../analysis';
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import type { Fix } from './types';

export function coverageGapFixes(doc: ParsedDocument, d: Diagnostic): Fix[] {
  const ids = Array.isArray(d.data?.proposals) ? new Set(d.data.proposals as string[]) : new Set<string>();
  const target = String(d.data?.target ?? '');
  const proposals = analyze(doc).proposals.filter((p) => ids.has(p.id) && !p.covered);
  if (proposals.length === 0) return [];
  const plan = planAddProposals(doc, proposals);
  const n = Object.keys(plan.threats).length;
  if (plan.edits.length === 0 || n === 0) return [];
  return [{ title: `Add the ${n} missing threat${n === 1 ? '' : 's'} for ${target}`, kind: 'quickfix', edits: plan.edits, isPreferred: true, answers: [d.code] }];
}
