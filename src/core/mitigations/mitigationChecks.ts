// Mitigation-side checks: mitigations no threat refers to, and evidence (missing, or a path that
// does not exist; existence is asked through the injected `options.fileExists`).
import type { CheckOptions } from '../check';
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import { asScalar, getValue } from '../yaml/tree';
import { anchorOf, label } from './anchors';

const MAX_EVIDENCE_CHECKS = 2000;

export function checkMitigations(doc: ParsedDocument, options: CheckOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { model } = doc;
  const referenced = new Set<string>();
  for (const threat of model.threats) for (const id of threat.mitigations) referenced.add(id);
  let evidenceChecks = 0;
  const seen = new Set<string>();
  for (const mitigation of model.mitigations) {
    if (!mitigation.id) continue;
    if (!referenced.has(mitigation.id) && !seen.has(mitigation.id)) {
      const at = anchorOf(mitigation, 'id');
      out.push({
        code: 'orphan-mitigation',
        severity: 'hint',
        message: `No threat refers to mitigation ${label(mitigation)}.`,
        start: at.start,
        end: at.end,
        tags: ['unnecessary'],
        data: { mitigationId: mitigation.id },
      });
    }
    seen.add(mitigation.id);
    if ((mitigation.status === 'implemented' || mitigation.status === 'verified') && mitigation.evidence.length === 0) {
      const at = anchorOf(mitigation, 'status');
      out.push({
        code: 'missing-evidence',
        severity: 'warning',
        message: `Mitigation ${label(mitigation)} is ${mitigation.status} but names no \`evidence:\` (a path, ticket or link).`,
        start: at.start,
        end: at.end,
        data: { mitigationId: mitigation.id },
      });
    }
    if (typeof options.fileExists !== 'function') continue;
    for (const evidence of mitigation.evidence) {
      if (!evidence.path || evidenceChecks++ >= MAX_EVIDENCE_CHECKS) continue;
      const node = evidence.node.kind === 'map' ? asScalar(getValue(evidence.node, 'path')) : asScalar(evidence.node);
      if (!node) continue;
      let exists: boolean;
      try {
        exists = options.fileExists(evidence.path);
      } catch {
        exists = false;
      }
      if (!exists) {
        out.push({
          code: 'evidence-not-found',
          severity: 'warning',
          message: `Evidence path '${evidence.path}' of mitigation \`${mitigation.id}\` does not exist in the workspace.`,
          start: node.start,
          end: node.end,
          data: { mitigationId: mitigation.id, path: evidence.path },
        });
      }
    }
  }
  return out;
}
