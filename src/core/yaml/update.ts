// Incremental re-parse: the tree of a new version of a text from the previous version's tree,
// re-parsing only the part an edit touched. Typing in a 7 MB model otherwise re-parses all of it
// on every keystroke.
//
// The edit is the range where the two texts differ (common prefix and suffix). It is re-parsed
// with the smallest unit that contains it, cut as chunks.ts cuts a large text:
//
// - an item of a block list that is the value of a top-level key: from the line of its `- ` to the
//   next such line (or the next top-level key), parsed after `x:\n` (ITEMS_PREFIX) so js-yaml is in
//   the state it is in at that point of the whole text;
// - else a top-level pair: from its key's line to the next key's line, parsed as it is.
//
// The unit's events must have exactly the shape its place implies (one item; one pair with the same
// key), the edit must leave the unit's first line's `- ` (or key and `:`) and the line break before
// the next unit alone, and the previous tree must be valid, anchor-free and a block mapping at
// column 0. Then the whole text parses exactly as before outside the unit (see chunks.ts for why a
// cut there is sound), and the new tree is the old one with the unit's subtree replaced and every
// offset after it moved. Anything else: undefined, and the caller parses the whole text.
//
// The previous tree is not changed (a request may still be reading it): the nodes before the edit
// are shared, the ones after it copied with their offsets moved (nodes.ts copyNode), and the new
// unit's strings detached from the text so that no node keeps an old version of the text alive.
import { parseEvents, EVENT_ID, type Event } from 'js-yaml';
import { TreeBuilder } from './builder';
import { ITEMS_PREFIX } from './chunks';
import { MapNode, Scalar, SeqNode, copyNode, keyAt, keyStartAt, pairCount, valueAt, withValueAt } from './nodes';
import { LIMITS, PARSER_OPTIONS, hasIndependentParts, independentResult, type YamlParseResult, type YamlProblem } from './parse';
import { detached } from './strings';
import type { YNode } from './tree';

/** Where two versions of a text differ: old[start, oldEnd) became new[start, newEnd). */
export interface ChangedRange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

const BLOCK = 4096;

/** The changed range, by common prefix and suffix (compared a block at a time, natively). */
export function changedRange(before: string, after: string): ChangedRange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start + BLOCK <= max && before.slice(start, start + BLOCK) === after.slice(start, start + BLOCK)) start += BLOCK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd - BLOCK >= start && newEnd - BLOCK >= start && before.slice(oldEnd - BLOCK, oldEnd) === after.slice(newEnd - BLOCK, newEnd)) {
    oldEnd -= BLOCK;
    newEnd -= BLOCK;
  }
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/**
 * The parse of `text`, given the parse of `before` (the previous version), re-parsing only the
 * unit the change lies in; undefined when that is not possible or not known to be exact.
 */
