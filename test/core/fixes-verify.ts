// Shared checks for quick-fix tests: apply a fix, and verify what every fix must guarantee.
import * as assert from 'node:assert/strict';
import { applyEdits, checkDocument, parseDocument, type Diagnostic, type TextEdit } from '../../src/core';
import { fixesFor, type Fix } from '../../src/core/fixes';

export const NOW = new Date('2025-01-01T00:00:00Z');

/** Same code and same subject (threat, mitigation, element, flow or reference id). */
function sameFinding(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.message === b.message;
}

/** Bytes outside the edited ranges are unchanged: checks the output piece by piece. */
export function assertOnlyEditedRanges(before: string, after: string, edits: readonly TextEdit[]): void {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let i = 0;
  let j = 0;
  for (const e of sorted) {
    const keep = before.slice(i, e.start);
    assert.equal(after.slice(j, j + keep.length), keep, 'unchanged text before an edit');
    j += keep.length + e.newText.length;
    i = e.end;
  }
  assert.equal(after.slice(j), before.slice(i), 'unchanged text after the last edit');
}

/** Applies a fix and checks: the diagnostic is gone, no new error, and the fix is not offered again. */
export function applyAndVerify(text: string, d: Diagnostic, fix: Fix): string {
  const before = checkDocument(parseDocument(text));
  const out = applyEdits(text, fix.edits);
  assertOnlyEditedRanges(text, out, fix.edits);
  const doc = parseDocument(out);
  assert.ok(doc.yaml.ok, `still parses:\n${out}`);
  const after = checkDocument(doc);
  assert.ok(!after.some((a) => sameFinding(a, d)), `'${d.code}' is gone after '${fix.title}':\n${out}`);
  const newErrors = after.filter((a) => a.severity === 'error' && !before.some((b) => b.code === a.code && b.message === a.message));
  assert.deepEqual(newErrors.map((e) => `${e.code}: ${e.message}`), [], `no new error after '${fix.title}'`);
  // Idempotent: the same fix computed again for the same subject on the result does nothing.
  const subject = d.data && ['threatId', 'mitigationId', 'elementId', 'flowId'].some((k) => k in d.data!);
  if (subject) {
    for (const f of fixesFor(doc, d, { now: NOW })) {
      if (f.title === fix.title) assert.deepEqual(f.edits, [], `'${fix.title}' twice`);
    }
  }
  return out;
}

