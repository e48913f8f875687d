// The node classes behind the tree interfaces of tree.ts. A model of 5,000 elements has about
// 650,000 scalars, so every field counts: a scalar holds two fields (its start packed with its
// style and value kind, and its text), `kind` lives on the prototype, and `end`, `style`, `empty`
// and `value` are derived. A mapping holds its pairs as four slots each in one flat array, not as
// objects (see MapNode): a key's text, and its node made on demand, and its value, whose node is
// made on demand too when it is a plain scalar (most are): until then the mapping holds that
// scalar's two fields itself, and readers that only need its text or value (the index readers:
// valueTextAt, scalarValueAt) read them without making the node, or a Pair object.
// Readers only see the interfaces, so plain object literals still work wherever a node is built
// by hand (tests, edits). Nodes never change once built; an incremental update (update.ts) moves
// the offsets of a subtree by copying it (copyNode, at the end), the one place offsets are shifted.
import { deref, scalarTextOf, type ScalarValue, type YAlias, type YMap, type YNode, type YPair, type YScalar, type YSeq } from './tree';

/** Applied to every string of a subtree copied by copyNode (e.g. strings.ts `detached`). */
export type StringMap = (text: string) => string;

const SAME: StringMap = (text) => text;

/** Offsets fit in 24 bits (the parser refuses texts longer than LIMITS.maxLength, which is below). */
export const MAX_OFFSET = 0xffffff;

// Value kinds (bits 27-29 of a scalar's packed field).
export const VALUE_STRING = 0;
export const VALUE_NULL = 1;
export const VALUE_TRUE = 2;
export const VALUE_FALSE = 3;
export const VALUE_NUMBER = 4;

const STYLE_SHIFT = 24; // bits 24-26: js-yaml style 1-5, or 0 for an empty scalar
const KIND_SHIFT = 27;

const PLAIN_INT = /^[-+]?(?:0|[1-9][0-9_]*)$/;
const PLAIN_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/;
const DIGIT = /[0-9]/;

/** Core-schema resolution of a plain scalar, as a value kind (no allocation). */
export function plainValueKind(text: string): number {
  switch (text.length) {
    case 0:
      return VALUE_NULL;
    case 1:
      if (text === '~') return VALUE_NULL;
      break;
    case 4:
      if (text === 'null' || text === 'Null' || text === 'NULL') return VALUE_NULL;
      if (text === 'true' || text === 'True' || text === 'TRUE') return VALUE_TRUE;
      break;
    case 5:
      if (text === 'false' || text === 'False' || text === 'FALSE') return VALUE_FALSE;
      break;
  }
  const c = text.charCodeAt(0);
  // Only texts starting with a digit, sign or dot can be numbers; digits alone always are.
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    let i = 0;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === text.length) return VALUE_NUMBER;
    if (PLAIN_INT.test(text)) return VALUE_NUMBER;
    if (PLAIN_FLOAT.test(text) && DIGIT.test(text)) return VALUE_NUMBER;
  }
  return VALUE_STRING;
}

/** Packs a scalar's start, style (0 = empty) and value kind into one small integer. */
export function packScalar(start: number, style: number, valueKind: number): number {
  return start | (style << STYLE_SHIFT) | (valueKind << KIND_SHIFT);
}

export class Scalar implements YScalar {
  declare readonly kind: 'scalar';
  declare anchor?: string;
  declare tag?: string;
  /** start | style << 24 | value kind << 27 (see packScalar). */
  readonly b: number;
  readonly text: string;

  constructor(packed: number, text: string) {
    this.b = packed;
    this.text = text;
  }

  get start(): number {
    return this.b & MAX_OFFSET;
  }

  /** The text is the source between start and end (a scalar whose decoded text differs is a LongScalar). */
  get end(): number {
    return (this.b & MAX_OFFSET) + this.text.length;
  }

  get style(): number {
    return (this.b >>> STYLE_SHIFT) & 7 || 1;
  }

  get empty(): boolean {
    return ((this.b >>> STYLE_SHIFT) & 7) === 0;
  }

