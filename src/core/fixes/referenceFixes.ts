// Fixes for schema and reference diagnostics: "Change to <closest>" for a likely typo (unknown
// key, invalid value, unresolved reference), and "Create <kind> <id>" for a reference to an entry
// that does not exist yet.
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import { appendToTopLevelList, formatYamlScalar, type TextEdit } from '../edits';
import { ID_PATTERN, KIND_LABEL, SECTION_OF_KIND, type RefKind } from '../schema/fields';
import { humanise } from './suggestions';
import type { Fix } from './types';

/** Replaces the diagnostic's text (a key or a scalar value) with `value`, keeping any quotes. */
function replaceWith(doc: ParsedDocument, d: Diagnostic, value: string): TextEdit[] {
  const text = doc.text;
  if (text.slice(d.start, d.end) === value) return [];
  const q = text[d.start - 1];
  const quoted = (q === '"' || q === "'") && text[d.end] === q;
  const safeInQuotes = !/['"\\]/.test(value);
  if (quoted && safeInQuotes) return [{ start: d.start, end: d.end, newText: value }];
  return [{ start: quoted ? d.start - 1 : d.start, end: quoted ? d.end + 1 : d.end, newText: formatYamlScalar(value) }];
}

export function changeToFix(doc: ParsedDocument, d: Diagnostic): Fix[] {
  const suggestion = d.data?.suggestion;
  if (typeof suggestion !== 'string' || suggestion === '') return [];
  const edits = replaceWith(doc, d, suggestion);
  return edits.length ? [{ title: `Change to '${suggestion}'`, kind: 'quickfix', edits, isPreferred: true, answers: [d.code] }] : [];
}

const CREATABLE: RefKind[] = ['mitigation', 'element', 'data_asset', 'boundary'];

function entryYaml(kind: RefKind, id: string): string {
  const idLine = `id: ${formatYamlScalar(id)}`;
  const title = formatYamlScalar(humanise(id.replace(/[-.:]/g, '_')));
  switch (kind) {
    case 'mitigation':
      return [idLine, `title: ${title}`, 'status: proposed'].join('\n');
    case 'element':
      return [idLine, `name: ${title}`, 'type: process'].join('\n');
    default:
      return [idLine, `name: ${title}`].join('\n');
  }
}

export function unresolvedReferenceFixes(doc: ParsedDocument, d: Diagnostic): Fix[] {
  const out = changeToFix(doc, d);
  const id = typeof d.data?.id === 'string' ? d.data.id : doc.text.slice(d.start, d.end);
  const kinds = Array.isArray(d.data?.kinds) ? (d.data.kinds as RefKind[]) : [];
  if (!ID_PATTERN.test(id)) return out;
  for (const kind of kinds.filter((k) => CREATABLE.includes(k))) {
    const edits = appendToTopLevelList(doc, SECTION_OF_KIND[kind], entryYaml(kind, id));
    if (edits.length) out.push({ title: `Create ${KIND_LABEL[kind]} ${id}`, kind: 'quickfix', edits, answers: [d.code] });
  }
  return out;
}
