// Completion at a cursor: keys valid in the enclosing mapping that are not yet present, enum and
// boolean values, ids for reference fields, STRIDE / LINDDUN category names. The context comes
// from the text around the cursor (see context.ts), so it works while the YAML is broken; ids come
// from the last good parse passed in; ATLAS and OWASP LLM ids from the catalogs in use. Offsets
// only; adapters convert to LSP.
import { atlasCatalog } from '../catalog/atlas';
import { categoryInfo } from '../catalog/categories';
import { owaspLlm } from '../catalog/owasp';
import type { ParsedDocument } from '../document';
import { idsOf } from '../model/symbols';
import {
  ATLAS_MITIGATION_PATTERN,
  ATLAS_TECHNIQUE_PATTERN,
  fieldsAtPath,
  KIND_LABEL,
  OWASP_LLM_PATTERN,
  specAtPath,
  type FieldSpec,
  type RefKind,
} from '../schema/fields';
import { itemsAround, keysBelow, lineShape, Lines, pathAbove, type PathSegment } from './context';
// hover.ts imports describeSpec from here; the cycle only involves function declarations.
import { escapeMarkdown } from './hover';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'enum' | 'boolean' | 'id' | 'category';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  /** insertText is a snippet ($1, ${1|a,b|}, $0); its lines carry their full indentation. */
  snippet: boolean;
  /** The text replaced by insertText. */
  start: number;
  end: number;
  /** Open completion again after inserting (the value of an enum or reference key comes next). */
  retrigger?: boolean;
  sortText?: string;
  /** Text the client filters on (defaults to the label). */
  filterText?: string;
}

const ID_CHARS = /[A-Za-z0-9_.:-]*$/;
const ID_CHARS_AFTER = /^[A-Za-z0-9_.:-]*/;
const KEY_CHARS_AFTER = /^[A-Za-z0-9_-]*/;

/** Human-readable type of a field, for completion details. */
export function describeSpec(spec: FieldSpec): string {
  switch (spec.type) {
    case 'enum':
      return spec.oneOrMany ? `one or more of: ${spec.values.join(', ')}` : `one of: ${spec.values.join(', ')}`;
    case 'ref': {
      const what = spec.to.map((k) => `${KIND_LABEL[k]} id`).join(' or ');
      return spec.oneOrMany ? `${what}(s)` : what;
    }
    case 'id':
      return 'id';
    case 'string-list':
      return spec.oneOrMany ? 'text or list of texts' : 'list of texts';
    case 'list':
      return 'list';
    case 'map':
      return 'mapping';
    case 'boolean':
      return 'true / false';
    case 'date':
      return 'date (YYYY-MM-DD)';
    default:
      return spec.type;
  }
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

function placeholder(spec: FieldSpec, n: number): string {
  if (spec.type === 'enum' && !spec.oneOrMany) return `\${${n}|${spec.values.map(escapeSnippet).join(',')}|}`;
  if (spec.type === 'boolean') return `\${${n}|true,false|}`;
  return `$${n}`;
}

/** The snippet for a new mapping's fields: the required ones (or all, when none is required). */
function mapBody(fields: Record<string, FieldSpec>, indent: string, counter: { n: number }, firstLinePrefix: string): string[] {
  const entries = Object.entries(fields);
  let chosen = entries.filter(([, s]) => s.required);
  if (chosen.length === 0) chosen = entries.filter(([, s]) => s.type !== 'map' && s.type !== 'list').slice(0, 5);
  return chosen.map(([key, spec], i) => `${i === 0 ? firstLinePrefix : indent}${key}: ${placeholder(spec, counter.n++)}`);
}

/** What to insert for a key: `key: ` for scalars, a small block snippet for lists and mappings. */
function keyInsert(key: string, spec: FieldSpec, keyCol: number): { text: string; snippet: boolean; retrigger: boolean } {
  const base = ' '.repeat(keyCol);
  const counter = { n: 1 };
  if (spec.type === 'list' && spec.item.type === 'map') {
    const body = mapBody(spec.item.fields(), `${base}    `, counter, `${base}  - `);
    return { text: `${key}:\n${body.join('\n')}`, snippet: true, retrigger: false };
  }
  if (spec.type === 'map') {
    const body = mapBody(spec.fields(), `${base}  `, counter, `${base}  `);
    return { text: `${key}:\n${body.join('\n')}`, snippet: true, retrigger: false };
  }
  if (spec.type === 'string-list' && !spec.oneOrMany) {
    return { text: `${key}:\n${base}  - $0`, snippet: true, retrigger: false };
  }
  if ((spec.type === 'enum' || spec.type === 'ref' || spec.type === 'string-list') && spec.oneOrMany && key !== 'target' && key !== 'ml_role') {
    return { text: `${key}: [$0]`, snippet: true, retrigger: spec.type !== 'string-list' };
  }
  return { text: `${key}: `, snippet: false, retrigger: spec.type === 'enum' || spec.type === 'ref' || spec.type === 'boolean' };
}

function keyEntries(
  fields: Record<string, FieldSpec>,
  present: Set<string>,
  start: number,
  end: number,
  keyCol: number,
  mode: 'block' | 'keyOnly' | 'flow',
): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  Object.entries(fields).forEach(([key, spec], i) => {
    if (present.has(key)) return;
    const insert =
      mode === 'keyOnly'
        ? { text: key, snippet: false, retrigger: false }
        : mode === 'flow'
          ? { text: `${key}: `, snippet: false, retrigger: spec.type === 'enum' || spec.type === 'ref' || spec.type === 'boolean' }
          : keyInsert(key, spec, keyCol);
    out.push({
      label: key,
      kind: 'key',
      detail: `${spec.required ? 'required' : 'optional'} · ${describeSpec(spec)}`,
      documentation: spec.doc,
      insertText: insert.text,
      snippet: insert.snippet,
      retrigger: insert.retrigger || undefined,
      start,
      end,
      sortText: `${spec.required ? '0' : '1'}${String(i).padStart(3, '0')}`,
    });
  });
  return out.sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
}

