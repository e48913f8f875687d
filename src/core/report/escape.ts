// Escaping user text for Markdown and HTML output. Model files are untrusted: no user string may
// become markup, a link, a table column or a script in a report.

/**
 * Characters with meaning anywhere in a line of (GitHub-flavoured) Markdown, escaped with a
 * backslash: emphasis, code, links/images (`[`), table cells, strikethrough and math (`$`).
 * `(`, `)`, `!` and `-` only matter next to those or at the start of a line (handled below).
 */
const MD_SPECIAL = /[\\`*_[\]|~$]/g;
/** Invisible controls, line separators and bidirectional overrides (shown as spaces). */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Inline Markdown text: one line (newlines folded), every special character neutralised. */
export function mdInline(text: string | undefined): string {
  if (text === undefined) return '';
  return mdLine(text.replace(/\r\n?|\n/g, ' ').replace(/\s+/g, ' ').trim());
}

/** Anything `mdLine` would change: an invisible, `& < >`, a Markdown special, or a line-start marker. */
const MD_NEEDS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff&<>\\`*_[\]|~$]|^\s*(?:\d+[.)]|[-+=#:])/;

function mdLine(line: string): string {
  // Most lines (ids, names) need nothing; the replacements below would each copy them.
  if (!MD_NEEDS.test(line)) return line;
  return line
    .replace(INVISIBLE, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MD_SPECIAL, (c) => `\\${c}`)
    .replace(/^(\s*\d+)([.)])/, '$1\\$2')
    .replace(/^(\s*)([-+=#:])/, '$1\\$2');
}

/** A Markdown table cell: inline text, with line breaks kept as `<br>` (ours). */
export function mdCell(text: string | undefined): string {
  if (text === undefined || text === '') return '';
  return text
    .split(/\r\n?|\n/)
    .map((l) => mdLine(l.replace(/\s+/g, ' ').trim()))
    .filter((l) => l.length > 0)
    .join('<br>');
}

/** A Markdown block of text: paragraphs kept (blank lines), lines escaped, leading spaces dropped. */
export function mdBlock(text: string | undefined): string {
  if (text === undefined) return '';
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((para) =>
      para
        .split('\n')
        .map((l) => mdLine(l.trim()))
        .filter((l) => l.length > 0)
        .join('  \n'),
    )
    .filter((p) => p.length > 0)
    .join('\n\n');
}

/** Inline code for ids: backticks cannot appear inside (ids are restricted, but be safe). */
export function mdCode(text: string): string {
  // Only well-formed ids go in a code span; anything else (an invalid id) is escaped text.
  return /^[A-Za-z0-9_.:\-/]+$/.test(text) ? `\`${text}\`` : mdInline(text);
}

/** Full HTML entity escaping, valid in text and in quoted attribute values. */
/** Anything `html` would change: an invisible or a character with meaning in HTML. */
const HTML_NEEDS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff&<>"'`]/;

export function html(text: string | number | undefined): string {
  if (text === undefined) return '';
  const s = String(text);
  if (!HTML_NEEDS.test(s)) return s;
  return s
    .replace(INVISIBLE, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/`/g, '&#96;');
}
