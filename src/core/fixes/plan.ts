// Building a fix out of several edit steps: each step is computed on the text as the previous
// steps left it (so a second mitigation goes after the first, a section created by the first step
// is reused), and the result is composed back into edits on the ORIGINAL text.
import { parseDocument, type ParsedDocument } from '../document';
import { applyEdits, type TextEdit } from '../edits';

export class EditPlan {
  private current: ParsedDocument;
  private composed: TextEdit[] = [];

  constructor(readonly original: ParsedDocument) {
    this.current = original;
  }

  /** The document as the steps so far left it. */
  get doc(): ParsedDocument {
    return this.current;
  }

  /** Runs one step on the current document; returns false when it produced no edit. */
  step(compute: (doc: ParsedDocument) => TextEdit[]): boolean {
    const edits = compute(this.current);
    if (edits.length === 0) return false;
    const text = applyEdits(this.current.text, edits);
    this.composed = compose(this.original.text, this.composed, edits);
    this.current = parseDocument(text);
    return true;
  }

  /** Edits on the original text that produce the current text. */
  edits(): TextEdit[] {
    return this.composed;
  }
}

/**
 * Composes `second` (edits on applyEdits(original, first)) with `first` into edits on `original`.
 * An edit that falls inside (or touches) text inserted by `first` is merged into that insertion;
 * others are mapped back by the length change before them. When an edit straddles an inserted
 * region and untouched text, falls back to one edit covering the changed span.
 */
export function compose(original: string, first: readonly TextEdit[], second: readonly TextEdit[]): TextEdit[] {
  const firstSorted = first.map((e) => ({ ...e })).sort((a, b) => a.start - b.start || a.end - b.end);
  const regions: { edit: TextEdit; start: number; end: number; deltaBefore: number }[] = [];
  let delta = 0;
  for (const e of firstSorted) {
    const start = e.start + delta;
    regions.push({ edit: e, start, end: start + e.newText.length, deltaBefore: delta });
    delta += e.newText.length - (e.end - e.start);
  }
  const mapped: TextEdit[] = [];
  const secondSorted = second.map((e) => ({ ...e })).sort((a, b) => b.start - a.start || b.end - a.end);
  for (const e of secondSorted) {
    const inside = regions.find((r) => e.start >= r.start && e.end <= r.end);
    if (inside) {
      const t = inside.edit.newText;
      inside.edit.newText = t.slice(0, e.start - inside.start) + e.newText + t.slice(e.end - inside.start);
      continue;
    }
    if (regions.some((r) => e.start < r.end && e.end > r.start)) return [diffEdit(original, applyEdits(applyEdits(original, first), second))];
    let shift = 0;
    for (const r of regions) if (r.end <= e.start) shift = r.deltaBefore + r.edit.newText.length - (r.edit.end - r.edit.start);
    mapped.push({ start: e.start - shift, end: e.end - shift, newText: e.newText });
  }
  // Mapped edits come before first-step edits at the same offset only when they end before them.
  return [...mapped.reverse(), ...firstSorted].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** One edit that turns `a` into `b` (common prefix and suffix kept). */
export function diffEdit(a: string, b: string): TextEdit {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  return { start, end: endA, newText: b.slice(start, endB) };
}