function categoryDoc(value: string): string | undefined {
  const info = categoryInfo(value);
  if (!info) return undefined;
  const framework = info.framework === 'stride' ? 'STRIDE' : 'LINDDUN';
  return `**${info.name}** (${framework} ${info.letter}) — violates *${info.property}*.\n\n${info.summary}`;
}

function describeId(doc: ParsedDocument | undefined, kind: RefKind, id: string): string | undefined {
  if (!doc) return undefined;
  const idx = doc.model.index;
  switch (kind) {
    case 'element': {
      const e = idx.elements.get(id);
      return e ? [e.name, e.type, ...e.mlRoles].filter(Boolean).join(' · ') : undefined;
    }
    case 'flow': {
      const f = idx.flows.get(id);
      return f ? `${f.name ? `${f.name} · ` : ''}${f.from} -> ${f.to}` : undefined;
    }
    case 'data_asset': {
      const a = idx.dataAssets.get(id);
      return a ? [a.name, a.classification].filter(Boolean).join(' · ') : undefined;
    }
    case 'boundary': {
      const b = idx.boundaries.get(id);
      return b ? [b.name, b.kind].filter(Boolean).join(' · ') : undefined;
    }
    case 'threat': {
      const t = idx.threats.get(id);
      return t ? [t.title, t.status].filter(Boolean).join(' · ') : undefined;
    }
    case 'mitigation': {
      const m = idx.mitigations.get(id);
      return m ? [m.title, m.status].filter(Boolean).join(' · ') : undefined;
    }
    case 'attack_tree':
      return idx.attackTrees.get(id)?.goal;
  }
}

