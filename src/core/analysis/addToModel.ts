// "Add to model": the minimal text edits that append proposals to the model as threats (with
// `proposal:` ids, status open, framework ids and the DREAD estimate) and their suggested
// mitigations as `status: proposed` mitigations linked from the threat. Existing mitigations that
// already provide a suggested control are linked instead of duplicated. Everything else in the
// file stays byte-identical (the edits come from src/core/edits, which follow the file's layout).
import { parseDocument, type ParsedDocument } from '../document';
import { appendToTopLevelList, applyEdits, formatYamlScalar, type TextEdit } from '../edits';
import { ID_PATTERN } from '../schema/fields';
import { DREAD_FACTORS } from './dread';
import type { Proposal } from './engine';

export interface AddPlan {
  edits: TextEdit[];
  /** Threat id created for each proposal id. */
  threats: Record<string, string>;
  /** Ids of the mitigations created. */
  mitigations: string[];
}

/** Bound on proposals added in one edit. */
export const MAX_PROPOSALS_PER_EDIT = 500;

export function planAddProposals(doc: ParsedDocument, proposals: readonly Proposal[]): AddPlan {
  const plan: AddPlan = { edits: [], threats: {}, mitigations: [] };
  if (!doc.yaml.ok) return plan;
  const model = doc.model;
  const usedIds = new Set<string>(doc.symbols.definitions.map((d) => d.id));
  const fresh = (base: string): string => {
    let id = base.replace(/[^A-Za-z0-9_.:-]+/g, '-').replace(/-+/g, '-').replace(/-$/, '');
    if (!ID_PATTERN.test(id)) id = `x${id}`;
    let candidate = id;
    for (let n = 2; usedIds.has(candidate); n++) candidate = `${id}-${n}`;
    usedIds.add(candidate);
    return candidate;
  };

  const threatItems: string[] = [];
  const mitigationItems: string[] = [];
  /** control -> mitigation id (existing ones first, then the ones created here). */
  const byControl = new Map<string, string>();
  for (const m of model.mitigations) for (const c of m.controls) if (!byControl.has(c)) byControl.set(c, m.id);

  for (const p of proposals.slice(0, MAX_PROPOSALS_PER_EDIT)) {
    if (model.threats.some((t) => t.proposal === p.id) || plan.threats[p.id]) continue;
    const mitigationIds: string[] = [];
    for (const s of p.mitigations) {
      let id = byControl.get(s.control);
      if (!id) {
        id = fresh(`mit-${s.control.replace(/_/g, '-')}`);
        byControl.set(s.control, id);
        plan.mitigations.push(id);
        const lines = [`id: ${formatYamlScalar(id)}`, `title: ${formatYamlScalar(s.text)}`, 'status: proposed'];
        if (s.atlas) lines.push(`atlas: [${formatYamlScalar(s.atlas)}]`);
        lines.push(`controls: [${formatYamlScalar(s.control)}]`);
        mitigationItems.push(lines.join('\n'));
      }
      if (!mitigationIds.includes(id)) mitigationIds.push(id);
    }
    const ruleTail = p.rule.split('.').slice(-1)[0];
    const threatId = fresh(`thr-${ruleTail}-${p.target}`);
    plan.threats[p.id] = threatId;
    const lines = [
      `id: ${formatYamlScalar(threatId)}`,
      `title: ${formatYamlScalar(p.title)}`,
      `description: ${formatYamlScalar(p.rationale)}`,
      `target: ${formatYamlScalar(p.target)}`,
    ];
    if (p.stride.length) lines.push(`stride: [${p.stride.join(', ')}]`);
    if (p.linddun.length) lines.push(`linddun: [${p.linddun.join(', ')}]`);
    if (p.atlas.length) lines.push(`atlas: [${p.atlas.map((a) => formatYamlScalar(a.technique)).join(', ')}]`);
    if (p.owasp.length) lines.push(`owasp_llm: [${p.owasp.map(formatYamlScalar).join(', ')}]`);
    if (p.dread) lines.push(`dread: { ${DREAD_FACTORS.map((f) => `${f.key}: ${p.dread![f.prop]}`).join(', ')} }`);
    lines.push('status: open');
    if (mitigationIds.length) lines.push(`mitigations: [${mitigationIds.map(formatYamlScalar).join(', ')}]`);
    lines.push(`proposal: ${formatYamlScalar(p.id)}`);
    threatItems.push(lines.join('\n'));
  }
  if (threatItems.length === 0) return plan;

  const afterThreats = appendAll(doc, 'threats', threatItems);
  const afterMitigations = appendAll(doc, 'mitigations', mitigationItems);
  const e1 = diffEdit(doc.text, afterThreats);
  const e2 = diffEdit(doc.text, afterMitigations);
  if (!e1) return plan; // the threats could not be appended (e.g. `threats:` is not a list)
  if (!e2 || !(e1.start <= e2.end && e2.start <= e1.end)) {
    plan.edits = e2 ? [e1, e2].sort((a, b) => a.start - b.start) : [e1];
  } else {
    // Both land in the same place (e.g. both sections created at the end): do them one after the other.
    const both = appendAll(parseDocument(afterThreats), 'mitigations', mitigationItems);
    plan.edits = [diffEdit(doc.text, both)!];
  }
  return plan;
}

/**
 * Appends items and returns the final text. The first item is appended on its own (it may create
 * the section or replace a `[]` placeholder); once the section holds an item, every further item
 * is a plain insertion at the same offset, so they are computed on one parse and concatenated.
 */
function appendAll(doc: ParsedDocument, section: string, items: string[]): string {
  if (items.length === 0) return doc.text;
  const firstEdits = appendToTopLevelList(doc, section, items[0]);
  const current = firstEdits.length > 0 ? parseDocument(applyEdits(doc.text, firstEdits)) : doc;
  let at = -1;
  let inserted = '';
  for (const item of items.slice(1)) {
    const edits = appendToTopLevelList(current, section, item);
    if (edits.length === 0) continue;
    if (edits.length !== 1 || edits[0].start !== edits[0].end || (at >= 0 && edits[0].start !== at)) {
      return appendOneByOne(doc, section, items); // an unusual layout: fall back to the slow, general path
    }
    at = edits[0].start;
    inserted += edits[0].newText;
  }
  return at < 0 ? current.text : current.text.slice(0, at) + inserted + current.text.slice(at);
}

function appendOneByOne(doc: ParsedDocument, section: string, items: string[]): string {
  let current = doc;
  for (const item of items) {
    const edits = appendToTopLevelList(current, section, item);
    if (edits.length > 0) current = parseDocument(applyEdits(current.text, edits));
  }
  return current.text;
}

/** One edit that turns `before` into `after` (common prefix and suffix left untouched). */
export function diffEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { start, end: endB, newText: after.slice(start, endA) };
}
