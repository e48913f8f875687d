// js-yaml events -> positioned tree, in one pass and without a closure or an object per open
// collection. Events may come in several batches (see chunks.ts): each batch says which source
// string its offsets refer to and where that string sits in the text.
import { EVENT_ID, getScalarValue, type Event, type MappingEvent, type ScalarEvent, type SequenceEvent } from 'js-yaml';
import {
  AliasNode,
  LongScalar,
  MAX_OFFSET,
  MapNode,
  Scalar,
  SeqNode,
  VALUE_STRING,
  packScalar,
  plainValueKind,
  putPair,
  type Slot,
} from './nodes';
import type { YamlProblem } from './parse';
import { internalized, StringTable } from './strings';
import type { YNode } from './tree';

/** From this many pairs on, a mapping keeps a Set of its keys for duplicate detection. */
const KEY_SET_FROM = 16;

export class TreeBuilder {
  root: YNode | undefined;
  readonly problems: YamlProblem[] = [];
  /** Set once more aliases than the limit were seen (the rest are ignored). */
  private aliasLimitReported = false;
  private aliases = 0;
  private documents = 0;
  private inFirstDocument = false;
  /** End of the last thing read: where an empty scalar or a collection without a start sits. */
  private lastEnd = 0;
  private readonly anchors = new Map<string, YNode>();
  /** Key texts, internalized; short values. */
  private readonly keys: StringTable;
  private readonly values: StringTable;
  // The open collections, innermost last, as parallel arrays.
  private readonly open: (MapNode | SeqNode)[] = [];
  private readonly childBase: number[] = [];
  private readonly maxEnd: number[] = [];
  // A mapping's key waiting for its value: its text (undefined when none waits), its node, or for
  // a plain scalar key whose node is made on demand (see MapNode), its packed start and kinds.
  private readonly pendingText: (string | undefined)[] = [];
  private readonly pendingKey: (YNode | undefined)[] = [];
  private readonly pendingPacked: number[] = [];
  private readonly keySets: (Set<string> | undefined)[] = [];
  /** Children of all open collections, innermost last: the slots of mappings' pairs (see MapNode), items of sequences. */
  private readonly children: Slot[] = [];
  private childCount = 0;

  constructor(
    readonly text: string,
    private readonly maxAliases: number,
  ) {
    this.keys = new StringTable(text, 64, 1 << 16, internalized);
    this.values = new StringTable(text, 16, 1 << 17);
  }

  /** How many collections are open. */
  get depth(): number {
    return this.open.length;
  }

  /** The innermost open collection. */
  get innermost(): MapNode | SeqNode | undefined {
    return this.open[this.open.length - 1];
  }

  /** True once an anchor or an alias was read (they tie distant parts of the tree together). */
  get usesAnchors(): boolean {
    return this.anchors.size > 0 || this.aliases > 0;
  }

  /** True when the open mapping at depth d (0 = outermost) has a key waiting for its value. */
  awaitingValueAt(d: number): boolean {
    return this.pendingText[d] !== undefined;
  }

  /**
   * Adds events[from..to). Their offsets are into `source`, which starts at `base` in the text.
   * For a chunk of a larger text (see chunks.ts), a document event when `documents` is false, or
   * closing a collection at depth `floor` or less, make it return false: the chunk does not have
   * the shape its place implies.
   */
  feed(events: Event[], from: number, to: number, source: string, base: number, floor: number, documents: boolean): boolean {
    for (let i = from; i < to; i++) {
      const event = events[i];
      switch (event.type) {
        case EVENT_ID.SCALAR:
          this.scalar(event, source, base);
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE:
          this.openCollection(event, base);
          break;
        case EVENT_ID.POP:
          if (floor > 0 && this.open.length <= floor) return false;
          this.pop();
          break;
        case EVENT_ID.ALIAS:
          this.alias(event.anchorStart + base, event.anchorEnd + base);
          break;
        case EVENT_ID.DOCUMENT:
          if (!documents) return false;
          this.document();
          break;
      }
    }
    return true;
  }

  /** Closes the innermost open collection (or nothing, for a document's end). */
  pop(): void {
    const d = this.open.length - 1;
    if (d < 0) return;
    const node = this.open.pop()!;
    const base = this.childBase.pop()!;
    let end = this.maxEnd.pop()!;
    this.pendingText.pop();
    this.pendingKey.pop();
    this.pendingPacked.pop();
    this.keySets.pop();
    const children = this.children.slice(base, this.childCount);
    this.childCount = base;
    if (node.kind === 'map') node.flat = children;
    else node.items = children as YNode[];
    // A flow collection's range ends after its closing bracket.
    if (node.flow) end = closingBracket(this.text, end, node.kind === 'map' ? '}' : ']');
    node.end = end;
    if (end > this.lastEnd) this.lastEnd = end;
    if (d > 0 && end > this.maxEnd[d - 1]) this.maxEnd[d - 1] = end;
  }