  /** This scalar moved by delta (see copyNode). */
  copy(delta: number, strings: StringMap): Scalar {
    return new Scalar(this.b + delta, strings(this.text));
  }

  get value(): ScalarValue {
    return valueOfPacked(this.b, this.text);
  }
}
(Scalar.prototype as { kind: string }).kind = 'scalar';

/** The value of a scalar from its packed field and text (see packScalar). */
function valueOfPacked(packed: number, text: string): ScalarValue {
  switch (packed >>> KIND_SHIFT) {
    case VALUE_STRING:
      return text;
    case VALUE_NULL:
      return null;
    case VALUE_TRUE:
      return true;
    case VALUE_FALSE:
      return false;
    default:
      return Number(text.replace(/_/g, ''));
  }
}

/** True for a scalar a pair can hold as its two fields: a Scalar (not a LongScalar) without anchor or tag. */
function isPlainScalar(node: YNode): node is Scalar {
  return node instanceof Scalar && !(node instanceof LongScalar) && node.anchor === undefined && node.tag === undefined;
}

/** A scalar whose decoded text is not its source slice (escapes, folded lines, block scalars). */
export class LongScalar extends Scalar {
  private readonly e: number;

  constructor(packed: number, text: string, end: number) {
    super(packed, text);
    this.e = end;
  }

  override get end(): number {
    return this.e;
  }

  override copy(delta: number, strings: StringMap): LongScalar {
    return new LongScalar(this.b + delta, strings(this.text), this.e + delta);
  }
}

/** A plain scalar's text as scalarTextOf gives it: undefined when it is empty or null (from its packed field, see packScalar). */
function presentText(packed: number, text: string): string | undefined {
  return (packed >>> STYLE_SHIFT) & 7 && packed >>> KIND_SHIFT !== VALUE_NULL ? text : undefined;
}

const NO_CHILDREN: never[] = [];
const FLOW = MAX_OFFSET + 1;

/** What mappings and sequences share: the start packed with the flow flag, and the end. */
abstract class Collection {
  declare anchor?: string;
  declare tag?: string;
  /** start | FLOW for a flow collection. */
  private readonly s: number;
  end: number;

  constructor(start: number, flow: boolean) {
    this.s = flow ? start | FLOW : start;
    this.end = start;
  }

  get start(): number {
    return this.s & MAX_OFFSET;
  }

  get flow(): boolean {
    return this.s > MAX_OFFSET;
  }
}

// The four slots of a pair in a MapNode's flat array (see MapNode).
const KEY = 0;
const KEY_TEXT = 1;
const VALUE = 2;
const PACKED = 3;

/** What a MapNode's flat array holds: its pairs' slots, then, once asked for, its Pair objects. */
export type Slot = YNode | string | number | Pair[];

/**
 * A mapping. Its pairs are not objects but four slots each in one flat array (a 5,000 element model
 * has 327,000 pairs; a pair object cost 56 bytes and a pointer, its slots cost 32 bytes):
 *
 * - KEY: the key node, or until it is first asked for, a plain scalar key's packed start and kinds
 *   (readers look keys up by their text; only diagnostics, navigation and edits need the node);
 * - KEY_TEXT: the key as text (non-scalar keys are `[complex key]`);
 * - VALUE: the value node, or until it is first asked for, a plain scalar value's text (no anchor,
 *   tag, or decoded text other than its source: most values);
 * - PACKED: that plain value's packed start and kinds (see packScalar), or -1 for any other value.
 *
 * The index readers below (pairCount, keyTextAt, valueAt, valueTextAt, ...) read the slots; the
 * model, the symbol table, the schema check and the outline read a model through them. `pairs`
 * makes Pair objects (views of the slots) for the readers that want them, once: they are kept
 * as one more slot at the end of the array, so the same objects come back every time.
 */
export class MapNode extends Collection implements YMap {
  declare readonly kind: 'map';
  /** The pairs' slots (exactly sized, filled when the mapping closes; see above). */
  flat: Slot[] = NO_CHILDREN;

