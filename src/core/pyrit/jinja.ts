// PyRIT renders seed values as Jinja2 templates when it loads a dataset. Free text that contains
// template syntax is wrapped in a raw block so it reaches the target exactly as written.
const TEMPLATE = /\{\{|\{%|\{#|%\}|\}\}|#\}/;

export function escapeForJinja(text: string): string {
  if (!TEMPLATE.test(text)) return text;
  // A raw block ends at the first `{% endraw %}` (any spacing, `-` trim markers): break such
  // sequences inside the text so they cannot close the block early.
  const safe = text.replace(/\{%(-?)(\s*)endraw/g, '{%$1$2end\u200braw');
  return `{% raw %}${safe}{% endraw %}`;
}

/** A YAML double-quoted scalar (JSON string syntax is valid YAML), safe for any text. */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
