// Text -> positioned YAML tree, with every YAML-level problem reported at its offset.
// Untrusted input: size, nesting and aliases are bounded; nothing here can throw.
import { parseEvents, EVENT_ID, type Event } from 'js-yaml';
import { TreeBuilder } from './builder';
import { CHUNK_SIZE, ITEMS_PREFIX, planChunks, type Chunk } from './chunks';
import type { YNode } from './tree';

export interface YamlProblem {
  code: 'yaml-syntax' | 'yaml-duplicate-key' | 'yaml-too-large' | 'yaml-too-many-aliases' | 'yaml-multiple-documents' | 'yaml-unknown-alias';
  message: string;
  start: number;
  end: number;
}

export interface YamlParseResult {
  /** The root node of the first document, or undefined for an empty or unparseable text. */
  root?: YNode;
  problems: YamlProblem[];
  /** False when the text is not valid YAML (a syntax error), so no tree could be built. */
  ok: boolean;
}

export const LIMITS = {
  /** Largest text we parse (characters). */
  maxLength: 10 * 1024 * 1024,
  /** Deepest nesting of collections. */
  maxDepth: 100,
  /** Most aliases in one document. */
  maxAliases: 1000,
};

export function parseYaml(text: string): YamlParseResult {
  return parseYamlInChunks(text, CHUNK_SIZE);
}

/** parseYaml with a given chunk size (tests compare small chunks with none: `Infinity`). */
export function parseYamlInChunks(text: string, chunkSize: number): YamlParseResult {
  // (LIMITS.maxLength also keeps offsets within the 24 bits nodes.ts packs them in.)
  if (text.length > LIMITS.maxLength) {
    const problem: YamlProblem = {
      code: 'yaml-too-large',
      message: `The file is ${(text.length / 1048576).toFixed(1)} MB; threat models larger than ${LIMITS.maxLength / 1048576} MB are not analysed.`,
      start: 0,
      end: 0,
    };
    return { problems: [problem], ok: false };
  }
  try {
    const chunks = planChunks(text, chunkSize);
    return (chunks && parseChunks(text, chunks)) || parseWhole(text);
  } catch (error) {
    // The tree builder should never throw; if it does, report it rather than crash the host.
    return { problems: [{ code: 'yaml-syntax', message: `Could not read the YAML structure: ${String(error)}`, start: 0, end: 0 }], ok: false };
  }
}

export const PARSER_OPTIONS = { maxDepth: LIMITS.maxDepth };

/**
 * Results whose tree this module built, without anchors or aliases: the ones an incremental
 * update (update.ts) may start from, since each part of their tree depends on its own text only.
 */
const independent = new WeakSet<YamlParseResult>();

/** True when `result` is one of ours without anchors or aliases (see `independent`). */
export function hasIndependentParts(result: YamlParseResult): boolean {
  return independent.has(result);
}

/** The result of a builder that read every event of the text. */
function builtResult(builder: TreeBuilder): YamlParseResult {
  if (!builder.usesAnchors) return independentResult(builder.root, builder.problems);
  return { root: builder.root, problems: builder.problems, ok: true };
}

/** A valid parse whose tree has no anchors or aliases. */
export function independentResult(root: YNode | undefined, problems: YamlProblem[]): YamlParseResult {
  const result: YamlParseResult = { root, problems, ok: true };
  independent.add(result);
  return result;
}

function parseWhole(text: string): YamlParseResult {
  let events: Event[];
  try {
    events = parseEvents(text, PARSER_OPTIONS);
  } catch (error) {
    return { problems: [syntaxProblem(text, error, 0)], ok: false };
  }
  const builder = new TreeBuilder(text, LIMITS.maxAliases);
  builder.feed(events, 0, events.length, text, 0, 0, true);
  return builtResult(builder);
}

/**
 * Parses chunk by chunk (see chunks.ts), checking that each chunk's events have the shape its
 * place in the text implies. Undefined when one does not: the caller parses the whole text.
 */
function parseChunks(text: string, chunks: Chunk[]): YamlParseResult | undefined {
  const builder = new TreeBuilder(text, LIMITS.maxAliases);
  for (let k = 0; k < chunks.length; k++) {
    const chunk = chunks[k];
    const prefix = chunk.items ? ITEMS_PREFIX : '';
    const source = prefix + text.slice(chunk.start, chunk.end);
    let events: Event[];
    try {
      events = parseEvents(source, PARSER_OPTIONS);
    } catch {
      return syntaxErrorFrom(text, chunk);
    }
    if (!feedChunk(builder, events, source, chunk.start - prefix.length, chunk, k, chunks[k + 1])) return undefined;
  }
  while (builder.depth > 0) builder.pop();
  return builtResult(builder);
}