  get pairs(): YPair[] {
    const flat = this.flat;
    const count = flat.length >> 2;
    if (count === 0) return NO_CHILDREN;
    if ((flat.length & 3) !== 0) return flat[flat.length - 1] as Pair[];
    const pairs = new Array<Pair>(count);
    for (let i = 0; i < count; i++) pairs[i] = new Pair(this, i);
    flat.push(pairs);
    return pairs;
  }

  /** Replaces the pairs (YMap's `pairs` can be written): they are put in slots as the builder puts them. */
  set pairs(pairs: YPair[]) {
    const flat = new Array<Slot>(pairs.length << 2);
    for (let i = 0; i < pairs.length; i++) putPair(flat, i << 2, pairs[i].key, pairs[i].keyText, pairs[i].value);
    this.flat = flat.length === 0 ? NO_CHILDREN : flat;
  }
}
(MapNode.prototype as { kind: string }).kind = 'map';

function keyNode(flat: Slot[], s: number): YNode {
  const k = flat[s + KEY];
  if (typeof k !== 'number') return k as YNode;
  const node = new Scalar(k, flat[s + KEY_TEXT] as string);
  flat[s + KEY] = node;
  return node;
}

function valueNode(flat: Slot[], s: number): YNode {
  const v = flat[s + VALUE];
  if (typeof v !== 'string') return v as YNode;
  const node = new Scalar(flat[s + PACKED] as number, v);
  flat[s + VALUE] = node;
  return node;
}

function plainTextOf(flat: Slot[], s: number): string {
  const v = flat[s + VALUE];
  return typeof v === 'string' ? v : (v as Scalar).text;
}

function keyStartOf(flat: Slot[], s: number): number {
  const k = flat[s + KEY];
  return typeof k === 'number' ? k & MAX_OFFSET : (k as YNode).start;
}

/**
 * Adds a pair's slots to `out` from `at` on: a plain Scalar value (see MapNode) as its text and
 * packed field, so that a mapping built from nodes (copies, edits) holds its values as parsed.
 */
export function putPair(out: Slot[], at: number, key: YNode | number, keyText: string, value: YNode | string, packed = -1): void {
  out[at + KEY] = key;
  out[at + KEY_TEXT] = keyText;
  if (typeof value !== 'string' && isPlainScalar(value)) {
    out[at + VALUE] = value.text;
    out[at + PACKED] = value.b;
  } else {
    out[at + VALUE] = value;
    out[at + PACKED] = typeof value === 'string' ? packed : -1;
  }
}

// Index readers: the i-th pair of any mapping, read from a MapNode's slots without making a Pair
// (nor a plain key's or value's node unless asked for it), or from `pairs` for a mapping built by
// hand (tests, edits).

/** How many pairs the mapping has. */
export function pairCount(map: YMap): number {
  return map instanceof MapNode ? map.flat.length >> 2 : map.pairs.length;
}

/** The i-th key as text (non-scalar keys are `[complex key]`). */
export function keyTextAt(map: YMap, i: number): string {
  return map instanceof MapNode ? (map.flat[(i << 2) + KEY_TEXT] as string) : map.pairs[i].keyText;
}

/** The i-th key's node (made on first use). */
export function keyAt(map: YMap, i: number): YNode {
  return map instanceof MapNode ? keyNode(map.flat, i << 2) : map.pairs[i].key;
}

/** The i-th key's start, without making its node. */
export function keyStartAt(map: YMap, i: number): number {
  return map instanceof MapNode ? keyStartOf(map.flat, i << 2) : map.pairs[i].key.start;
}

/** True when the i-th key is a scalar, without making its node. */
export function scalarKeyAt(map: YMap, i: number): boolean {
  if (!(map instanceof MapNode)) return map.pairs[i].key.kind === 'scalar';
  const k = map.flat[(i << 2) + KEY];
  return typeof k === 'number' || (k as YNode).kind === 'scalar';
}

/** The i-th value's node (a plain value's made on first use, see MapNode). */
export function valueAt(map: YMap, i: number): YNode {
  return map instanceof MapNode ? valueNode(map.flat, i << 2) : map.pairs[i].value;
}

