// Reading the fields of a mapping for the model builder: one pass over its pairs, then typed
// accessors by slot number. Looking each field up with getValue scanned the pairs once per field
// (about 20 scans per entity), the largest part of building the model; slot numbers (constants
// of each reader's `at`) spare the accessors a Map lookup per field. The mapping is read through
// the index readers of yaml/nodes.ts: a parsed mapping holds its pairs as slots, not objects.
import { hasPlainValueAt, itemTextOf, keyTextAt, pairCount, scalarValueAt, valueAt, valueTextAt } from '../yaml/nodes';
import { deref, scalarTextOf, type YMap, type YNode, type YSeq } from '../yaml/tree';

/** Shared by every empty list of the model (it is frozen: the model is read-only). */
export const EMPTY: never[] = Object.freeze([]) as never[];

/** Gives the list of one text, shared where it can be (see SharedLists and Singles). */
export interface OneItemLists {
  of(text: string): string[];
}

/**
 * One-item lists of the same text, shared and frozen like EMPTY: most lists of a model hold one
 * word or id (`atlas: [AML.T0020]`, `data: asset-3`), and a list costs ~56 bytes. One table per
 * model build, dropped with it. Only for fields whose texts repeat: a table lookup per list costs
 * about what making the list does.
 */
export class SharedLists implements OneItemLists {
  private readonly lists = new Map<string, string[]>();

  of(text: string): string[] {
    let list = this.lists.get(text);
    if (!list) this.lists.set(text, (list = Object.freeze([text]) as string[]));
    return list;
  }
}

/** The one-item lists of an enumeration's values, made once (and a fresh list for any other text). */
export class Singles<T extends string> implements OneItemLists {
  private readonly lists: T[][];

  constructor(readonly values: readonly T[]) {
    this.lists = values.map((v) => Object.freeze([v]) as T[]);
  }

  of(text: string): string[] {
    const i = (this.values as readonly string[]).indexOf(text);
    return i >= 0 ? this.lists[i] : [text];
  }
}

/** A scalar or a list of scalars, as strings (empty and non-scalar items skipped), sized exactly. */
export function textsOf(node: YNode | undefined, shared?: OneItemLists): string[] {
  if (!node) return EMPTY;
  if (node.kind === 'scalar') return node.empty || node.value === null ? EMPTY : shared ? shared.of(node.text) : [node.text];
  if (node.kind !== 'seq') return EMPTY;
  // A list of one plain scalar: its text, without making its items (see yaml/nodes.ts SeqNode).
  const one = itemTextOf(node);
  if (one !== null) return one === undefined ? EMPTY : shared ? shared.of(one) : [one];
  const items = node.items;
  let count = 0;
  let first: string | undefined;
  for (const item of items) {
    const text = scalarTextOf(item);
    if (text !== undefined && count++ === 0) first = text;
  }
  if (count === 0) return EMPTY;
  if (count === 1 && shared) return shared.of(first!);
  const out = new Array<string>(count);
  let i = 0;
  for (const item of items) {
    const text = scalarTextOf(item);
    if (text !== undefined) out[i++] = text;
  }
  return out;
}

/** The list itself when every item is one of `values`, else the items that are. */
export function onlyOf<T extends string>(list: string[], values: readonly T[], shared?: OneItemLists): T[] {
  let count = 0;
  for (const v of list) if ((values as readonly string[]).includes(v)) count++;
  if (count === list.length) return list as T[];
  if (count === 0) return EMPTY;
  const out = new Array<T>(count);
  let i = 0;
  for (const v of list) if ((values as readonly string[]).includes(v)) out[i++] = v as T;
  return count === 1 && shared ? (shared.of(out[0]) as T[]) : out;
}

/** The list itself when empty (as EMPTY), else an exactly sized copy (a pushed-to array keeps spare room). */
export function fit<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY : list.slice();
}

/** How many leading key positions each reader remembers. */
const SEEN_KEYS = 24;

/**
 * The values of a mapping's known keys. `read` takes one pass over the pairs (the first pair of
 * a key wins, as getValue reads); the accessors take a slot number from `at` and follow aliases.
 * One reader per kind of mapping, reused: read everything needed from one mapping before
 * reading another with the same reader.
 */