export function updateYaml(before: string, previous: YamlParseResult, text: string): YamlParseResult | undefined {
  if (text === before) return previous;
  if (!previous.ok || !hasIndependentParts(previous) || text.length > LIMITS.maxLength) return undefined;
  for (const problem of previous.problems) if (problem.code !== 'yaml-duplicate-key') return undefined;
  const root = previous.root;
  if (!(root instanceof MapNode) || root.flow || root.anchor !== undefined || root.tag !== undefined) return undefined;
  const count = pairCount(root);
  if (count === 0) return undefined;
  if (lineStart(before, root.start) !== root.start || !onlyComments(before, 0, root.start)) return undefined;
  const change = changedRange(before, text);
  const j = lastStartingAtOrBefore(count, (k) => keyStartAt(root, k), change.start);
  if (j < 0) return undefined;
  const key = topLevelKey(before, keyAt(root, j));
  if (!key) return undefined;
  let pairEnd = before.length;
  if (j + 1 < count) {
    const next = topLevelKey(before, keyAt(root, j + 1));
    if (!next) return undefined;
    pairEnd = next.start;
  }
  // The key and its `:` stay, and so does the line break before the next key.
  if (change.start <= key.end || !endsInside(change, pairEnd, before.length)) return undefined;
  const unit = new Splice(before, text, change, previous.problems);
  const value = valueAt(root, j);
  const item = value instanceof SeqNode ? unit.item(value, pairEnd) : undefined;
  let newValue: YNode;
  let valueEnd: number;
  if (item) {
    newValue = item;
    valueEnd = item.end;
  } else {
    // An item that does not parse (typing a quote, say) is nearly always a syntax error of the
    // whole text: parse that at once rather than the whole list first.
    if (unit.unparsable) return undefined;
    const parsed = unit.pair(key, pairEnd);
    if (!parsed) return undefined;
    newValue = parsed.value;
    valueEnd = parsed.end;
  }
  const newRoot = withValueAt(root, j, newValue, unit.delta);
  if (!newRoot) return undefined;
  newRoot.end = j === count - 1 ? valueEnd : root.end + unit.delta;
  return independentResult(newRoot, unit.problems(item ? unit.unitStart : key.end));
}

/** One replacement of a unit of the tree (an item or a pair's value) by the re-parse of its text. */
class Splice {
  readonly delta: number;
  /** The unit, in the previous text; set by item() or pair(). */
  unitStart = 0;
  private end = 0;
  /** Set when the unit's text did not parse. */
  unparsable = false;
  private newProblems: YamlProblem[] = [];

  constructor(
    private readonly before: string,
    private readonly text: string,
    private readonly change: ChangedRange,
    private readonly oldProblems: YamlProblem[],
  ) {
    this.delta = change.newEnd - change.oldEnd;
  }

  /**
   * The list with the item holding the change re-parsed; undefined when the change is not inside
   * one item (then the whole pair is re-parsed, or the whole text).
   */
  item(seq: SeqNode, listEnd: number): SeqNode | undefined {
    const before = this.before;
    if (seq.flow || seq.anchor !== undefined || before.charCodeAt(seq.start) !== 45) return undefined;
    const indent = seq.start - lineStart(before, seq.start);
    const items = seq.items;
    const i = lastStartingAtOrBefore(items.length, (k) => items[k].start, this.change.start);
    if (i < 0) return undefined;
    const start = itemLine(before, items[i], indent);
    if (start < 0) return undefined;
    let end = listEnd;
    if (i + 1 < items.length) {
      end = itemLine(before, items[i + 1], indent);
      if (end < 0) return undefined;
    }
    // The item's `- ` stays, and so does the line break before the next item.
    if (this.change.start < start + indent + 2 || !endsInside(this.change, end, before.length)) return undefined;
    const source = ITEMS_PREFIX + this.text.slice(start, end + this.delta);
    const events = eventsOf(source);
    this.unparsable = !events;
    const n = events ? events.length : 0;
    if (!events || n < 8 || !documentOf(events, 3)) return undefined;
    const x = events[2];
    const list = events[3];
    if (x.type !== EVENT_ID.SCALAR || x.valueStart !== 0 || x.valueEnd !== 1 || x.anchorStart >= 0 || x.tagStart >= 0) return undefined;
    if (list.type !== EVENT_ID.SEQUENCE || list.style !== 1 || list.start !== ITEMS_PREFIX.length + indent) return undefined;
    if (list.anchorStart >= 0 || list.tagStart >= 0) return undefined;
    // One item, which has a position of its own (an empty one would sit at the end of the previous).
    if (topLevelNodes(events, 4, n - 3) !== 1 || startOf(events[4]) < 0) return undefined;
    const built = this.build(events, source, start - ITEMS_PREFIX.length);
    const dummy = built && built.kind === 'map' && pairCount(built) > 0 ? valueAt(built, 0) : undefined;
    if (!(dummy instanceof SeqNode) || dummy.items.length !== 1) return undefined;
    const newItem = copyNode(dummy.items[0], 0, detached);
    if (!newItem) return undefined;
    const newItems = this.around(items, i, newItem);
    if (!newItems) return undefined;
    this.unitStart = start;
    this.end = end;
    const newSeq = new SeqNode(seq.start, false);
    if (seq.tag !== undefined) newSeq.tag = seq.tag;
    newSeq.items = newItems;
    // The list ends where its last item does.
    newSeq.end = i === items.length - 1 ? dummy.end : seq.end + this.delta;
    return newSeq;
  }

