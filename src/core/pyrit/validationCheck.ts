// The `validation-attack-succeeded` check: a threat marked `mitigated` whose latest validation run
// (e.g. imported from PyRIT) shows the attack succeeding. The mitigation did not hold.
import { registerChecker } from '../check';
import { registerCodes } from '../diagnostics/codes';
import type { Diagnostic } from '../diagnostics/types';
import { indexOfKey, valueAt } from '../yaml/nodes';
import { asSeq, getValue } from '../yaml/tree';

registerCodes([
  {
    code: 'validation-attack-succeeded',
    severity: 'warning',
    category: 'mitigation',
    title: 'A threat is marked mitigated but its latest validation attack succeeded.',
    help: 'The latest entry under `validation:` (for example imported with `threatmodel import pyrit`) records a successful attack, so the mitigations did not hold. Reopen the threat (`status: open`) and fix the mitigation, or record a newer validation run that failed.',
  },
]);

registerChecker('validation-attack-succeeded', (doc) => {
  const out: Diagnostic[] = [];
  for (const threat of doc.model.threats) {
    if (threat.status !== 'mitigated' || threat.validation.length === 0) continue;
    const latest = latestIndex(threat.validation.map((v) => v.date));
    if (threat.validation[latest].result !== 'succeeded') continue;
    const seq = asSeq(getValue(threat.node, 'validation'));
    const entry = seq?.items[latest];
    const status = indexOfKey(threat.node, 'status');
    const statusValue = status < 0 ? undefined : valueAt(threat.node, status);
    const anchor = entry ?? statusValue ?? threat.node;
    const v = threat.validation[latest];
    out.push({
      code: 'validation-attack-succeeded',
      severity: 'warning',
      message: `Threat \`${threat.id}\` is marked mitigated, but its latest validation${v.date ? ` (${v.date}${v.source ? `, ${v.source}` : ''})` : ''} shows the attack succeeding: the mitigation is not effective.`,
      start: anchor.start,
      end: entry ? Math.min(anchor.end, lineEndOf(doc.text, anchor.start)) : anchor.end,
      data: { threat: threat.id, index: latest },
      related: statusValue ? [{ start: statusValue.start, end: statusValue.end, message: 'Status set here.' }] : undefined,
    });
  }
  return out;
});

/** The latest entry: the greatest date (YYYY-MM-DD sorts as text); ties and undated: the last one. */
function latestIndex(dates: (string | undefined)[]): number {
  let best = dates.length - 1;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i];
    const b = dates[best];
    if (d !== undefined && (b === undefined || d > b)) best = i;
    else if (d !== undefined && d === b && i > best) best = i;
  }
  return best;
}

function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}
