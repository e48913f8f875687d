// The node classes behind the tree interfaces of tree.ts. A model of 5,000 elements has about
// 650,000 scalars, so every field counts: a scalar holds two fields (its start packed with its
// style and value kind, and its text), `kind` lives on the prototype, and `end`, `style`, `empty`
// and `value` are derived. A pair holds its key text and value, and makes its key node on demand,
// and its value node too when the value is a plain scalar (most are): until then the pair holds
// that scalar's two fields itself, and readers that only need its text or value (valueTextOf,
// scalarValueOf) read them without making the node.
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

/**
 * A mapping pair. A plain scalar key (nearly every key) gets its node on first use: readers
 * look keys up by `keyText`, and only diagnostics, navigation and edits ask for the key node. A
 * plain scalar value (no anchor, tag, or decoded text other than its source) is held the same
 * way, as its text and packed field, until its node is asked for; the model, the symbol table
 * and the schema check read it through valueTextOf and scalarValueOf without making the node.
 */
export class Pair implements YPair {
  /** The key node, or until it is first asked for, a plain scalar key's packed start and kinds. */
  private k: YNode | number;
  /** The key as text (non-scalar keys are `[complex key]`). */
  readonly keyText: string;
  /** The value node, or until it is first asked for, a plain scalar value's text. */
  private v: YNode | string;
  /** A plain scalar value's packed start and kinds (see packScalar), or -1 for any other value. */
  private readonly b: number;

  /** With a plain Scalar as value, the pair keeps its fields rather than the node (see above). */
  constructor(key: YNode | number, keyText: string, value: YNode | string, packed = -1) {
    this.k = key;
    this.keyText = keyText;
    if (typeof value !== 'string' && isPlainScalar(value)) {
      this.v = value.text;
      this.b = value.b;
    } else {
      this.v = value;
      this.b = typeof value === 'string' ? packed : -1;
    }
  }

  get key(): YNode {
    const k = this.k;
    if (typeof k !== 'number') return k;
    const node = new Scalar(k, this.keyText);
    this.k = node;
    return node;
  }

  get value(): YNode {
    const v = this.v;
    if (typeof v !== 'string') return v;
    const node = new Scalar(this.b, v);
    this.v = node;
    return node;
  }

  /** True when the value is a plain scalar (see above), held as fields or made into its node since. */
  get plainValue(): boolean {
    return this.b >= 0;
  }

  /** A plain scalar value's text (plainValue only). */
  get plainText(): string {
    const v = this.v;
    return typeof v === 'string' ? v : (v as Scalar).text;
  }

  /** A plain scalar value's packed start and kinds (plainValue only). */
  get plainPacked(): number {
    return this.b;
  }

  /** This pair moved by delta (see copyNode); undefined when its key or value cannot be copied. */
  copy(delta: number, strings: StringMap = SAME): Pair | undefined {
    const k = this.k;
    const key = typeof k === 'number' ? k + delta : copyNode(k, delta, strings);
    if (key === undefined) return undefined;
    const keyText = strings === SAME ? this.keyText : keyString(this.keyText, strings);
    // A plain value goes back to its fields, made into a node or not (copies are as parsed).
    if (this.b >= 0) return new Pair(key, keyText, strings(this.plainText), this.b + delta);
    const value = copyNode(this.v as YNode, delta, strings);
    if (value === undefined) return undefined;
    return new Pair(key, keyText, value);
  }

  /** The same key (not moved) with another value. */
  withValue(value: YNode): Pair {
    return new Pair(this.k, this.keyText, value);
  }

  /** The key's start, without creating its node. */
  get keyStart(): number {
    const k = this.k;
    return typeof k === 'number' ? k & MAX_OFFSET : k.start;
  }

  /** True when the key is a scalar (without creating its node). */
  get scalarKey(): boolean {
    const k = this.k;
    return typeof k === 'number' || k.kind === 'scalar';
  }
}

/** A plain scalar's text as scalarTextOf gives it: undefined when it is empty or null (from its packed field, see packScalar). */
function presentText(packed: number, text: string): string | undefined {
  return (packed >>> STYLE_SHIFT) & 7 && packed >>> KIND_SHIFT !== VALUE_NULL ? text : undefined;
}

/** True when the pair's value is a plain scalar held by the pair (see Pair), read with valueTextOf and scalarValueOf. */
export function hasPlainValue(pair: YPair): pair is Pair {
  return pair instanceof Pair && pair.plainValue;
}

/** What scalarTextOf(pair.value) gives (the text of a non-empty, non-null scalar), without making a plain value's node. */
export function valueTextOf(pair: YPair): string | undefined {
  if (pair instanceof Pair && pair.plainValue) {
    return presentText(pair.plainPacked, pair.plainText);
  }
  return scalarTextOf(pair.value);
}

/** The range of a pair's non-empty plain scalar value (see Pair), without making its node; undefined for any other value. */
export function plainValueRange(pair: YPair): { start: number; end: number } | undefined {
  if (!(pair instanceof Pair) || !pair.plainValue || !((pair.plainPacked >>> STYLE_SHIFT) & 7)) return undefined;
  const start = pair.plainPacked & MAX_OFFSET;
  return { start, end: start + pair.plainText.length };
}

/** What pair.value's scalar value is (aliases followed; undefined when not a scalar), without making a plain value's node. */
export function scalarValueOf(pair: YPair): ScalarValue | undefined {
  if (pair instanceof Pair && pair.plainValue) return valueOfPacked(pair.plainPacked, pair.plainText);
  const node = deref(pair.value);
  return node && node.kind === 'scalar' ? node.value : undefined;
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

export class MapNode extends Collection implements YMap {
  declare readonly kind: 'map';
  /** Filled when the mapping closes (exactly sized). */
  pairs: YPair[] = NO_CHILDREN;
}
(MapNode.prototype as { kind: string }).kind = 'map';

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
    if (node.pairs.length > 0) {
      // A copy of the array, overwritten: exactly sized and packed, as the builder makes them.
      const pairs = node.pairs.slice();
      for (let i = 0; i < pairs.length; i++) {
        const pair = pairs[i];
        const moved = pair instanceof Pair ? pair.copy(delta, strings) : undefined;
        if (!moved) return undefined;
        pairs[i] = moved;
      }
      map.pairs = pairs;
    }
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