  /** The pair's value re-parsed, and where the pair ends (what it adds to the root's end). */
  pair(key: Scalar, pairEnd: number): { value: YNode; end: number } | undefined {
    const start = key.start;
    const source = this.text.slice(start, pairEnd + this.delta);
    const events = eventsOf(source);
    const n = events ? events.length : 0;
    if (!events || n < 6 || !documentOf(events, 2)) return undefined;
    // The same plain key, then one value.
    const k = events[2];
    if (k.type !== EVENT_ID.SCALAR || k.style !== 1 || k.valueStart !== 0 || k.valueEnd !== key.text.length || k.anchorStart >= 0 || k.tagStart >= 0) return undefined;
    if (source.slice(0, k.valueEnd) !== key.text || topLevelNodes(events, 3, n - 2) !== 1) return undefined;
    const built = this.build(events, source, start);
    if (!built || built.kind !== 'map' || pairCount(built) !== 1) return undefined;
    const value = copyNode(valueAt(built, 0), 0, detached);
    if (!value) return undefined;
    this.unitStart = start;
    this.end = pairEnd;
    return { value, end: built.end };
  }

  /** `nodes` with nodes[i] replaced, the ones after it moved by delta (shared when it is 0). */
  around(nodes: readonly YNode[], i: number, replacement: YNode): YNode[] | undefined {
    // A copy of the array, overwritten: exactly sized and packed, as the builder makes them.
    const out = nodes.slice();
    out[i] = replacement;
    if (this.delta === 0) return out;
    for (let k = i + 1; k < out.length; k++) {
      const moved = copyNode(out[k], this.delta);
      if (!moved) return undefined;
      out[k] = moved;
    }
    return out;
  }

  /**
   * The problems of the new text: the unit's old ones replaced by its new ones, the ones after it
   * moved. They are all duplicate keys, reported as each value starts, so in the order of their
   * keys. `from` is where the unit's own problems start (for a pair: after its key, whose
   * duplicate is reported by the root mapping, and stays).
   */
  problems(from: number): YamlProblem[] {
    const out: YamlProblem[] = [];
    let inserted = false;
    for (const problem of this.oldProblems) {
      if (problem.start < from) {
        out.push(problem);
        continue;
      }
      if (!inserted) {
        out.push(...this.newProblems);
        inserted = true;
      }
      if (problem.start >= this.end) out.push({ ...problem, start: problem.start + this.delta, end: problem.end + this.delta });
      // else: inside the unit, replaced.
    }
    if (!inserted) out.push(...this.newProblems);
    return out;
  }

  /** The unit's tree (a mapping holding it), built against the new text; keeps its problems. */
  private build(events: Event[], source: string, base: number): YNode | undefined {
    const builder = new TreeBuilder(this.text, LIMITS.maxAliases);
    if (!builder.feed(events, 0, events.length, source, base, 0, true) || builder.depth !== 0 || builder.usesAnchors) return undefined;
    this.newProblems = builder.problems;
    for (const problem of this.newProblems) if (problem.code !== 'yaml-duplicate-key') return undefined;
    return builder.root;
  }
}

function eventsOf(source: string): Event[] | undefined {
  // A lone carriage return is a line break to YAML but not to the line logic here.
  if (/\r(?!\n)/.test(source)) return undefined;
  try {
    return parseEvents(source, PARSER_OPTIONS);
  } catch {
    // A syntax error: the whole text reports it (with its position in the whole text).
    return undefined;
  }
}

