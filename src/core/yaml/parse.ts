// Text -> positioned YAML tree, with every YAML-level problem reported at its offset.
// Untrusted input: size, nesting and aliases are bounded; nothing here can throw.
import { parseEvents, getScalarValue, EVENT_ID, type Event, type ScalarEvent } from 'js-yaml';
import type { ScalarValue, YAlias, YMap, YNode, YScalar, YSeq } from './tree';

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

const PLAIN_INT = /^[-+]?(?:0|[1-9][0-9_]*)$/;
const PLAIN_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** Core-schema resolution of a plain scalar. */
function resolvePlain(text: string): ScalarValue {
  switch (text) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const c = text.charCodeAt(0);
  // Only texts starting with a digit, sign or dot can be numbers.
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (PLAIN_INT.test(text)) return Number(text.replace(/_/g, ''));
    if (PLAIN_FLOAT.test(text) && /[0-9]/.test(text)) return Number(text.replace(/_/g, ''));
  }
  return text;
}

interface OpenCollection {
  node: YMap | YSeq;
  pendingKey?: YNode;
  /** Scalar key texts of an open mapping with many pairs (duplicate detection in constant time). */
  keys?: Set<string>;
}

export function parseYaml(text: string): YamlParseResult {
  const problems: YamlProblem[] = [];
  if (text.length > LIMITS.maxLength) {
    problems.push({
      code: 'yaml-too-large',
      message: `The file is ${(text.length / 1048576).toFixed(1)} MB; threat models larger than ${LIMITS.maxLength / 1048576} MB are not analysed.`,
      start: 0,
      end: 0,
    });
    return { problems, ok: false };
  }
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: LIMITS.maxDepth });
  } catch (error) {
    problems.push(syntaxProblem(text, error));
    return { problems, ok: false };
  }
  try {
    return buildTree(text, events, problems);
  } catch (error) {
    // The tree builder should never throw; if it does, report it rather than crash the host.
    problems.push({ code: 'yaml-syntax', message: `Could not read the YAML structure: ${String(error)}`, start: 0, end: 0 });
    return { problems, ok: false };
  }
}

function syntaxProblem(text: string, error: unknown): YamlProblem {
  const e = error as { reason?: string; message?: string; mark?: { position?: number } };
  let position = typeof e.mark?.position === 'number' ? e.mark.position : 0;
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

function buildTree(text: string, events: Event[], problems: YamlProblem[]): YamlParseResult {
  const stack: OpenCollection[] = [];
  const anchors = new Map<string, YNode>();
  let root: YNode | undefined;
  let documents = 0;
  let aliases = 0;
  let aliasLimitReported = false;
  let lastEnd = 0;
  let inFirstDocument = false;

  const attach = (node: YNode): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (inFirstDocument && !root) root = node;
      return;
    }
    if (top.node.kind === 'seq') {
      top.node.items.push(node);
    } else if (top.pendingKey === undefined) {
      top.pendingKey = node;
    } else {
      const key = top.pendingKey;
      top.pendingKey = undefined;
      const keyText = key.kind === 'scalar' ? key.text : '[complex key]';
      if (key.kind === 'scalar') {
        // Small mappings (nearly all) scan their pairs; from 16 pairs on a Set is kept, since
        // comparing with every earlier pair made a mapping of n keys cost n² (a 600 KB mapping of
        // 40k keys took 13 s to parse, on every keystroke).
        const pairs = top.node.pairs;
        if (!top.keys && pairs.length >= 16) {
          top.keys = new Set<string>();
          for (const p of pairs) if (p.key.kind === 'scalar') top.keys.add(p.keyText);
        }
        const duplicate = top.keys ? top.keys.has(keyText) : pairs.some((p) => p.key.kind === 'scalar' && p.keyText === keyText);
        if (duplicate) {
          problems.push({
            code: 'yaml-duplicate-key',
            message: `Duplicate key '${keyText}': only the first definition is used.`,
            start: key.start,
            end: key.end,
          });
        } else top.keys?.add(keyText);
      }
      top.node.pairs.push({ key, value: node, keyText });
    }
  };

  // js-yaml's anchorStart/anchorEnd delimit the name only (after the `&` or `*` indicator).
  const anchorOf = (start: number, end: number): string | undefined => (start >= 0 ? text.slice(start, end) : undefined);
  const tagOf = (start: number, end: number): string | undefined => (start >= 0 ? text.slice(start, end) : undefined);

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT: {
        documents++;
        inFirstDocument = documents === 1;
        if (documents === 2) {
          const marker = documentMarker(text, lastEnd);
          problems.push({
            code: 'yaml-multiple-documents',
            message: 'A .threatmodel file holds one YAML document; everything after the first `---` document is ignored.',
            start: marker ?? lastEnd,
            end: marker === undefined ? lastEnd : marker + 3,
          });
        }
        break;
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const start = event.start >= 0 ? event.start : lastEnd;
        const flow = event.style === 2;
        const node: YMap | YSeq =
          event.type === EVENT_ID.MAPPING
            ? { kind: 'map', start, end: start, flow, pairs: [] }
            : { kind: 'seq', start, end: start, flow, items: [] };
        const anchor = anchorOf(event.anchorStart, event.anchorEnd);
        if (anchor !== undefined) {
          node.anchor = anchor;
          anchors.set(anchor, node);
        }
        const tag = tagOf(event.tagStart, event.tagEnd);
        if (tag) node.tag = tag;
        attach(node);
        stack.push({ node });
        lastEnd = Math.max(lastEnd, start + (flow ? 1 : 0));
        break;
      }
      case EVENT_ID.SCALAR: {
        const node = scalarNode(text, event, lastEnd);
        const anchor = anchorOf(event.anchorStart, event.anchorEnd);
        if (anchor !== undefined) {
          node.anchor = anchor;
          anchors.set(anchor, node);
        }
        const tag = tagOf(event.tagStart, event.tagEnd);
        if (tag) node.tag = tag;
        attach(node);
        if (!node.empty) lastEnd = Math.max(lastEnd, endIncludingQuote(text, node));
        break;
      }
      case EVENT_ID.ALIAS: {
        aliases++;
        const name = text.slice(event.anchorStart, event.anchorEnd);
        // The node covers the whole alias including its `*` indicator.
        const node: YAlias = { kind: 'alias', name, start: Math.max(0, event.anchorStart - 1), end: event.anchorEnd };
        if (aliases > LIMITS.maxAliases) {
          if (!aliasLimitReported) {
            aliasLimitReported = true;
            problems.push({
              code: 'yaml-too-many-aliases',
              message: `More than ${LIMITS.maxAliases} aliases: the rest are ignored (this bounds alias bombs).`,
              start: node.start,
              end: node.end,
            });
          }
        } else {
          node.target = anchors.get(name);
          if (!node.target) {
            problems.push({ code: 'yaml-unknown-alias', message: `Unknown alias '*${name}'.`, start: node.start, end: node.end });
          }
        }
        attach(node);
        lastEnd = Math.max(lastEnd, event.anchorEnd);
        break;
      }
      case EVENT_ID.POP: {
        const top = stack.pop();
        if (top) {
          const node = top.node;
          const children: YNode[] = node.kind === 'seq' ? node.items : node.pairs.flatMap((p) => [p.key, p.value]);
          // A flow collection's range starts at its opening bracket; search the closer after it.
          let end = node.start + (node.flow ? 1 : 0);
          for (const child of children) {
            const childEnd = child.kind === 'scalar' ? endIncludingQuote(text, child) : child.end;
            if (childEnd > end) end = childEnd;
          }
          if (node.flow) end = closingBracket(text, end, node.kind === 'map' ? '}' : ']');
          node.end = end;
          lastEnd = Math.max(lastEnd, end);
        }
        break;
      }
    }
  }
  return { root, problems, ok: true };
}

