// "Fix all missing mitigations in file": one proposed mitigation per unmitigated threat (the
// preferred suggestion, or a link to an existing mitigation that already provides it), in one
// edit. A mitigation created for one threat is linked, not duplicated, for the next that fits.
import type { ParsedDocument } from '../document';
import type { Threat } from '../model/types';
import { IdAllocator } from './ids';
import { createAndLink, newMitigation } from './mitigationItems';
import { EditPlan } from './plan';
import { provides, relatedMitigations, suggestionsForThreat } from './suggestions';
import type { Fix } from './types';

/** Bound on threats handled in one fix-all (each step re-parses the file). */
export const MAX_FIX_ALL_THREATS = 200;

export function isUnmitigated(t: Threat): boolean {
  return !!t.id && t.mitigations.length === 0 && t.status !== 'accepted' && t.status !== 'transferred';
}

export function fixAllMissingMitigations(doc: ParsedDocument): Fix | undefined {
  if (!doc.yaml.ok) return undefined;
  const ids = new IdAllocator(doc);
  const plan = new EditPlan(doc);
  const threatIds = doc.model.threats.filter(isUnmitigated).map((t) => t.id);
  const done = new Set<string>();
  for (const threatId of threatIds.slice(0, MAX_FIX_ALL_THREATS)) {
    if (done.has(threatId)) continue;
    done.add(threatId);
    const threat = plan.doc.model.index.threats.get(threatId);
    if (!threat || !isUnmitigated(threat)) continue;
    const suggestions = suggestionsForThreat(threat);
    const providing = relatedMitigations(plan.doc.model, threat, suggestions).find((m) => suggestions.some((s) => provides(m, s)));
    if (providing) {
      createAndLink(plan, threatId, providing.id);
      continue;
    }
    const s = suggestions[0] ?? { key: 'new', title: `Mitigation for ${threat.title ?? threat.id}`, atlas: [], controls: [], because: 'new' };
    const { id, yaml } = newMitigation(ids, s);
    createAndLink(plan, threatId, id, yaml);
  }
  const edits = plan.edits();
  if (edits.length === 0) return undefined;
  return { title: 'Fix all missing mitigations in file', kind: 'source.fixAll', edits, answers: ['unmitigated-threat'] };
}
