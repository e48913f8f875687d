// Minimal edits to a .threatmodel file, computed from the positioned tree: append an entry to a
// top-level list, add an id to an id list, set a scalar. Each follows the file's own layout (see
// style.ts), keeps comments and everything else byte-identical, and returns [] when the change is
// already there (so applying the same logical edit twice does nothing the second time).
import type { ParsedDocument } from '../document';
import { asMap, deref, getValue, pairOf, type YMap, type YNode, type YSeq } from '../yaml/tree';
import { formatYamlScalar } from './scalar';
import { colonAfter, column, detectStyle, lineEnd, lineStart, rawEnd, rawStart, type YamlStyle } from './style';
import type { TextEdit } from './textEdit';

/**
 * Appends one mapping to the top-level list `section` (creating the section at the end of the
 * model when it is missing, filling it when it is empty). `itemYaml` holds the mapping's lines
 * without the list indentation, nested lines indented by 2 per level (re-indented to the file's
 * width), e.g. "id: M3\ntitle: Rate limiting\natlas: [AML.M0004]". When its first line is
 * `id: X` and the section already has an entry with id X, nothing is done.
 */
export function appendToTopLevelList(doc: ParsedDocument, section: string, itemYaml: string): TextEdit[] {
  const text = doc.text;
  const root = asMap(doc.yaml.root);
  if (!doc.yaml.ok || !root || root.flow) return [];
  const lines = itemYaml.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) return [];
  const style = detectStyle(doc);
  const pair = pairOf(root, section);

  const newId = idOfItem(lines[0]);
  if (pair && newId !== undefined) {
    const seq = deref(pair.value);
    if (seq && seq.kind === 'seq') {
      for (const item of seq.items) {
        const id = asMap(item) && getValue(asMap(item), 'id');
        if (id && id.kind === 'scalar' && id.text === newId) return [];
      }
    }
  }

  const rootCol = root.pairs.length > 0 ? column(text, rawStart(root.pairs[0].key)) : 0;
  if (!pair) {
    const body = [`${' '.repeat(rootCol)}${section}:`, ...renderItem(lines, rootCol + style.seqIndent, style.dashGap, style)];
    const at = lineEnd(text, root.end);
    const prefix = at === 0 ? '' : style.eol;
    return [{ start: at, end: at, newText: prefix + body.join(style.eol) + (at === 0 ? style.eol : '') }];
  }
  if (pair.value.kind === 'alias') return [];
  const value = pair.value;
  const keyCol = column(text, rawStart(pair.key));
  const itemCol = keyCol + style.seqIndent;

  if ((value.kind === 'scalar' && (value.empty || value.value === null) && value.style === 1) || (value.kind === 'seq' && value.flow && value.items.length === 0)) {
    const colon = colonAfter(text, pair.key);
    if (colon < 0) return [];
    const edits: TextEdit[] = [];
    let at = lineEnd(text, colon);
    if (!(value.kind === 'scalar' && value.empty)) {
      // `threats: ~` or `threats: []`: drop the placeholder, keep any comment after it.
      const end = value.kind === 'seq' ? flowEnd(text, value) : rawEnd(text, value);
      edits.push({ start: colon, end, newText: '' });
      at = lineEnd(text, end);
    }
    edits.push({ start: at, end: at, newText: style.eol + renderItem(lines, itemCol, style.dashGap, style).join(style.eol) });
    return edits;
  }
  if (value.kind !== 'seq') return [];
  if (value.flow) {
    const flowItem = toFlowMapping(lines);
    if (!flowItem) return [];
    const last = value.items[value.items.length - 1];
    const at = rawEnd(text, last);
    return [{ start: at, end: at, newText: `, ${flowItem}` }];
  }
  return appendItemToBlockSeq(doc, value, lines);
}

/**
 * Appends an item (`lines`, written with 2 spaces per level) after the last item of a block
 * sequence, with the sequence's own dash column and dash-to-content gap.
 */
