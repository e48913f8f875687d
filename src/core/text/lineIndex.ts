// Offsets <-> zero-based line/character pairs (UTF-16 code units, as LSP and VS Code count them).

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  /** Offset of the start of each line (a typed array: a 250,000-line model keeps 1 MB, not 2-3). */
  private readonly lineStarts: Uint32Array;

  constructor(private readonly text: string) {
    this.lineStarts = text.indexOf('\r') < 0 ? lfLineStarts(text) : lineStarts(text);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    const nextStart = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, nextStart));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset of the start of the line holding `offset`. */
  lineStartOf(offset: number): number {
    return this.lineStarts[this.positionAt(offset).line];
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    if (line < 0 || line >= this.lineStarts.length) return '';
    const start = this.lineStarts[line];
    const end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }
}

/** Room for the line starts of a text, guessed from its length (lines of ~32 characters). */
function initialStarts(text: string): Uint32Array {
  return new Uint32Array(Math.max(64, (text.length >> 5) + 1));
}

/** The same starts in a buffer half as large again (when the guess was short). */
function grown(starts: Uint32Array): Uint32Array {
  const next = new Uint32Array(starts.length + (starts.length >> 1));
  next.set(starts);
  return next;
}

/**
 * Line starts of a text without CR (the usual case): indexOf finds the breaks fastest, and one
 * pass into a guessed buffer, copied to its exact size, beats counting first.
 */
function lfLineStarts(text: string): Uint32Array {
  let starts = initialStarts(text);
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (count === starts.length) starts = grown(starts);
    starts[count++] = i + 1;
  }
  return starts.slice(0, count);
}

/** Line starts with LF, CRLF and lone CR breaks. */
function lineStarts(text: string): Uint32Array {
  let starts = initialStarts(text);
  let count = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (count === starts.length) starts = grown(starts);
      starts[count++] = i + 1;
    }
  }
  return starts.slice(0, count);
}