/** Value entries for a field: enum values, booleans, or ids of the referenced kinds. */
function valueEntries(
  spec: FieldSpec,
  doc: ParsedDocument | undefined,
  exclude: Set<string>,
  start: number,
  end: number,
  lead: string,
): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  if (spec.type === 'enum') {
    spec.values.forEach((value, i) => {
      if (exclude.has(value)) return;
      const category = categoryDoc(value);
      out.push({
        label: value,
        kind: category ? 'category' : 'enum',
        detail: category ? categoryInfo(value)!.name : undefined,
        documentation: category ?? spec.doc,
        insertText: lead + value,
        snippet: false,
        start,
        end,
        sortText: String(i).padStart(3, '0'),
        filterText: value,
      });
    });
  } else if (spec.type === 'boolean') {
    for (const value of ['true', 'false']) {
      out.push({ label: value, kind: 'boolean', documentation: spec.doc, insertText: lead + value, snippet: false, start, end, filterText: value });
    }
  } else if (spec.type === 'string-list' && spec.pattern) {
    out.push(...catalogIdEntries(spec.pattern, exclude, start, end, lead));
  } else if (spec.type === 'ref' && doc) {
    for (const kind of spec.to) {
      for (const id of idsOf(doc.symbols, [kind])) {
        if (exclude.has(id)) continue;
        out.push({
          label: id,
          kind: 'id',
          detail: `${KIND_LABEL[kind]}${describeId(doc, kind, id) ? ` · ${describeId(doc, kind, id)}` : ''}`,
          insertText: lead + id,
          snippet: false,
          start,
          end,
          filterText: id,
        });
      }
    }
  }
  return out;
}

interface CatalogId {
  id: string;
  name: string;
  documentation: string;
}

