// `coverage-gap` (info, off unless `coverageHints: true`): per element or flow, the STRIDE /
// LINDDUN / ATLAS proposals of the analysis engine that the model does not cover yet, e.g.
// "3 STRIDE categories not considered for `payments-db`: T, I, D". The data carries the proposal
// ids so the quick fix can add exactly those threats.
import { analyze, type Proposal } from '../analysis';
import { dreadScaleOf } from '../analysis/dread';
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

function shortName(p: Proposal): string[] {
  if (p.framework === 'stride') return p.stride.map((c) => strideCatalog().categories.find((x) => x.id === c)?.letter ?? c);
  if (p.framework === 'linddun') return p.linddun.map((c) => linddunCatalog().categories.find((x) => x.id === c)?.letter ?? c);
  return p.atlas.map((a) => a.technique);
}

export function checkCoverage(doc: ParsedDocument, options: CheckOptions): Diagnostic[] {
  if (!coverageHintsEnabled(options)) return [];
  // summaryOnly: this check needs which proposals fire and whether they are covered, no texts.
  const { proposals } = analyze(doc, { dreadScale: dreadScaleOf(options.dreadScale), summaryOnly: true });
  const byTarget = new Map<string, Proposal[]>();
  for (const p of proposals) {
    if (p.covered) continue;
    const list = byTarget.get(p.target) ?? [];
    list.push(p);
    byTarget.set(p.target, list);
  }
  const out: Diagnostic[] = [];
  for (const [target, list] of byTarget) {
    const entity = doc.model.index.elements.get(target) ?? doc.model.index.flows.get(target);
    if (!entity) continue;
    const parts: { label: string; names: string[] }[] = [];
    let count = 0;
    for (const framework of ['stride', 'linddun', 'atlas']) {
      const names = [...new Set(list.filter((p) => p.framework === framework).flatMap(shortName))];
      if (names.length === 0) continue;
      count += names.length;
      parts.push({ label: `${names.length} ${FRAMEWORK_LABEL[framework][names.length === 1 ? 0 : 1]}`, names });
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
      data: { target, proposals: list.map((p) => p.id), count },
    });
  }
  return out;
}