export class Fields<K extends string> {
  /** The slot number of each key. */
  readonly at: { readonly [key in K]: number };
  private readonly index = new Map<string, number>();
  /** The mapping last read. */
  private current: YMap | undefined = undefined;
  /**
   * The pair index of each field in it, or -1 (indexes, not values: a plain scalar value is read
   * without making its node, see yaml/nodes.ts MapNode).
   */
  private readonly slots: number[];
  /**
   * The key met at each position of the last mappings read, and its slot (-1: not a field).
   * Mappings of one kind list their keys in much the same order, and the parser shares key
   * strings, so comparing with the last key (usually the same string) spares a Map lookup.
   */
  private readonly seenKeys: string[] = new Array<string>(SEEN_KEYS).fill('');
  private readonly seenSlots: number[] = new Array<number>(SEEN_KEYS).fill(-1);

  constructor(keys: readonly K[]) {
    const at = {} as { [key in K]: number };
    keys.forEach((key, i) => {
      this.index.set(key, i);
      at[key] = i;
    });
    this.at = at;
    this.slots = new Array<number>(keys.length).fill(-1);
  }

  read(map: YMap): this {
    const slots = this.slots;
    slots.fill(-1);
    this.current = map;
    const count = pairCount(map);
    const seenKeys = this.seenKeys;
    const seenSlots = this.seenSlots;
    for (let p = 0; p < count; p++) {
      const key = keyTextAt(map, p);
      let i: number;
      if (p < SEEN_KEYS && seenKeys[p] === key) i = seenSlots[p];
      else {
        i = this.index.get(key) ?? -1;
        if (p < SEEN_KEYS) {
          seenKeys[p] = key;
          seenSlots[p] = i;
        }
      }
      if (i >= 0 && slots[i] < 0) slots[i] = p;
    }
    return this;
  }

  /** Forgets the last mapping and keys read, so nothing of a released document stays reachable from here. */
  release(): void {
    this.slots.fill(-1);
    this.current = undefined;
    this.seenKeys.fill('');
  }

  /** The value in slot `i` (aliases followed), or undefined. */
  node(i: number): YNode | undefined {
    const p = this.slots[i];
    return p < 0 ? undefined : deref(valueAt(this.current!, p));
  }

  str(i: number): string | undefined {
    const p = this.slots[i];
    return p < 0 ? undefined : valueTextAt(this.current!, p);
  }

  bool(i: number): boolean {
    const p = this.slots[i];
    return p >= 0 && scalarValueAt(this.current!, p) === true;
  }

  num(i: number): number | undefined {
    const p = this.slots[i];
    const value = p < 0 ? undefined : scalarValueAt(this.current!, p);
    return typeof value === 'number' ? value : undefined;
  }

  oneOf<T extends string>(i: number, values: readonly T[]): T | undefined {
    const s = this.str(i);
    return s !== undefined && (values as readonly string[]).includes(s) ? (s as T) : undefined;
  }

  /** With `shared`, a list of one text is the shared one (see OneItemLists). */
  strings(i: number, shared?: OneItemLists): string[] {
    const p = this.slots[i];
    if (p < 0) return EMPTY;
    const map = this.current!;
    const text = valueTextAt(map, p);
    // One scalar: its text, without making its node; else what textsOf reads.
    if (text !== undefined) return shared ? shared.of(text) : [text];
    if (hasPlainValueAt(map, p)) return EMPTY;
    return textsOf(deref(valueAt(map, p)), shared);
  }

  /** The items that are `values` (shared when one, see Singles). */
  enums<T extends string>(i: number, singles: Singles<T>): T[] {
    return onlyOf(this.strings(i, singles), singles.values, singles);
  }

  map(i: number): YMap | undefined {
    const node = this.node(i);
    return node && node.kind === 'map' ? node : undefined;
  }

  seq(i: number): YSeq | undefined {
    const node = this.node(i);
    return node && node.kind === 'seq' ? node : undefined;
  }
}
