// Threat-side mitigation checks: unmitigated threats, "mitigated" with nothing in place, and risk
// decisions (accepted / transferred) without a justification, owner or review date.
import type { CheckOptions } from '../check';
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import { anchorOf, label } from './anchors';
import { bandAtLeast, errorBandThreshold, threatBand } from './risk';

export function checkThreats(doc: ParsedDocument, options: CheckOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { model } = doc;
  const threshold = errorBandThreshold(options);
  for (const threat of model.threats) {
    if (!threat.id) continue;
    const decided = threat.status === 'accepted' || threat.status === 'transferred';
    if (threat.mitigations.length === 0 && !decided) {
      const band = threatBand(threat, options);
      const escalate = band !== undefined && threshold !== 'off' && bandAtLeast(band, threshold);
      const at = anchorOf(threat, 'id');
      out.push({
        code: 'unmitigated-threat',
        severity: escalate ? 'error' : 'warning',
        message: `Threat ${label(threat)} has no mitigation${band ? ` (DREAD ${band})` : ''}: link one, or accept or transfer the risk with a justification.`,
        start: at.start,
        end: at.end,
        data: { threatId: threat.id, ...(band ? { band } : {}) },
      });
    }
    if (threat.status === 'mitigated') {
      const linked = threat.mitigations.map((id) => model.index.mitigations.get(id)).filter((m) => m !== undefined);
      if (linked.length > 0 && linked.every((m) => m.status === 'proposed' || m.status === 'planned')) {
        const at = anchorOf(threat, 'status');
        out.push({
          code: 'mitigation-status-mismatch',
          severity: 'warning',
          message: `Threat ${label(threat)} is marked mitigated, but its mitigations (${linked.map((m) => `${m.id}: ${m.status}`).join(', ')}) are not implemented yet.`,
          start: at.start,
          end: at.end,
          data: { threatId: threat.id, mitigations: linked.map((m) => m.id) },
        });
      }
    }
    if (decided) {
      const at = anchorOf(threat, 'status');
      const base = { start: at.start, end: at.end, data: { threatId: threat.id } };
      if (!threat.justification?.trim()) {
        out.push({ code: 'accepted-without-justification', severity: 'warning', message: `Threat ${label(threat)} is ${threat.status} without a \`justification:\`.`, ...base });
      }
      if (!threat.owner?.trim()) {
        out.push({ code: 'accepted-without-owner', severity: 'info', message: `Threat ${label(threat)} is ${threat.status} without an \`owner:\` for the decision.`, ...base });
      }
      if (!threat.reviewBy) {
        out.push({ code: 'accepted-without-review-date', severity: 'info', message: `Threat ${label(threat)} is ${threat.status} without a \`review_by:\` date.`, ...base });
      }
    }
  }
  return out;
}