function feedChunk(builder: TreeBuilder, events: Event[], source: string, base: number, chunk: Chunk, k: number, next: Chunk | undefined): boolean {
  const n = events.length;
  // One document, implicit (but for the first chunk's start), whose root is a block mapping
  // starting at the chunk's start (the first chunk's may start after comments or `---`).
  const doc = events[0];
  if (n < 4 || doc.type !== EVENT_ID.DOCUMENT || doc.explicitEnd || (k > 0 && doc.explicitStart)) return false;
  const root = events[1];
  if (root.type !== EVENT_ID.MAPPING || root.style !== 1) return false;
  let head = 2;
  if (k === 0) {
    builder.feed(events, 0, 2, source, base, 0, true);
    if (builder.depth !== 1) return false;
  } else {
    if (root.start !== 0 || root.anchorStart >= 0 || root.tagStart >= 0 || builder.depth !== 1 + (chunk.items ? 1 : 0)) return false;
    if (chunk.items) {
      // `x:` then the list, at the indentation the previous chunk's list has.
      const key = events[2];
      const list = events[3];
      if (key.type !== EVENT_ID.SCALAR || key.valueStart !== 0 || key.valueEnd !== 1 || key.anchorStart >= 0 || key.tagStart >= 0) return false;
      if (list.type !== EVENT_ID.SEQUENCE || list.style !== 1 || list.start !== ITEMS_PREFIX.length + chunk.indent) return false;
      if (list.anchorStart >= 0 || list.tagStart >= 0) return false;
      head = 4;
    }
  }
  // It ends closing the root mapping and the document, and the list the next chunk continues.
  const continued = next !== undefined && next.items;
  const tail = chunk.items || continued ? 3 : 2;
  for (let i = n - tail; i < n; i++) if (events[i].type !== EVENT_ID.POP) return false;
  const floor = chunk.items ? 2 : 1;
  if (n - tail < head || !builder.feed(events, head, n - tail, source, base, floor, false)) return false;
  // The body closed what it opened, but for the list the next chunk continues.
  if (builder.depth !== (continued && !chunk.items ? 2 : floor)) return false;
  if (continued && !chunk.items) {
    // The list the next chunk continues: a block sequence, the value of the last root key.
    const list = builder.innermost;
    if (builder.depth !== 2 || !list || list.kind !== 'seq' || list.flow || builder.awaitingValueAt(0)) return false;
    if (list.start - lineStart(builder.text, list.start) !== next.indent) return false;
  } else if (chunk.items && !continued) {
    builder.pop();
  }
  return true;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * A chunk did not parse. The text before it did, so js-yaml's state at its start is known: parse
 * from there to the end for the error the whole text has. If that parses, the cut was wrong:
 * undefined, and the caller parses the whole text.
 */
function syntaxErrorFrom(text: string, chunk: Chunk): YamlParseResult | undefined {
  const prefix = chunk.items ? ITEMS_PREFIX : '';
  try {
    parseEvents(prefix + text.slice(chunk.start), PARSER_OPTIONS);
  } catch (error) {
    return { problems: [syntaxProblem(text, error, chunk.start - prefix.length)], ok: false };
  }
  return undefined;
}

function syntaxProblem(text: string, error: unknown, base: number): YamlProblem {
  const e = error as { reason?: string; message?: string; mark?: { position?: number } };
  let position = typeof e.mark?.position === 'number' ? e.mark.position + base : 0;
  position = Math.max(0, Math.min(position, text.length));
  let reason = e.reason || e.message || String(error);
  if (/maximum nesting depth|nesting/i.test(reason)) {
    reason = `${reason} (nesting deeper than ${LIMITS.maxDepth} levels is not supported)`;
  }
  // Highlight the offending character (or the end of the line if we are at a line break).
  let end = position;
  if (position < text.length && text[position] !== '\n' && text[position] !== '\r') end = position + 1;
  return { code: 'yaml-syntax', message: `YAML syntax error: ${reason}`, start: position, end };
}
