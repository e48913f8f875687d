// Escaping user text for Mermaid labels. Mermaid reads `#NN;` as a character entity before it
// parses anything, so every ASCII character other than letters, digits and space is written as
// its numeric entity: quotes, brackets, pipes, `%%`, backticks, `<`, `>`, `&`, `;` and `#` can
// then never end a label, start a directive, open a markdown string or become markup. Control
// characters, line breaks and bidirectional overrides become spaces. Labels are also bounded.

const SAFE_ASCII = /[A-Za-z0-9 ]/;
/** Text that needs no escaping at all (most ids and names): returned as it is. */
const ALL_SAFE = /^[A-Za-z0-9 ]*$/;
// C0/C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates, BOM.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

export const MAX_LABEL_CHARS = 80;

/** Shortens text to `max` code points (ellipsis at the end) after collapsing whitespace. */
export function clip(text: string, max = MAX_LABEL_CHARS): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  // A text of at most `max` UTF-16 units has at most `max` code points: no need to split it
  // (a large diagram clips tens of thousands of labels; splitting each made most of its garbage).
  if (collapsed.length <= max) return collapsed;
  const chars = Array.from(collapsed);
  return chars.length <= max ? collapsed : chars.slice(0, max - 1).join('') + '…';
}

/** One line of label text, safe to place between the quotes of a Mermaid label. */
export function escapeLabel(text: string, max = MAX_LABEL_CHARS): string {
  const clipped = clip(text, max);
  if (ALL_SAFE.test(clipped)) return clipped;
  let out = '';
  for (const ch of clipped) {
    const code = ch.codePointAt(0)!;
    if (code < 128) out += SAFE_ASCII.test(ch) ? ch : INVISIBLE.test(ch) ? ' ' : `#${code};`;
    else out += INVISIBLE.test(ch) ? ' ' : ch;
  }
  return out;
}

/** Several label lines joined with Mermaid's line break (ours, never from user text). */
export function labelLines(lines: string[]): string {
  return lines.filter((l) => l.length > 0).join('<br/>');
}