/** True when the i-th value is a plain scalar held in its mapping's slots (see MapNode), read with valueTextAt and scalarValueAt. */
export function hasPlainValueAt(map: YMap, i: number): boolean {
  return map instanceof MapNode && (map.flat[(i << 2) + PACKED] as number) >= 0;
}

/** What scalarTextOf(valueAt(map, i)) gives (the text of a non-empty, non-null scalar), without making a plain value's node. */
export function valueTextAt(map: YMap, i: number): string | undefined {
  if (!(map instanceof MapNode)) return scalarTextOf(map.pairs[i].value);
  const flat = map.flat;
  const s = i << 2;
  const packed = flat[s + PACKED] as number;
  return packed >= 0 ? presentText(packed, plainTextOf(flat, s)) : scalarTextOf(flat[s + VALUE] as YNode);
}

/** What the i-th value's scalar value is (aliases followed; undefined when not a scalar), without making a plain value's node. */
export function scalarValueAt(map: YMap, i: number): ScalarValue | undefined {
  if (!(map instanceof MapNode)) return scalarValueOfNode(map.pairs[i].value);
  const flat = map.flat;
  const s = i << 2;
  const packed = flat[s + PACKED] as number;
  return packed >= 0 ? valueOfPacked(packed, plainTextOf(flat, s)) : scalarValueOfNode(flat[s + VALUE] as YNode);
}

/** The i-th value's start, without making a plain value's node. */
export function valueStartAt(map: YMap, i: number): number {
  if (!(map instanceof MapNode)) return map.pairs[i].value.start;
  const flat = map.flat;
  const s = i << 2;
  const packed = flat[s + PACKED] as number;
  return packed >= 0 ? packed & MAX_OFFSET : (flat[s + VALUE] as YNode).start;
}

/** The i-th value's text when it is a plain scalar (hasPlainValueAt only), made into its node or not. */
export function plainTextAt(map: MapNode, i: number): string {
  return plainTextOf(map.flat, i << 2);
}

/** The range of the i-th value when it is a non-empty plain scalar (see MapNode), without making its node; else undefined. */
export function plainValueRangeAt(map: YMap, i: number): { start: number; end: number } | undefined {
  if (!(map instanceof MapNode)) return undefined;
  const flat = map.flat;
  const s = i << 2;
  const packed = flat[s + PACKED] as number;
  if (packed < 0 || !((packed >>> STYLE_SHIFT) & 7)) return undefined;
  const start = packed & MAX_OFFSET;
  return { start, end: start + plainTextOf(flat, s).length };
}

/** The index of the first pair with this key, or -1. */
export function indexOfKey(map: YMap, key: string): number {
  if (!(map instanceof MapNode)) return map.pairs.findIndex((pair) => pair.keyText === key);
  const flat = map.flat;
  const end = (flat.length >> 2) << 2;
  for (let s = KEY_TEXT; s < end; s += 4) if (flat[s] === key) return s >> 2;
  return -1;
}

/**
 * A mapping pair, as `MapNode.pairs` gives it: a view of the pair's four slots in its mapping's
 * flat array (see MapNode), made only when a reader asks for `pairs`. Its nodes are the ones the
 * index readers (keyAt, valueAt) give, made on first use and kept in the slots.
 */
export class Pair implements YPair {
  constructor(
    /** The mapping holding this pair. */
    readonly map: MapNode,
    /** The pair's index there (for the index readers). */
    readonly index: number,
  ) {}

  get key(): YNode {
    return keyNode(this.map.flat, this.index << 2);
  }

  get keyText(): string {
    return this.map.flat[(this.index << 2) + KEY_TEXT] as string;
  }

  get value(): YNode {
    return valueNode(this.map.flat, this.index << 2);
  }

  /** True when the value is a plain scalar (see MapNode), held as fields or made into its node since. */
  get plainValue(): boolean {
    return hasPlainValueAt(this.map, this.index);
  }
}