  private document(): void {
    this.documents++;
    this.inFirstDocument = this.documents === 1;
    if (this.documents === 2) {
      const marker = documentMarker(this.text, this.lastEnd);
      this.problems.push({
        code: 'yaml-multiple-documents',
        message: 'A .threatmodel file holds one YAML document; everything after the first `---` document is ignored.',
        start: marker ?? this.lastEnd,
        end: marker === undefined ? this.lastEnd : marker + 3,
      });
    }
  }

  private openCollection(event: MappingEvent | SequenceEvent, base: number): void {
    const start = event.start >= 0 ? event.start + base : this.lastEnd;
    const flow = event.style === 2;
    const node = event.type === EVENT_ID.MAPPING ? new MapNode(start, flow) : new SeqNode(start, flow);
    this.properties(node, event.anchorStart, event.anchorEnd, event.tagStart, event.tagEnd, base);
    this.attach(node, start);
    const inner = start + (flow ? 1 : 0);
    this.open.push(node);
    this.childBase.push(this.childCount);
    this.maxEnd.push(inner);
    this.pendingText.push(undefined);
    this.pendingKey.push(undefined);
    this.pendingPacked.push(0);
    this.keySets.push(undefined);
    if (inner > this.lastEnd) this.lastEnd = inner;
  }

  private scalar(event: ScalarEvent, source: string, base: number): void {
    const text = this.text;
    const empty = event.valueStart < 0;
    const d = this.open.length - 1;
    const isKey = d >= 0 && this.open[d].kind === 'map' && this.pendingText[d] === undefined;
    let start: number;
    let end: number;
    let decoded: string;
    if (empty) {
      start = end = this.lastEnd;
      decoded = '';
    } else {
      start = event.valueStart + base;
      end = event.valueEnd + base;
      if (event.fast) decoded = (isKey ? this.keys : this.values).get(start, end);
      else {
        try {
          decoded = getScalarValue(source, event);
        } catch {
          decoded = text.slice(start, end);
        }
        if (isKey) decoded = internalized(decoded);
      }
    }
    const style = event.style;
    // Block scalars: trim the trailing line breaks so the range ends on the last content character.
    if (style === 4 || style === 5) {
      while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
    }
    let tag: string | undefined;
    let valueKind: number;
    if (event.tagStart >= 0) {
      tag = text.slice(event.tagStart + base, event.tagEnd + base);
      valueKind = tag === '!!str' || tag === '!' ? VALUE_STRING : plainValueKind(decoded);
    } else {
      valueKind = style === 1 ? plainValueKind(decoded) : VALUE_STRING;
    }
    const packed = packScalar(start, empty ? 0 : style, valueKind);
    // A quoted scalar's range is inside its quotes; its parent's range includes the closing quote.
    const outerEnd = (style === 2 || style === 3) && end < text.length ? end + 1 : end;
    if (!empty && outerEnd > this.lastEnd) this.lastEnd = outerEnd;
    const short = end - start === decoded.length;
    if (isKey) {
      // A key without properties whose text is its source gets its node on demand (see MapNode).
      if (short && event.anchorStart < 0 && !tag) {
        if (outerEnd > this.maxEnd[d]) this.maxEnd[d] = outerEnd;
        this.pendingText[d] = decoded;
        this.pendingPacked[d] = packed;
        return;
      }
    }
    if (short && d >= 0 && event.anchorStart < 0 && !tag && this.open[d].kind === 'map') {
      // A mapping's plain value: its mapping holds its fields, and makes its node on demand (see MapNode).
      if (outerEnd > this.maxEnd[d]) this.maxEnd[d] = outerEnd;
      this.completePair(d, decoded, packed);
      return;
    }
    const node = short ? new Scalar(packed, decoded) : new LongScalar(packed, decoded, end);
    if (event.anchorStart >= 0 || tag) this.properties(node, event.anchorStart, event.anchorEnd, event.tagStart, event.tagEnd, base);
    this.attach(node, outerEnd);
  }

