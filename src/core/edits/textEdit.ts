// A text edit on the original text, by offsets, and applying a set of them. Every change the
// product makes to a model file is expressed as a few of these, so everything outside the
// replaced ranges stays byte-identical.

export interface TextEdit {
  /** Offset of the first replaced character in the ORIGINAL text. */
  start: number;
  /** Offset after the last replaced character (start === end for an insertion). */
  end: number;
  newText: string;
}

/**
 * Applies non-overlapping edits given in any order. Two insertions at the same offset are applied
 * in the order given. Throws a RangeError for overlapping or out-of-range edits (a bug in the
 * caller, never something a user's file can cause).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const { e } of sorted) {
    if (e.start < cursor || e.end < e.start || e.end > text.length || e.start < 0) {
      throw new RangeError(`Overlapping or invalid edit ${e.start}-${e.end} (text length ${text.length}).`);
    }
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

/** Whether two edit sets overlap (used to merge fixes into one "fix all" edit safely). */
export function overlaps(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.start < y.end && y.start < x.end) return true;
      // Two insertions at the same offset would be ordered arbitrarily: treat them as overlapping.
      if (x.start === y.start && (x.start === x.end || y.start === y.end)) return true;
    }
  }
  return false;
}