/** True when the pair's value is a plain scalar held by its mapping (see MapNode), read with valueTextOf and scalarValueOf. */
export function hasPlainValue(pair: YPair): pair is Pair {
  return pair instanceof Pair && pair.plainValue;
}

/** What scalarTextOf(pair.value) gives (the text of a non-empty, non-null scalar), without making a plain value's node. */
export function valueTextOf(pair: YPair): string | undefined {
  return pair instanceof Pair ? valueTextAt(pair.map, pair.index) : scalarTextOf(pair.value);
}

/** The range of a pair's non-empty plain scalar value (see MapNode), without making its node; undefined for any other value. */
export function plainValueRange(pair: YPair): { start: number; end: number } | undefined {
  return pair instanceof Pair ? plainValueRangeAt(pair.map, pair.index) : undefined;
}

/** What pair.value's scalar value is (aliases followed; undefined when not a scalar), without making a plain value's node. */
export function scalarValueOf(pair: YPair): ScalarValue | undefined {
  return pair instanceof Pair ? scalarValueAt(pair.map, pair.index) : scalarValueOfNode(pair.value);
}

function scalarValueOfNode(value: YNode): ScalarValue | undefined {
  const node = deref(value);
  return node && node.kind === 'scalar' ? node.value : undefined;
}

/**
 * A sequence. One of a single plain scalar (`stride: [spoofing]`, `atlas: [AML.T0043]`: most lists
 * of a model) holds that scalar's text and packed field, as a pair holds a plain value, and makes
 * its items array and node only when asked for; readers that only need the text read it with
 * itemTextOf (an array and a node cost ~100 bytes: 4 MB for a 5,000 element model).
 */
export class SeqNode extends Collection implements YSeq {
  declare readonly kind: 'seq';
  /** The items (exactly sized, filled when the sequence closes), or the one plain item's text. */
  private i: YNode[] | string = NO_CHILDREN;
  /** The one plain item's packed start and kinds (see packScalar), or -1. */
  private b = -1;

  get items(): YNode[] {
    const i = this.i;
    if (typeof i !== 'string') return i;
    const items = [new Scalar(this.b, i)];
    this.i = items;
    return items;
  }

  /** Sets the items; one plain Scalar is kept as its fields (see above). */
  set items(items: YNode[]) {
    const item = items.length === 1 ? items[0] : undefined;
    if (item !== undefined && isPlainScalar(item)) {
      this.i = item.text;
      this.b = item.b;
    } else {
      this.i = items;
      this.b = -1;
    }
  }

  /** True when the sequence is one plain scalar (see above), held as fields or made into its node since. */
  get onePlainItem(): boolean {
    return this.b >= 0;
  }

  /** The one plain item's text (onePlainItem only). */
  get plainText(): string {
    const i = this.i;
    return typeof i === 'string' ? i : (i[0] as Scalar).text;
  }

  /** The one plain item's packed start and kinds (onePlainItem only). */
  get plainPacked(): number {
    return this.b;
  }
}
(SeqNode.prototype as { kind: string }).kind = 'seq';

/**
 * For a sequence of one plain scalar (see SeqNode): that scalar's text as scalarTextOf gives it
 * (undefined when empty or null), without making its node; else null: read its items.
 */
export function itemTextOf(seq: YSeq): string | undefined | null {
  if (!(seq instanceof SeqNode) || !seq.onePlainItem) return null;
  return presentText(seq.plainPacked, seq.plainText);
}

/** The value of a sequence's one plain scalar (onePlainItem only), without making its node. */
export function itemValueOf(seq: SeqNode): ScalarValue {
  return valueOfPacked(seq.plainPacked, seq.plainText);
}

/** Keys up to 64 characters are the engine's own copies already (strings.ts `internalized`). */
function keyString(text: string, strings: StringMap): string {
  return text.length > 64 ? strings(text) : text;
}

/** Copies a node's anchor and tag (own properties, set only when present). */
function copyProperties(from: YNode, to: YNode, strings: StringMap): void {
  if (from.anchor !== undefined) to.anchor = strings(from.anchor);
  if (from.tag !== undefined) to.tag = strings(from.tag);
}