/** The framework ids a pattern-checked list takes (a threat's or a mitigation's `atlas:`, `owasp_llm:`). */
function catalogIds(pattern: RegExp): CatalogId[] {
  try {
    if (pattern === ATLAS_TECHNIQUE_PATTERN) {
      const catalog = atlasCatalog();
      const tactic = new Map(catalog.tactics.map((t) => [t.id, t.name]));
      const technique = new Map(catalog.techniques.map((t) => [t.id, t.name]));
      return catalog.techniques.map((t) => ({
        id: t.id,
        // A sub-technique's own name ("Direct") needs its parent's to make sense.
        name: t.parent && technique.has(t.parent) ? `${technique.get(t.parent)}: ${t.name}` : t.name,
        documentation: [
          `**${escapeMarkdown(t.parent && technique.has(t.parent) ? `${technique.get(t.parent)}: ${t.name}` : t.name)}** — MITRE ATLAS ${t.parent ? 'sub-technique' : 'technique'} \`${t.id}\``,
          t.tactics.length ? `Tactics: ${t.tactics.map((id) => escapeMarkdown(tactic.get(id) ?? id)).join(', ')}` : '',
          escapeMarkdown(t.summary ?? ''),
        ].filter(Boolean).join('\n\n'),
      }));
    }
    if (pattern === ATLAS_MITIGATION_PATTERN) {
      return atlasCatalog().mitigations.map((m) => ({
        id: m.id,
        name: m.name,
        documentation: [`**${escapeMarkdown(m.name)}** — MITRE ATLAS mitigation \`${m.id}\``, escapeMarkdown(m.summary ?? '')].filter(Boolean).join('\n\n'),
      }));
    }
    if (pattern === OWASP_LLM_PATTERN) {
      return owaspLlm().map((o) => ({
        id: o.short,
        name: o.name,
        documentation: [
          `**${escapeMarkdown(o.name)}** — OWASP Top 10 for LLM Applications \`${o.id}\``,
          escapeMarkdown(o.summary),
          o.atlas.length ? `MITRE ATLAS: ${o.atlas.map((a) => `\`${a}\``).join(', ')}` : '',
        ].filter(Boolean).join('\n\n'),
      }));
    }
  } catch {
    // A broken catalog gives no completions; the catalog tests report it.
  }
  return [];
}

/** Completion entries for framework ids, from the catalog in use (bundled or user-imported ATLAS). */
function catalogIdEntries(pattern: RegExp, exclude: Set<string>, start: number, end: number, lead: string): CompletionEntry[] {
  return catalogIds(pattern)
    .filter((c) => !exclude.has(c.id))
    .map((c, i) => ({
      label: c.id,
      kind: 'category' as const,
      detail: c.name,
      documentation: c.documentation,
      insertText: lead + c.id,
      snippet: false,
      start,
      end,
      sortText: String(i).padStart(4, '0'),
      // Typing part of the name finds the id too (`prompt` -> AML.T0051).
      filterText: `${c.id} ${c.name}`,
    }));
}

/** Items already written in a flow list before and after the cursor (`[M1, M2, |]`). */
function flowItems(value: string): Set<string> {
  const out = new Set<string>();
  for (const part of value.replace(/^\[/, '').replace(/\].*$/, '').split(',')) {
    const v = part.trim().replace(/^["']|["']$/g, '');
    if (v) out.add(v);
  }
  return out;
}

/**
 * Completion entries at `offset` of `text`. `model` is the last good parse of the document (or the
 * current one when it is good): it supplies the ids for reference fields.
 */
export function complete(text: string, offset: number, model?: ParsedDocument): CompletionEntry[] {
  if (offset < 0 || offset > text.length) return [];
  const lines = new Lines(text);
  const [lineStart, lineEnd] = lines.bounds(offset);
  const prefix = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);
  if (/(^|\s)#/.test(prefix)) return []; // in a comment
  const shape = lineShape(prefix);

  // 1. A value after `key:` on this line.
  if (shape.key !== undefined && shape.inlineValue !== undefined) {
    const keyCol = shape.keyCol!;
    const base = structurePath(lines, lineStart, lineEnd, shape, keyCol);
    if (!base) return [];
    const spec = specAtPath([...base.path, shape.key]);
    if (!spec) return [];
    const valueText = prefix.slice(prefix.indexOf(':', keyCol + shape.key.length) + 1);
    if (/^\s*[|>]/.test(valueText)) return []; // block scalar text
    if (valueText.trimStart().startsWith('{')) {
      return flowMapEntries([...base.path, shape.key], valueText.trimStart(), after, offset, model);
    }
    const lead = valueText === '' ? ' ' : '';
    const partial = ID_CHARS.exec(valueText)![0];
    const start = offset - partial.length;
    const end = offset + ID_CHARS_AFTER.exec(after)![0].length;
    const inFlow = valueText.trimStart().startsWith('[');
    if (inFlow && !/[[,]\s*[A-Za-z0-9_.:-]*$/.test(valueText)) return [];
    if (!inFlow && /\s/.test(valueText.trim()) && spec.type !== 'enum') return [];
    const exclude = inFlow ? flowItems(valueText.trimStart() + after) : new Set<string>();
    exclude.delete(partial);
    return valueEntries(spec, model, exclude, start, end, lead);
  }

  // A flow mapping as a list item (`- { result: |`).
  if (shape.dashes.length > 0 && prefix.slice(shape.contentCol).startsWith('{')) {
    const listPath = pathAbove(lines, lineStart, { col: shape.dashes[0], mode: 'seq' });
    if (!listPath) return [];
    const mapPath: PathSegment[] = [...listPath];
    for (let k = 0; k < shape.dashes.length; k++) mapPath.push(0);
    return flowMapEntries(mapPath, prefix.slice(shape.contentCol), after, offset, model);
  }

  // 2. A key being typed (or an item of a scalar list after `- `).
  if (!/^[\s-]*[A-Za-z0-9_-]*$/.test(prefix)) return [];
  if (/^\s*-$/.test(prefix) && shape.dashes.length === 0) {
    // `-` just typed: offer list items with the space that completes the indicator.
    const col = prefix.indexOf('-');
    const listPath = pathAbove(lines, lineStart, { col, mode: 'seq' });
    const spec = listPath ? specAtPath(listPath) : undefined;
    if (!spec || isMapList(spec)) return [];
    const exclude = itemsAround(lines, lineStart, lineEnd, col);
    return valueEntries(itemSpec(spec), model, exclude, offset, offset, ' ');
  }
  // Right after a list dash (`-` is a trigger character): insert after it, with the space the
  // indicator needs, instead of taking the dash for the start of a word and replacing it.
  const bareDash = shape.dashes.length > 0 && shape.dashes[shape.dashes.length - 1] === prefix.length - 1;
  const dashLead = bareDash ? ' ' : '';
  const partial = bareDash ? '' : /[A-Za-z0-9_-]*$/.exec(prefix)![0];
  const keyCol = offset - lineStart - partial.length + dashLead.length;
  const start = offset - partial.length;
  const restWord = (shape.dashes.length > 0 ? ID_CHARS_AFTER : KEY_CHARS_AFTER).exec(after)![0];
  const end = offset + restWord.length;
  const keyOnly = /^\s*:/.test(after.slice(restWord.length));

  if (shape.dashes.length > 0) {
    const dashCol = shape.dashes[shape.dashes.length - 1];
    const listPath = pathAbove(lines, lineStart, { col: shape.dashes[0], mode: 'seq' });
    if (!listPath) return [];
    const path: PathSegment[] = [...listPath];
    for (let k = 1; k < shape.dashes.length; k++) path.push(0);
    const spec = specAtPath(path);
    if (!spec) return [];
    if (!isMapList(spec)) {
      if (shape.dashes.length > 1) return [];
      const exclude = itemsAround(lines, lineStart, lineEnd, dashCol);
      exclude.delete(partial);
      return valueEntries(itemSpec(spec), model, exclude, start, offset + ID_CHARS_AFTER.exec(after)![0].length, dashLead);
    }
    const fields = fieldsAtPath([...path, 0]);
    if (!fields) return [];
    const present = new Set<string>();
    keysBelow(lines, lineEnd, keyCol, present);
    const entries = keyEntries(fields, present, start, end, keyCol, keyOnly ? 'keyOnly' : 'block');
    return dashLead ? entries.map((e) => ({ ...e, insertText: dashLead + e.insertText, filterText: e.label })) : entries;
  }

  const present = new Set<string>();
  const path = pathAbove(lines, lineStart, { col: keyCol, mode: 'map' }, present);
  if (!path) return [];
  keysBelow(lines, lineEnd, keyCol, present);
  const fields = fieldsAtPath(path);
  if (!fields) return [];
  present.delete(partial);
  return keyEntries(fields, present, start, end, keyCol, keyOnly ? 'keyOnly' : 'block');
}

/** Inside a one-line flow mapping (`dread: { damage: 8, re|`): its keys, or the value of one. */
function flowMapEntries(
  mapPath: PathSegment[],
  valueText: string,
  after: string,
  offset: number,
  model: ParsedDocument | undefined,
): CompletionEntry[] {
  const inner = valueText.slice(1);
  if (/[[\]{}]/.test(inner)) return []; // nested flow collections: not completed
  const segment = inner.slice(inner.lastIndexOf(',') + 1);
  const colon = segment.indexOf(':');
  if (colon >= 0) {
    const spec = specAtPath([...mapPath, segment.slice(0, colon).trim()]);
    const value = segment.slice(colon + 1);
    if (!spec || /\S\s/.test(value.trim())) return [];
    const partial = ID_CHARS.exec(value)![0];
    return valueEntries(spec, model, new Set(), offset - partial.length, offset + ID_CHARS_AFTER.exec(after)![0].length, value === '' ? ' ' : '');
  }
  const fields = fieldsAtPath(mapPath);
  if (!fields) return [];
  const present = new Set<string>();
  for (const m of (inner + after.replace(/}.*$/, '')).matchAll(/([A-Za-z0-9_-]+)\s*:/g)) present.add(m[1]);
  const partial = /[A-Za-z0-9_-]*$/.exec(segment)![0];
  present.delete(partial);
  const lead = segment === '' ? ' ' : '';
  return keyEntries(fields, present, offset - partial.length, offset + KEY_CHARS_AFTER.exec(after)![0].length, 0, 'flow').map((e) => ({
    ...e,
    insertText: lead + e.insertText,
    filterText: e.label,
  }));
}

function isMapList(spec: FieldSpec): boolean {
  return spec.type === 'list' && spec.item.type === 'map';
}

/** The spec of one item of a list-like field (a oneOrMany field's items have its own spec). */
function itemSpec(spec: FieldSpec): FieldSpec {
  return spec.type === 'list' ? spec.item : spec;
}

/** The path of the mapping holding the key on the cursor line. */
function structurePath(
  lines: Lines,
  lineStart: number,
  _lineEnd: number,
  shape: ReturnType<typeof lineShape>,
  keyCol: number,
): { path: PathSegment[] } | undefined {
  if (shape.dashes.length > 0) {
    const listPath = pathAbove(lines, lineStart, { col: shape.dashes[0], mode: 'seq' });
    if (!listPath) return undefined;
    const path = [...listPath];
    for (let k = 0; k < shape.dashes.length; k++) path.push(0);
    return { path };
  }
  const path = pathAbove(lines, lineStart, { col: keyCol, mode: 'map' });
  return path ? { path } : undefined;
}
