// Where the cursor is in the YAML structure, derived from the TEXT around it (indentation and the
// enclosing keys found by scanning lines upward), so it works while the document is broken YAML
// (in the middle of typing). Used by completion. Offsets only; no parse needed.

export type PathSegment = string | number;

/** One line as block YAML sees it. Columns are offsets within the line. */
export interface LineShape {
  /** Column of the first non-blank character. */
  indent: number;
  /** Columns of leading `- ` sequence indicators. */
  dashes: number[];
  /** Column of the content after the indentation and dashes. */
  contentCol: number;
  /** The key when the content starts with `key:`. */
  key?: string;
  keyCol?: number;
  /** Text after `key:` (comment stripped, trimmed); '' when the value is on the next lines. */
  inlineValue?: string;
  /** Blank or comment-only. */
  blank: boolean;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s#'"[\]{},:][^#]*?)[ \t]*:(?=[ \t]|$)/;

export function lineShape(line: string): LineShape {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  const indent = i;
  const dashes: number[] = [];
  while (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t')) {
    dashes.push(i);
    i++;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  }
  const content = line.slice(i);
  const blank = dashes.length === 0 && (content.trim() === '' || content.trimStart().startsWith('#'));
  const shape: LineShape = { indent, dashes, contentCol: i, blank };
  const m = KEY.exec(content);
  if (m) {
    let key = m[1];
    if ((key.startsWith('"') && key.endsWith('"')) || (key.startsWith("'") && key.endsWith("'"))) key = key.slice(1, -1);
    shape.key = key;
    shape.keyCol = i;
    let rest = content.slice(m[0].length);
    const hash = rest.search(/(^|[ \t])#/);
    if (hash >= 0) rest = rest.slice(0, hash);
    shape.inlineValue = rest.trim();
  }
  return shape;
}

/** Reads lines of a text upward or downward from a line, without splitting the whole text. */
export class Lines {
  constructor(readonly text: string) {}

  /** [start, end) of the line containing offset (end excludes the line break). */
  bounds(offset: number): [number, number] {
    const start = this.text.lastIndexOf('\n', offset - 1) + 1;
    let end = this.text.indexOf('\n', offset);
    if (end < 0) end = this.text.length;
    if (end > start && this.text[end - 1] === '\r') end--;
    return [start, end];
  }

  /** Lines before the line starting at `lineStart`, nearest first. */
  *above(lineStart: number): Generator<string> {
    let end = lineStart - 1; // the '\n' ending the previous line
    while (end >= 0) {
      const start = this.text.lastIndexOf('\n', end - 1) + 1;
      let line = this.text.slice(start, end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      yield line;
      end = start - 1;
    }
  }

  /** Lines after the line ending at `lineEnd`, nearest first. */
  *below(lineEnd: number): Generator<string> {
    let start = this.text.indexOf('\n', lineEnd);
    while (start >= 0 && start < this.text.length) {
      start++;
      let end = this.text.indexOf('\n', start);
      if (end < 0) end = this.text.length;
      let line = this.text.slice(start, end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      yield line;
      if (end >= this.text.length) return;
      start = end;
    }
  }
}

/** Upper bound on lines scanned per question (bounds the cost on pathological files). */
const MAX_SCAN_LINES = 20000;

type State = { col: number; mode: 'map' | 'seq' };

/**
 * The path of the block collection that starts at `state` (a mapping whose keys are at `col`, or
 * a sequence whose dashes are at `col`), found by scanning the lines above. `siblings` receives
 * keys of the same mapping seen on the way. Undefined when the structure cannot be told.
 */
export function pathAbove(lines: Lines, lineStart: number, start: State, siblings?: Set<string>): PathSegment[] | undefined {
  const reversed: PathSegment[] = [];
  let state = start;
  let inFirstMap = start.mode === 'map';
  // A line that opens an item (dashes before its content) makes the current mapping a sequence item.
  const enterSeq = (shape: LineShape): void => {
    for (let k = shape.dashes.length - 1; k >= 0; k--) reversed.push(0);
    state = { col: shape.dashes[0], mode: 'seq' };
    inFirstMap = false;
  };
  let scanned = 0;
  for (const line of lines.above(lineStart)) {
    if (++scanned > MAX_SCAN_LINES) return undefined;
    const shape = lineShape(line);
    if (shape.blank) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(line)) break;
    if (state.mode === 'map') {
      if (shape.key !== undefined && shape.keyCol === state.col) {
        if (inFirstMap && siblings) siblings.add(shape.key);
        if (shape.dashes.length > 0) enterSeq(shape);
        continue;
      }
      if (shape.indent >= state.col) continue;
      if (shape.key !== undefined) {
        if (shape.inlineValue === '' || shape.inlineValue === undefined) {
          reversed.push(shape.key);
          state = { col: shape.keyCol!, mode: 'map' };
          inFirstMap = false;
          if (shape.dashes.length > 0) enterSeq(shape);
          continue;
        }
        if (/^[|>]/.test(shape.inlineValue)) return undefined; // inside a block scalar
        // More indented than a key with a value on its line: treat as a sibling (lenient).
        state = { col: shape.keyCol!, mode: 'map' };
        if (inFirstMap && siblings) siblings.add(shape.key);
        if (shape.dashes.length > 0) enterSeq(shape);
        continue;
      }
      if (shape.dashes.length > 0 && shape.contentCol >= line.length) {
        enterSeq(shape);
        continue;
      }
      return undefined;
    } else {
      if (shape.dashes.length > 0 && shape.indent === state.col) continue; // a sibling item
      if (shape.indent > state.col) continue; // inside a sibling item
      if (shape.key !== undefined && shape.keyCol! <= state.col) {
        if (shape.inlineValue !== '') return undefined;
        reversed.push(shape.key!);
        state = { col: shape.keyCol!, mode: 'map' };
        if (shape.dashes.length > 0) enterSeq(shape);
        continue;
      }
      if (shape.dashes.length > 0 && shape.contentCol >= line.length) {
        enterSeq(shape);
        continue;
      }
      return undefined;
    }
  }
  if (state.mode === 'seq') return undefined; // a sequence at the top level is not a model
  return reversed.reverse();
}

/** Keys of the mapping at `col` on the lines below (until the mapping ends). */
export function keysBelow(lines: Lines, lineEnd: number, col: number, into: Set<string>): void {
  let scanned = 0;
  for (const line of lines.below(lineEnd)) {
    if (++scanned > MAX_SCAN_LINES) return;
    const shape = lineShape(line);
    if (shape.blank) continue;
    if (shape.indent < col) return;
    if (shape.indent === col && shape.dashes.length > 0) return;
    if (shape.indent === col && shape.key !== undefined) into.add(shape.key);
  }
}

/** Scalar items (`- value`) of the sequence whose dashes are at `col`, above and below a line. */
export function itemsAround(lines: Lines, lineStart: number, lineEnd: number, col: number): Set<string> {
  const out = new Set<string>();
  const scan = (it: Generator<string>): void => {
    let scanned = 0;
    for (const line of it) {
      if (++scanned > MAX_SCAN_LINES) return;
      const shape = lineShape(line);
      if (shape.blank) continue;
      if (shape.indent < col) return;
      if (shape.indent === col && shape.dashes.length === 0) return;
      if (shape.indent === col) {
        const value = line.slice(shape.contentCol).replace(/\s+#.*$/, '').trim().replace(/^["']|["']$/g, '');
        if (value) out.add(value);
      }
    }
  };
  scan(lines.above(lineStart));
  scan(lines.below(lineEnd));
  return out;
}
