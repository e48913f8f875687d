// Where a large text can be cut so that js-yaml parses it piece by piece.
//
// js-yaml's parseEvents returns every event of the text at once: about 110 bytes per scalar, so
// ~80 MB for a 7 MB model, all alive until the tree is built, and the server's resident memory
// keeps that peak. A threat model is a mapping of a few top-level keys, most holding a long
// list; so the text is cut at top-level keys (a line starting at column 0 with a letter, digit or
// `_`) and between the items of such a list (a line `- ` at the list's indentation), into chunks
// of about CHUNK_SIZE characters, and each chunk is parsed on its own:
//
// - a chunk starting at a top-level key is parsed as it is (a mapping at column 0, as in the
//   whole text);
// - a chunk of list items is parsed after the line `x:\n` (PREFIX), so that js-yaml is in the very
//   state it is in at that point of the whole text: inside a sequence that is the value of a key
//   of the root mapping.
//
// A cut can only be wrong if the line it is at continues something started before it (a quoted
// scalar, a flow collection): then the chunk before it does not parse, or its events do not have
// the expected shape, and parse.ts falls back to the whole text. parse.test.ts compares chunked
// and whole parses over many texts.

/** Target size of a chunk, in characters: a few thousand events alive at a time. */
export const CHUNK_SIZE = 32 * 1024;

/** Prepended to a chunk of list items (see above). */
export const ITEMS_PREFIX = 'x:\n';

export interface Chunk {
  start: number;
  end: number;
  /** The chunk holds list items at `indent`, rather than starting at a top-level key. */
  items: boolean;
  /** For a chunk of items: the indentation of the list's `-`. */
  indent: number;
}

const enum Line {
  Other,
  /** A top-level key with its value on the next lines (`key:`, maybe a comment). */
  BlockKey,
  /** A top-level key with its value on the same line. */
  Key,
}

/** A top-level key line, and whether its value starts on a later line. */
function keyLine(text: string, start: number, end: number): Line {
  const c = text.charCodeAt(start);
  const keyStart = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
  if (!keyStart) return Line.Other;
  // `key:` then only spaces, or a comment, up to the end of the line.
  let i = start + 1;
  while (i < end) {
    const ch = text.charCodeAt(i);
    if ((ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95 || ch === 45 || ch === 46) i++;
    else break;
  }
  if (i >= end || text.charCodeAt(i) !== 58) return Line.Key;
  i++;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 13)) i++;
  return i === end || text.charCodeAt(i) === 35 ? Line.BlockKey : Line.Key;
}

/** True when the line is blank or only a comment. */
function blankLine(text: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13)) i++;
  return i === end || text.charCodeAt(i) === 35;
}

/** When the line is a list item `- ` (or `-` alone), its indentation; else -1. */
function itemIndent(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === 32) i++;
  if (i >= end || text.charCodeAt(i) !== 45) return -1;
  const next = i + 1 < end ? text.charCodeAt(i + 1) : 10;
  return next === 32 || next === 10 || next === 13 ? i - start : -1;
}

/**
 * The chunks of a text, or undefined when it is small or has no place to cut. Cuts are only
 * candidates: parse.ts checks every chunk's events and falls back to the whole text.
 */
export function planChunks(text: string, size = CHUNK_SIZE): Chunk[] | undefined {
  if (text.length < 2 * size) return undefined;
  const chunks: Chunk[] = [];
  let current: Chunk = { start: 0, end: 0, items: false, indent: -1 };
  /** Indentation of the items of the current top-level list, -1 when not in one. */
  let listIndent = -1;
  let awaitingList = false;
  const cut = (at: number, items: boolean): void => {
    current.end = at;
    chunks.push(current);
    current = { start: at, end: 0, items, indent: items ? listIndent : -1 };
  };
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const kind = keyLine(text, start, end);
    if (kind !== Line.Other) {
      // A top-level key: always a cut after a chunk of items (they cannot be followed by a key).
      if (start > 0 && (current.items || start - current.start >= size)) cut(start, false);
      listIndent = -1;
      awaitingList = kind === Line.BlockKey;
    } else if (awaitingList) {
      if (!blankLine(text, start, end)) {
        listIndent = itemIndent(text, start, end);
        awaitingList = false;
      }
    } else if (listIndent >= 0 && start - current.start >= size && itemIndent(text, start, end) === listIndent) {
      // Only at an item of the top-level list itself (a nested list is more indented).
      cut(start, true);
    }
    start = end + 1;
  }
  current.end = text.length;
  chunks.push(current);
  return chunks.length > 1 ? chunks : undefined;
}
