// Recording PyRIT verdicts in the model as minimal text edits: one new entry per threat in its
// `validation:` list (result, date, source, details). Attack runs already recorded (their result
// ids appear in an earlier entry's details) are skipped, so importing the same results twice adds
// nothing. The threat's status is left alone: a succeeded attack on a `mitigated` threat is
// reported by the `validation-attack-succeeded` check instead.
//
// The list layout (dash column, gap, indentation, line endings) comes from the shared edit
// helpers in src/core/edits.
import type { ParsedDocument } from '../document';
import { detectStyle } from '../edits/style';
import { colonAfter, rawEnd, rawStart } from '../edits/style';
import { appendItemToBlockSeq, insertKey } from '../edits/yamlEdits';
import type { TextEdit } from '../edits/textEdit';
import type { Threat } from '../model/types';
import { deref, pairOf } from '../yaml/tree';
import { yamlString } from './jinja';
import { verdict, type AttackOutcome, type ThreatVerdict } from './results';

export interface ImportSummary {
  edits: TextEdit[];
  recorded: ThreatVerdict[];
  /** Threat ids in the results that the model does not define. */
  unknownThreats: string[];
  /** Threats whose results were all recorded before. */
  alreadyRecorded: string[];
}

export function planImport(doc: ParsedDocument, outcomes: readonly AttackOutcome[]): ImportSummary {
  const byThreat = new Map<string, AttackOutcome[]>();
  for (const o of outcomes) {
    const list = byThreat.get(o.threatId) ?? [];
    if (!list.some((x) => x.key === o.key)) list.push(o);
    byThreat.set(o.threatId, list);
  }
  const summary: ImportSummary = { edits: [], recorded: [], unknownThreats: [], alreadyRecorded: [] };
  for (const [threatId, list] of byThreat) {
    const threat = doc.model.index.threats.get(threatId);
    if (!threat) {
      summary.unknownThreats.push(threatId);
      continue;
    }
    const known = recordedText(threat);
    const fresh = list.filter((o) => !known.includes(o.key));
    if (fresh.length === 0) {
      summary.alreadyRecorded.push(threatId);
      continue;
    }
    const v = verdict(threatId, fresh);
    summary.recorded.push(v);
    summary.edits.push(...appendValidation(doc, threat, v));
  }
  return summary;
}

function recordedText(threat: Threat): string {
  return threat.validation.map((v) => `${v.source ?? ''} ${v.details ?? ''}`).join('\n');
}

function entryLines(v: ThreatVerdict): string[] {
  const lines = [`result: ${v.result}`];
  if (v.date) lines.push(`date: ${v.date}`);
  lines.push(`source: ${yamlString(v.source)}`, `details: ${yamlString(v.details)}`);
  return lines;
}

/** Appends one mapping to the threat's `validation:` list, in the file's layout. */
export function appendValidation(doc: ParsedDocument, threat: Threat, v: ThreatVerdict): TextEdit[] {
  const text = doc.text;
  const lines = entryLines(v);
  const style = detectStyle(doc);
  const pair = pairOf(threat.node, 'validation');
  const flowEntry = `{ ${lines.join(', ')} }`;
  if (!pair) {
    if (threat.node.flow) return insertKey(doc, threat.node, [`validation: [${flowEntry}]`]);
    const dash = ' '.repeat(style.seqIndent);
    const gap = ' '.repeat(Math.max(1, style.dashGap - 1));
    const body = lines.map((l, i) => (i === 0 ? `${dash}-${gap}${l}` : `${' '.repeat(style.seqIndent + 1 + gap.length)}${l}`));
    return insertKey(doc, threat.node, ['validation:', ...body]);
  }
  const value = deref(pair.value);
  if (!value) return [];
  if (value.kind === 'scalar' && value.empty) {
    const colon = colonAfter(text, pair.key);
    return colon < 0 ? [] : [{ start: colon, end: colon, newText: ` [${flowEntry}]` }];
  }
  if (value.kind === 'scalar' && value.value === null && pair.value.kind === 'scalar') {
    return [{ start: rawStart(pair.value), end: rawEnd(text, pair.value), newText: `[${flowEntry}]` }];
  }
  if (value.kind !== 'seq' || pair.value.kind === 'alias') return [];
  if (value.flow) {
    const close = text.lastIndexOf(']', value.end);
    if (close < value.start) return [];
    return [{ start: close, end: close, newText: value.items.length ? `, ${flowEntry}` : flowEntry }];
  }
  return appendItemToBlockSeq(doc, value, lines);
}