function scalarNode(text: string, event: ScalarEvent, fallback: number): YScalar {
  const empty = event.valueStart < 0;
  const start = empty ? fallback : event.valueStart;
  const end = empty ? fallback : event.valueEnd;
  let decoded: string;
  try {
    decoded = empty ? '' : getScalarValue(text, event);
  } catch {
    decoded = text.slice(start, end);
  }
  const plain = event.style === 1;
  const hasTag = event.tagStart >= 0;
  let value: ScalarValue;
  if (hasTag) {
    const tag = text.slice(event.tagStart, event.tagEnd);
    value = tag === '!!str' || tag === '!' ? decoded : resolvePlain(decoded);
  } else {
    value = plain ? resolvePlain(decoded) : decoded;
  }
  // Block scalars start at their content; move the start back to the indicator line is not needed
  // for diagnostics, but trim the trailing newline so ranges end on the last content character.
  let trimmedEnd = end;
  if (event.style === 4 || event.style === 5) {
    while (trimmedEnd > start && (text[trimmedEnd - 1] === '\n' || text[trimmedEnd - 1] === '\r')) trimmedEnd--;
  }
  return { kind: 'scalar', start, end: trimmedEnd, text: decoded, value, style: event.style, empty };
}

/** Offset of the first `---` document marker at a line start at or after `from`. */
function documentMarker(text: string, from: number): number | undefined {
  const re = /(?:^|\n)---(?=[ \t\r\n]|$)/g;
  re.lastIndex = from > 0 ? from - 1 : 0;
  const m = re.exec(text);
  if (!m) return undefined;
  return m.index + (m[0].startsWith('\n') ? 1 : 0);
}

/** End offset including a closing quote, for quoted scalars. */
function endIncludingQuote(text: string, node: YScalar): number {
  if ((node.style === 2 || node.style === 3) && node.end < text.length) return node.end + 1;
  return node.end;
}

/** Finds the closing bracket of a flow collection, skipping whitespace, commas and comments. */
function closingBracket(text: string, from: number, bracket: string): number {
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (ch === bracket) return i + 1;
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ',') {
      i++;
      continue;
    }
    break;
  }
  return from;
}