export function appendItemToBlockSeq(doc: ParsedDocument, seq: YSeq, lines: string[]): TextEdit[] {
  const text = doc.text;
  const style = detectStyle(doc);
  const first = seq.items[0];
  const dashCol = column(text, seq.start);
  let gap = style.dashGap;
  if (first && lineStart(text, rawStart(first)) === lineStart(text, seq.start)) gap = Math.max(2, rawStart(first) - seq.start);
  const last = seq.items[seq.items.length - 1];
  const at = lineEnd(text, last ? rawEnd(text, last) : seq.end);
  return [{ start: at, end: at, newText: style.eol + renderItem(lines, dashCol, gap, style).join(style.eol) }];
}

/**
 * Adds `id` to the id list under `key` in an entity (e.g. a threat's `mitigations`), in the
 * list's own style: `[M1, M2]` gets `, M3`; a block list gets a `- M3` line; a single id
 * `M1` becomes `[M1, M3]`; a missing or empty key gets a list. [] when the id is already listed.
 */
export function addToIdList(doc: ParsedDocument, entity: YMap, key: string, id: string): TextEdit[] {
  const text = doc.text;
  if (!doc.yaml.ok) return [];
  const item = formatYamlScalar(id);
  const pair = pairOf(entity, key);
  if (!pair) {
    const style = detectStyle(doc);
    if (!entity.flow && prefersBlockList(doc, key)) {
      return insertKey(doc, entity, [`${key}:`, `${' '.repeat(style.seqIndent)}-${' '.repeat(style.dashGap - 1)}${item}`]);
    }
    return insertKey(doc, entity, [`${key}: [${item}]`]);
  }
  const value = pair.value;
  if (value.kind === 'alias') return [];
  if (value.kind === 'scalar') {
    if (value.empty) {
      const colon = colonAfter(text, pair.key);
      return colon < 0 ? [] : [{ start: colon, end: colon, newText: ` [${item}]` }];
    }
    if (value.style !== 1 && value.style !== 2 && value.style !== 3) return [];
    if (value.text === id) return [];
    if (value.value === null) return [{ start: rawStart(value), end: rawEnd(text, value), newText: `[${item}]` }];
    return [
      { start: rawStart(value), end: rawStart(value), newText: '[' },
      { start: rawEnd(text, value), end: rawEnd(text, value), newText: `, ${item}]` },
    ];
  }
  if (value.kind !== 'seq') return [];
  if (value.items.some((i) => { const s = deref(i); return s?.kind === 'scalar' && s.text === id; })) return [];
  if (value.flow) {
    if (value.items.length === 0) return [{ start: value.start + 1, end: value.start + 1, newText: item }];
    const at = rawEnd(text, value.items[value.items.length - 1]);
    return [{ start: at, end: at, newText: `, ${item}` }];
  }
  return appendToBlockSeq(doc, value, item);
}

/**
 * Sets `key` to `valueYaml` (already YAML: use formatYamlScalar for strings) in an entity:
 * replaces the current value, or inserts `key: value` after the entity's last line.
 * [] when the value is already exactly that text.
 */
export function setScalar(doc: ParsedDocument, entity: YMap, key: string, valueYaml: string): TextEdit[] {
  const text = doc.text;
  if (!doc.yaml.ok) return [];
  const pair = pairOf(entity, key);
  if (!pair) return insertKey(doc, entity, [`${key}: ${valueYaml}`]);
  const value = pair.value;
  const start = rawStart(value);
  const end = rawEnd(text, value);
  if (value.kind === 'scalar' && value.empty) {
    const colon = colonAfter(text, pair.key);
    return colon < 0 ? [] : [{ start: colon, end: colon, newText: ` ${valueYaml}` }];
  }
  const singleLine = !/[\r\n]/.test(text.slice(start, end));
  if ((value.kind === 'scalar' && value.style <= 3 && singleLine) || value.kind === 'alias' || (singleLine && value.kind !== 'scalar')) {
    if (text.slice(start, end) === valueYaml) return [];
    return [{ start, end, newText: valueYaml }];
  }
  // A block scalar or a block collection: replace everything after the colon.
  const colon = colonAfter(text, pair.key);
  if (colon < 0) return [];
  return [{ start: colon, end, newText: ` ${valueYaml}` }];
}

/**
 * Inserts key lines at the end of an entity mapping. Lines are indented relative to the entity's
 * keys, already in the file's style (a flow-mapping entity gets `, key: value` instead).
 */