  private alias(anchorStart: number, anchorEnd: number): void {
    this.aliases++;
    const name = this.text.slice(anchorStart, anchorEnd);
    // The node covers the whole alias including its `*` indicator.
    const node = new AliasNode(name, Math.max(0, anchorStart - 1), anchorEnd);
    if (this.aliases > this.maxAliases) {
      if (!this.aliasLimitReported) {
        this.aliasLimitReported = true;
        this.problems.push({
          code: 'yaml-too-many-aliases',
          message: `More than ${this.maxAliases} aliases: the rest are ignored (this bounds alias bombs).`,
          start: node.start,
          end: node.end,
        });
      }
    } else {
      node.target = this.anchors.get(name);
      if (!node.target) {
        this.problems.push({ code: 'yaml-unknown-alias', message: `Unknown alias '*${name}'.`, start: node.start, end: node.end });
      }
    }
    this.attach(node, node.end);
    if (anchorEnd > this.lastEnd) this.lastEnd = anchorEnd;
  }

  /** js-yaml's anchor and tag ranges delimit the name only (after the `&` or `!` indicator). */
  private properties(node: YNode, anchorStart: number, anchorEnd: number, tagStart: number, tagEnd: number, base: number): void {
    if (anchorStart >= 0) {
      const anchor = this.text.slice(anchorStart + base, anchorEnd + base);
      node.anchor = anchor;
      this.anchors.set(anchor, node);
    }
    if (tagStart >= 0) {
      const tag = this.text.slice(tagStart + base, tagEnd + base);
      if (tag) node.tag = tag;
    }
  }

  /** Adds a node to the innermost open collection (or makes it the root); `end` is where it ends. */
  private attach(node: YNode, end: number): void {
    const d = this.open.length - 1;
    if (d < 0) {
      if (this.inFirstDocument && !this.root) this.root = node;
      return;
    }
    if (end > this.maxEnd[d]) this.maxEnd[d] = end;
    if (this.open[d].kind === 'seq') {
      this.children[this.childCount++] = node;
      return;
    }
    if (this.pendingText[d] === undefined) {
      this.pendingText[d] = node.kind === 'scalar' ? node.text : '[complex key]';
      this.pendingKey[d] = node;
      return;
    }
    this.completePair(d, node, -1);
  }

  /** Adds the pair of the key waiting at depth d and this value (a plain scalar's text and packed field, see MapNode). */
  private completePair(d: number, value: YNode | string, valuePacked: number): void {
    const keyText = this.pendingText[d]!;
    const key = this.pendingKey[d];
    const packed = this.pendingPacked[d];
    this.pendingText[d] = undefined;
    this.pendingKey[d] = undefined;
    if (key === undefined) this.checkDuplicate(d, keyText, packed & MAX_OFFSET, (packed & MAX_OFFSET) + keyText.length);
    else if (key.kind === 'scalar') this.checkDuplicate(d, keyText, key.start, key.end);
    putPair(this.children, this.childCount, key ?? packed, keyText, value, valuePacked);
    this.childCount += 4;
  }

  /**
   * Small mappings (nearly all) scan their pairs; from KEY_SET_FROM pairs on a Set is kept, since
   * comparing with every earlier pair made a mapping of n keys cost n² (a 600 KB mapping of 40k
   * keys took 13 s to parse, on every keystroke).
   */
  private checkDuplicate(d: number, keyText: string, start: number, end: number): void {
    const base = this.childBase[d];
    const children = this.children;
    let keys = this.keySets[d];
    if (!keys && this.childCount - base >= KEY_SET_FROM * 4) {
      keys = new Set<string>();
      for (let s = base; s < this.childCount; s += 4) if (scalarKey(children[s])) keys.add(children[s + 1] as string);
      this.keySets[d] = keys;
    }
    let duplicate = false;
    if (keys) duplicate = keys.has(keyText);
    else {
      for (let s = base; s < this.childCount && !duplicate; s += 4) duplicate = children[s + 1] === keyText && scalarKey(children[s]);
    }
    if (duplicate) {
      this.problems.push({
        code: 'yaml-duplicate-key',
        message: `Duplicate key '${keyText}': only the first definition is used.`,
        start,
        end,
      });
    } else keys?.add(keyText);
  }
}

/** True when a pair's key slot (see MapNode) is a scalar: a plain key's packed field, or a scalar node. */
function scalarKey(slot: Slot): boolean {
  return typeof slot === 'number' || (slot as YNode).kind === 'scalar';
}

/** Offset of the first `---` document marker at a line start at or after `from`. */
function documentMarker(text: string, from: number): number | undefined {
  const re = /(?:^|\n)---(?=[ \t\r\n]|$)/g;
  re.lastIndex = from > 0 ? from - 1 : 0;
  const m = re.exec(text);
  if (!m) return undefined;
  return m.index + (m[0].startsWith('\n') ? 1 : 0);
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
