// The layout conventions of one YAML file, read from the file itself, so that inserted text looks
// like the text around it: line ending, indentation width, and whether list items are indented
// under their key (`threats:\n  - id: x`) or not (`threats:\n- id: x`).
import type { ParsedDocument } from '../document';
import { deref, type YNode, type YScalar } from '../yaml/tree';

export interface YamlStyle {
  /** '\n' or '\r\n', as the file's first line break. */
  eol: string;
  /** Indentation width of nested mappings (2 or 4, or what the file uses). */
  indent: number;
  /** Columns between a key and the `-` of its block list items (0 when items are not indented). */
  seqIndent: number;
  /** Columns from a `-` to the item's content (2 for `- id`, 4 for `-   id`). */
  dashGap: number;
}

/** The offset of the first character of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The offset of the line break ending the line holding `offset` (or the text length). */
export function lineEnd(text: string, offset: number): number {
  let i = Math.max(0, offset);
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Start of a node in the text, including the opening quote of a quoted scalar. */
export function rawStart(node: YNode): number {
  return node.kind === 'scalar' && (node.style === 2 || node.style === 3) && !node.empty ? node.start - 1 : node.start;
}

/** End of a node in the text, including the closing quote of a quoted scalar. */
export function rawEnd(text: string, node: YNode): number {
  if (node.kind === 'scalar' && (node.style === 2 || node.style === 3) && !node.empty && node.end < text.length) return node.end + 1;
  return node.end;
}

/** The offset just after the `:` that follows a mapping key, or -1 when there is none. */
export function colonAfter(text: string, key: YScalar | YNode): number {
  let i = rawEnd(text, key);
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === ':' ? i + 1 : -1;
}

const MAX_NODES_FOR_STYLE = 5000;

export function detectStyle(doc: ParsedDocument): YamlStyle {
  const text = doc.text;
  const nl = text.indexOf('\n');
  const eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
  let indent: number | undefined;
  let seqIndent: number | undefined;
  let dashGap: number | undefined;
  const work: YNode[] = [];
  const root = deref(doc.yaml.root);
  if (root) work.push(root);
  let visited = 0;
  while (work.length > 0 && visited++ < MAX_NODES_FOR_STYLE) {
    const node = work.pop()!;
    if (node.kind === 'map' && !node.flow) {
      for (const pair of node.pairs) {
        const value = pair.value;
        const keyCol = column(text, rawStart(pair.key));
        if (value.kind === 'map' && !value.flow && value.pairs.length > 0 && indent === undefined) {
          const first = value.pairs[0].key;
          if (lineStart(text, first.start) !== lineStart(text, pair.key.start)) {
            const d = column(text, rawStart(first)) - keyCol;
            if (d > 0) indent = d;
          }
        }
        if (value.kind === 'seq' && !value.flow && value.items.length > 0) {
          if (seqIndent === undefined && lineStart(text, value.start) !== lineStart(text, pair.key.start)) {
            seqIndent = column(text, value.start) - keyCol;
            if (seqIndent > 0 && indent === undefined) indent = seqIndent;
          }
          const item = value.items[0];
          if (dashGap === undefined && lineStart(text, rawStart(item)) === lineStart(text, value.start)) {
            const gap = rawStart(item) - value.start;
            if (gap >= 2) dashGap = gap;
          }
        }
        if (value.kind === 'map' || value.kind === 'seq') work.push(value);
      }
    } else if (node.kind === 'seq' && !node.flow) {
      for (const item of node.items) if (item.kind === 'map' || item.kind === 'seq') work.push(item);
    }
    if (indent !== undefined && seqIndent !== undefined && dashGap !== undefined) break;
  }
  indent = indent && indent <= 8 ? indent : 2;
  return { eol, indent, seqIndent: seqIndent !== undefined && seqIndent >= 0 && seqIndent <= 8 ? seqIndent : indent, dashGap: dashGap ?? 2 };
}