export function insertKey(doc: ParsedDocument, entity: YMap, keyLines: string[]): TextEdit[] {
  const text = doc.text;
  if (entity.flow) {
    const entry = toFlowMapping(keyLines);
    if (!entry) return [];
    const inner = entry.slice(2, -2);
    if (entity.pairs.length === 0) return [{ start: entity.start + 1, end: entity.start + 1, newText: inner }];
    const last = entity.pairs[entity.pairs.length - 1];
    const at = last.value.kind === 'scalar' && last.value.empty ? rawEnd(text, last.key) : rawEnd(text, last.value);
    return [{ start: at, end: at, newText: `, ${inner}` }];
  }
  if (entity.pairs.length === 0) return [];
  const keyCol = column(text, rawStart(entity.pairs[0].key));
  const at = lineEnd(text, entity.end);
  const eol = detectStyle(doc).eol;
  return [{ start: at, end: at, newText: keyLines.map((l) => eol + ' '.repeat(keyCol) + l).join('') }];
}

function appendToBlockSeq(doc: ParsedDocument, seq: YSeq, itemYaml: string): TextEdit[] {
  const text = doc.text;
  const dashCol = column(text, seq.start);
  const first = seq.items[0];
  let gap = 2;
  if (first && lineStart(text, rawStart(first)) === lineStart(text, seq.start)) gap = Math.max(2, rawStart(first) - seq.start);
  const last = seq.items[seq.items.length - 1];
  const at = lineEnd(text, last ? rawEnd(text, last) : seq.end);
  const eol = detectStyle(doc).eol;
  return [{ start: at, end: at, newText: `${eol}${' '.repeat(dashCol)}-${' '.repeat(gap - 1)}${itemYaml}` }];
}

/** End of a flow collection, also when it is empty (`[]`, whose parsed end may stop at `[`). */
function flowEnd(text: string, node: YSeq): number {
  if (node.end > node.start + 1 || text[node.start] !== '[') return node.end;
  let i = node.start + 1;
  while (i < text.length && /[ \t\r\n]/.test(text[i])) i++;
  return text[i] === ']' ? i + 1 : node.end;
}

/** `- first line` at dashCol, the rest aligned with the first line's content. */
function renderItem(lines: string[], dashCol: number, gap: number, style: YamlStyle): string[] {
  const contentCol = dashCol + gap;
  return lines.map((line, i) => (i === 0 ? `${' '.repeat(dashCol)}-${' '.repeat(gap - 1)}${line}` : reindent(line, contentCol, style)));
}

/** Indents a line written with 2 spaces per level to `base` plus the file's width per level. */
function reindent(line: string, base: number, style: YamlStyle): string {
  const lead = line.length - line.trimStart().length;
  const levels = Math.floor(lead / 2);
  const extra = levels * style.indent + (lead % 2);
  return ' '.repeat(base + extra) + line.trimStart();
}

/** The id of an item written as `id: X` on its first line. */
function idOfItem(firstLine: string): string | undefined {
  const m = /^id:\s*(.+?)\s*$/.exec(firstLine);
  if (!m) return undefined;
  const raw = m[1];
  if (raw.startsWith("'") && raw.endsWith("'")) return raw.slice(1, -1).replace(/''/g, "'");
  if (raw.startsWith('"') && raw.endsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return undefined;
    }
  }
  return raw;
}

/** `{ a: 1, b: [x] }` from top-level `key: value` lines, or undefined when a line is nested. */
function toFlowMapping(lines: string[]): string | undefined {
  if (lines.some((l) => /^\s/.test(l) || !/^[^:#]+: \S/.test(l))) return undefined;
  return `{ ${lines.join(', ')} }`;
}

/** Whether the file writes lists under `key` as block lists (more often than flow or single ids). */
function prefersBlockList(doc: ParsedDocument, key: string): boolean {
  const root = asMap(doc.yaml.root);
  if (!root) return false;
  let block = 0;
  let other = 0;
  for (const section of root.pairs) {
    const seq = deref(section.value);
    if (!seq || seq.kind !== 'seq') continue;
    for (const item of seq.items) {
      const value: YNode | undefined = getValue(asMap(item), key);
      if (!value) continue;
      if (value.kind === 'seq' && !value.flow && value.items.length > 0) block++;
      else other++;
    }
  }
  return block > other;
}