/**
 * True when the events are one implicit document whose root is a block mapping at the source's
 * start, and the last `pops` events close what the unit sits in (the mapping, maybe a list, the
 * document).
 */
function documentOf(events: Event[], pops: number): boolean {
  const doc = events[0];
  const root = events[1];
  if (doc.type !== EVENT_ID.DOCUMENT || doc.explicitStart || doc.explicitEnd) return false;
  if (root.type !== EVENT_ID.MAPPING || root.style !== 1 || root.start !== 0 || root.anchorStart >= 0 || root.tagStart >= 0) return false;
  for (let i = events.length - pops; i < events.length; i++) if (events[i].type !== EVENT_ID.POP) return false;
  return true;
}

/**
 * How many nodes events[from, to) hold at their top level; -1 when they are not whole nodes, or
 * hold a document, an anchor or an alias.
 */
function topLevelNodes(events: Event[], from: number, to: number): number {
  let depth = 0;
  let nodes = 0;
  for (let i = from; i < to; i++) {
    const event = events[i];
    switch (event.type) {
      case EVENT_ID.SCALAR:
        if (event.anchorStart >= 0) return -1;
        if (depth === 0) nodes++;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        if (event.anchorStart >= 0) return -1;
        if (depth === 0) nodes++;
        depth++;
        break;
      case EVENT_ID.POP:
        if (depth === 0) return -1;
        depth--;
        break;
      default:
        return -1;
    }
  }
  return depth === 0 ? nodes : -1;
}

/** Where a node's event puts it (-1: no position of its own). */
function startOf(event: Event): number {
  if (event.type === EVENT_ID.SCALAR) return event.valueStart;
  if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) return event.start;
  return -1;
}

/** True when the change ends before the line break that precedes `unitEnd` (or at the text's end). */
function endsInside(change: ChangedRange, unitEnd: number, length: number): boolean {
  return change.oldEnd < unitEnd || (unitEnd === length && change.oldEnd === length);
}

/** The largest k < count with startAt(k) <= offset (starts ascending), or -1. */
function lastStartingAtOrBefore(count: number, startAt: (k: number) => number, offset: number): number {
  let low = 0;
  let high = count - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (startAt(mid) <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** A top-level key the text can be cut at: plain, at column 0, followed by `:`. */
function topLevelKey(text: string, key: YNode): Scalar | undefined {
  if (!(key instanceof Scalar) || key.empty || key.style !== 1 || key.anchor !== undefined || key.tag !== undefined) return undefined;
  if (key.end - key.start !== key.text.length || lineStart(text, key.start) !== key.start || text.charCodeAt(key.end) !== 58) return undefined;
  return key;
}

/**
 * The start of the line of an item's `- `, when the item is on that line right after it (so the
 * line is where the item starts, as chunks.ts cuts); else -1.
 */
function itemLine(text: string, item: YNode, indent: number): number {
  if (item.kind === 'scalar' && item.empty) return -1;
  const start = lineStart(text, item.start);
  const dash = start + indent;
  if (text.charCodeAt(dash) !== 45 || item.start < dash + 2) return -1;
  for (let i = start; i < dash; i++) if (text.charCodeAt(i) !== 32) return -1;
  for (let i = dash + 1; i < item.start; i++) if (text.charCodeAt(i) !== 32) return -1;
  return start;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** True when text[from, to) is only blank lines, comments and `---` lines (no directive). */
function onlyComments(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; ) {
    let end = text.indexOf('\n', i);
    if (end < 0 || end > to) end = to;
    let k = i;
    if (text.startsWith('---', k)) k += 3;
    while (k < end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 13)) k++;
    if (k < end && text.charCodeAt(k) !== 35) return false;
    i = end + 1;
  }
  return true;
}
