// Data flows that cross a trust boundary (the two ends sit in different boundaries, "outside all
// boundaries" counting as one) without authentication or encryption, when no threat covers them.
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import { anchorOf } from './anchors';

export const OUTSIDE = 'outside all boundaries';

export function checkBoundaryCrossings(doc: ParsedDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { model } = doc;
  const targeted = new Set<string>();
  for (const threat of model.threats) for (const t of threat.targets) targeted.add(t);
  for (const flow of model.flows) {
    if (!flow.id || targeted.has(flow.id)) continue;
    const from = model.index.elements.get(flow.from);
    const to = model.index.elements.get(flow.to);
    if (!from || !to) continue;
    const fromBoundary = from.boundary ?? OUTSIDE;
    const toBoundary = to.boundary ?? OUTSIDE;
    if (fromBoundary === toBoundary) continue;
    const missing: string[] = [];
    if (!flow.authenticated) missing.push('authentication');
    if (!flow.encrypted) missing.push('encryption');
    if (missing.length === 0) continue;
    const how = [!flow.authenticated ? 'unauthenticated' : '', !flow.encrypted ? 'unencrypted' : ''].filter(Boolean).join(' and ');
    const at = anchorOf(flow, 'id');
    out.push({
      code: 'unprotected-boundary-crossing',
      severity: 'warning',
      message: `Flow \`${flow.id}\` crosses ${fromBoundary} -> ${toBoundary} ${how}, and no threat covers it.`,
      start: at.start,
      end: at.end,
      data: { flowId: flow.id, fromBoundary, toBoundary, missing },
    });
  }
  return out;
}
