// Fixes for threats: add a catalog mitigation, link an existing one, accept the risk, set a
// status back to open, and fill in a missing justification / owner / review date.
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import { formatYamlScalar, setScalar } from '../edits';
import { EditPlan } from './plan';
import { IdAllocator } from './ids';
import { createAndLink, newMitigation } from './mitigationItems';
import { provides, relatedMitigations, suggestionsForThreat } from './suggestions';
import type { Fix } from './types';

export const PLACEHOLDER_JUSTIFICATION = 'TODO: why this risk is acceptable';
export const PLACEHOLDER_OWNER = 'TODO: owner';

export interface FixOptions {
  /** Today, for the default review date (tests pass a fixed date). */
  now?: Date;
}

/** Longest mitigation title shown in a quick-fix title; longer ones are cut at a word. */
export const MAX_TITLE_IN_FIX = 40;

/** A mitigation title short enough for a quick-fix menu: one line, at most MAX_TITLE_IN_FIX characters. */
export function shortTitle(title: string): string {
  const line = title.replace(/\s+/g, ' ').trim();
  if (line.length <= MAX_TITLE_IN_FIX) return line;
  let cut = line.slice(0, MAX_TITLE_IN_FIX - 1);
  const space = cut.lastIndexOf(' ');
  if (space > MAX_TITLE_IN_FIX / 2) cut = cut.slice(0, space);
  // Do not leave a parenthesis open: "guardrails (injection…" reads as a typo.
  const open = cut.lastIndexOf('(');
  if (open > 0 && cut.indexOf(')', open) < 0) cut = cut.slice(0, open);
  cut = cut.replace(/[\s,;:(\-]+$/, '').replace(/\s+(?:and|or|the|a|an|to|of|with|for|by|from|in|on)$/i, '');
  return `${cut}…`;
}

export function unmitigatedThreatFixes(doc: ParsedDocument, d: Diagnostic, options: FixOptions): Fix[] {
  const threat = doc.model.index.threats.get(String(d.data?.threatId ?? ''));
  if (!threat) return [];
  const out: Fix[] = [];
  const suggestions = suggestionsForThreat(threat);
  const existing = relatedMitigations(doc.model, threat, suggestions);
  const linked = threat.mitigations.map((id) => doc.model.index.mitigations.get(id)).filter((m) => m !== undefined);
  for (const s of suggestions) {
    // Already provided by a linked mitigation: nothing to add (applying a fix twice does nothing).
    if (linked.some((m) => provides(m, s))) continue;
    // A suggestion an existing mitigation already provides is offered as a link instead.
    if (existing.some((m) => provides(m, s))) continue;
    const plan = new EditPlan(doc);
    const { id, yaml } = newMitigation(new IdAllocator(doc), s);
    createAndLink(plan, threat.id, id, yaml);
    out.push({ title: `Add mitigation: ${s.title} (${s.atlas[0] ?? s.because})`, kind: 'quickfix', edits: plan.edits(), answers: [d.code] });
  }
  const links = new Map<string, Fix>();
  for (const m of existing) {
    const plan = new EditPlan(doc);
    createAndLink(plan, threat.id, m.id);
    const fix: Fix = { title: `Link existing mitigation ${m.id}${m.title ? ` (${shortTitle(m.title)})` : ''}`, kind: 'quickfix', edits: plan.edits(), answers: [d.code] };
    links.set(m.id, fix);
    out.push(fix);
  }
  if (out.length === 0) {
    // Nothing in the catalogs fits: still offer an empty proposed mitigation to fill in.
    const plan = new EditPlan(doc);
    const s = { key: 'new', title: `Mitigation for ${threat.title ?? threat.id}`, atlas: [], controls: [], because: 'new' };
    const { id, yaml } = newMitigation(new IdAllocator(doc), s);
    createAndLink(plan, threat.id, id, yaml);
    out.push({ title: `Add a new mitigation ${id} for ${threat.id}`, kind: 'quickfix', edits: plan.edits(), answers: [d.code] });
  }
  // Prefer linking a mitigation that already provides a suggested control; else the first new one.
  const providing = existing.find((m) => suggestions.some((s) => provides(m, s)));
  const preferred = (providing && links.get(providing.id)) ?? out[0];
  if (preferred) {
    preferred.isPreferred = true;
    out.splice(out.indexOf(preferred), 1);
    out.unshift(preferred);
  }
  const accept = acceptRiskFix(doc, threat.id, options);
  if (accept) out.push(accept);
  return out.filter((f) => f.edits.length > 0);
}

/** Sets `status: accepted` with justification, owner and review date (placeholders where missing). */
export function acceptRiskFix(doc: ParsedDocument, threatId: string, options: FixOptions): Fix | undefined {
  const plan = new EditPlan(doc);
  const placeholders: string[] = [];
  const threat = () => plan.doc.model.index.threats.get(threatId);
  const t0 = threat();
  if (!t0) return undefined;
  if (t0.status !== 'accepted' && t0.status !== 'transferred') plan.step((d) => (threat() ? setScalar(d, threat()!.node, 'status', 'accepted') : []));
  addDecisionFields(plan, threatId, placeholders, options);
  const edits = plan.edits();
  if (edits.length === 0) return undefined;
  return { title: `Accept risk of ${threatId}...`, kind: 'quickfix', edits, placeholders, answers: ['unmitigated-threat'] };
}

function addDecisionFields(plan: EditPlan, threatId: string, placeholders: string[], options: FixOptions, only?: 'justification' | 'owner' | 'review_by'): void {
  const threat = () => plan.doc.model.index.threats.get(threatId);
  const t = threat();
  if (!t) return;
  if ((!only || only === 'justification') && !t.justification?.trim()) {
    const v = formatYamlScalar(PLACEHOLDER_JUSTIFICATION);
    if (plan.step((d) => setScalar(d, threat()!.node, 'justification', v))) placeholders.push(v);
  }
  if ((!only || only === 'owner') && !t.owner?.trim()) {
    const v = formatYamlScalar(PLACEHOLDER_OWNER);
    if (plan.step((d) => setScalar(d, threat()!.node, 'owner', v))) placeholders.push(v);
  }
  if ((!only || only === 'review_by') && !t.reviewBy) {
    const v = reviewDate(options.now ?? new Date());
    if (plan.step((d) => setScalar(d, threat()!.node, 'review_by', v))) placeholders.push(v);
  }
}

/** Ninety days from `now`, as YYYY-MM-DD. */
export function reviewDate(now: Date): string {
  const d = new Date(now.getTime() + 90 * 24 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

export function decisionFieldFix(doc: ParsedDocument, d: Diagnostic, options: FixOptions): Fix[] {
  const threatId = String(d.data?.threatId ?? '');
  const field = d.code === 'accepted-without-justification' ? 'justification' : d.code === 'accepted-without-owner' ? 'owner' : 'review_by';
  const plan = new EditPlan(doc);
  const placeholders: string[] = [];
  addDecisionFields(plan, threatId, placeholders, options, field);
  const edits = plan.edits();
  const label = field === 'review_by' ? 'review date' : field;
  const out: Fix[] = edits.length ? [{ title: `Add ${label} to ${threatId}`, kind: 'quickfix', edits, placeholders, isPreferred: true, answers: [d.code] }] : [];
  // All missing fields at once.
  const all = new EditPlan(doc);
  const allPlaceholders: string[] = [];
  addDecisionFields(all, threatId, allPlaceholders, options);
  if (allPlaceholders.length > 1) {
    out.push({ title: `Add justification, owner and review date to ${threatId}`, kind: 'quickfix', edits: all.edits(), placeholders: allPlaceholders, answers: ['accepted-without-justification', 'accepted-without-owner', 'accepted-without-review-date'] });
  }
  return out;
}

export function statusMismatchFixes(doc: ParsedDocument, d: Diagnostic): Fix[] {
  const threat = doc.model.index.threats.get(String(d.data?.threatId ?? ''));
  if (!threat) return [];
  const edits = setScalar(doc, threat.node, 'status', 'open');
  return edits.length ? [{ title: `Set ${threat.id} back to status open`, kind: 'quickfix', edits, isPreferred: true, answers: [d.code] }] : [];
}