/**
 * The slots of pairs [from, to) of `flat` moved by delta (see copyNode), in a new exactly sized
 * array, as the builder makes them (plain values back to their fields, made into nodes or not);
 * undefined when a key or value cannot be copied.
 */
function copySlots(flat: Slot[], from: number, to: number, delta: number, strings: StringMap): Slot[] | undefined {
  if (to <= from) return NO_CHILDREN;
  const out = new Array<Slot>((to - from) << 2);
  for (let s = from << 2, o = 0; s < to << 2; s += 4, o += 4) {
    const k = flat[s + KEY];
    const key = typeof k === 'number' ? k + delta : copyNode(k as YNode, delta, strings);
    if (key === undefined) return undefined;
    const text = flat[s + KEY_TEXT] as string;
    out[o + KEY] = key;
    out[o + KEY_TEXT] = strings === SAME ? text : keyString(text, strings);
    const packed = flat[s + PACKED] as number;
    if (packed >= 0) {
      out[o + VALUE] = strings(plainTextOf(flat, s));
      out[o + PACKED] = packed + delta;
    } else {
      const value = copyNode(flat[s + VALUE] as YNode, delta, strings);
      if (value === undefined) return undefined;
      out[o + VALUE] = value;
      out[o + PACKED] = -1;
    }
  }
  return out;
}

/**
 * A new block mapping with `map`'s pairs, the j-th one's value replaced by `value`, and the ones
 * after it moved by delta (see copyNode; the ones before are shared, nodes never change);
 * undefined when one cannot be copied. For incremental updates (update.ts).
 */
export function withValueAt(map: MapNode, j: number, value: YNode, delta: number): MapNode | undefined {
  const count = map.flat.length >> 2;
  const flat = map.flat.slice(0, count << 2);
  const s = j << 2;
  putPair(flat, s, flat[s + KEY] as YNode | number, flat[s + KEY_TEXT] as string, value);
  if (delta !== 0 && j + 1 < count) {
    const moved = copySlots(map.flat, j + 1, count, delta, SAME);
    if (!moved) return undefined;
    for (let o = 0; o < moved.length; o++) flat[((j + 1) << 2) + o] = moved[o];
  }
  const out = new MapNode(map.start, map.flow);
  out.flat = flat;
  return out;
}

/**
 * A copy of a subtree with every offset moved by `delta` and every string passed through `strings`
 * (the identity by default), or undefined when it holds an alias or a node not made by the
 * builder: an alias's target lies elsewhere in the tree, and nothing else is expected.
 */
export function copyNode(node: YNode, delta: number, strings: StringMap = SAME): YNode | undefined {
  let copy: YNode;
  if (node instanceof Scalar) copy = node.copy(delta, strings);
  else if (node instanceof MapNode) {
    const map = new MapNode(node.start + delta, node.flow);
    map.end = node.end + delta;
    const flat = copySlots(node.flat, 0, node.flat.length >> 2, delta, strings);
    if (!flat) return undefined;
    map.flat = flat;
    copy = map;
  } else if (node instanceof SeqNode) {
    const seq = new SeqNode(node.start + delta, node.flow);
    seq.end = node.end + delta;
    if (node.onePlainItem) seq.items = [new Scalar(node.plainPacked + delta, strings(node.plainText))];
    else if (node.items.length > 0) {
      const items = node.items.slice();
      for (let i = 0; i < items.length; i++) {
        const item = copyNode(items[i], delta, strings);
        if (!item) return undefined;
        items[i] = item;
      }
      seq.items = items;
    }
    copy = seq;
  } else return undefined;
  if (node.anchor !== undefined || node.tag !== undefined) copyProperties(node, copy, strings);
  return copy;
}

export class AliasNode implements YAlias {
  declare readonly kind: 'alias';
  declare anchor?: string;
  declare tag?: string;
  target?: YNode = undefined;

  constructor(
    readonly name: string,
    readonly start: number,
    readonly end: number,
  ) {}
}
(AliasNode.prototype as { kind: string }).kind = 'alias';
