// Reading the fields of a mapping for the model builder: one pass over its pairs, then typed
// accessors. Looking each field up with getValue scanned the pairs once per field (about 20
// scans per entity), the largest part of building the model.
import { deref, type YMap, type YNode, type YSeq } from '../yaml/tree';

/** Shared by every empty list of the model (it is frozen: the model is read-only). */
export const EMPTY: never[] = Object.freeze([]) as never[];

/** The text of a scalar (aliases followed), or undefined when absent, empty, null or not a scalar. */
export function textOf(raw: YNode | undefined): string | undefined {
  const node = raw && deref(raw);
  return node && node.kind === 'scalar' && !node.empty && node.value !== null ? node.text : undefined;
}

/** A scalar or a list of scalars, as strings (empty and non-scalar items skipped), sized exactly. */
export function textsOf(node: YNode | undefined): string[] {
  if (!node) return EMPTY;
  if (node.kind === 'scalar') return node.empty || node.value === null ? EMPTY : [node.text];
  if (node.kind !== 'seq') return EMPTY;
  const items = node.items;
  let count = 0;
  for (const item of items) if (textOf(item) !== undefined) count++;
  if (count === 0) return EMPTY;
  const out = new Array<string>(count);
  let i = 0;
  for (const item of items) {
    const text = textOf(item);
    if (text !== undefined) out[i++] = text;
  }
  return out;
}

/** The list itself when every item is one of `values`, else the items that are. */
export function onlyOf<T extends string>(list: string[], values: readonly T[]): T[] {
  let count = 0;
  for (const v of list) if ((values as readonly string[]).includes(v)) count++;
  if (count === list.length) return list as T[];
  if (count === 0) return EMPTY;
  const out = new Array<T>(count);
  let i = 0;
  for (const v of list) if ((values as readonly string[]).includes(v)) out[i++] = v as T;
  return out;
}

/** The list itself when empty (as EMPTY), else an exactly sized copy (a pushed-to array keeps spare room). */
export function fit<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY : list.slice();
}

/**
 * The values of a mapping's known keys. `read` takes one pass over the pairs (the first pair of
 * a key wins, as getValue reads); the accessors follow aliases. One reader per kind of mapping,
 * reused: read everything needed from one mapping before reading another with the same reader.
 */
export class Fields<K extends string> {
  private readonly index = new Map<string, number>();
  private readonly slots: (YNode | undefined)[];

  constructor(keys: readonly K[]) {
    keys.forEach((key, i) => this.index.set(key, i));
    this.slots = new Array<YNode | undefined>(keys.length).fill(undefined);
  }

  read(map: YMap): this {
    const slots = this.slots;
    slots.fill(undefined);
    for (const pair of map.pairs) {
      const i = this.index.get(pair.keyText);
      if (i !== undefined && slots[i] === undefined) slots[i] = pair.value;
    }
    return this;
  }

  /** The value under `key` (aliases followed), or undefined. */
  node(key: K): YNode | undefined {
    const raw = this.slots[this.index.get(key)!];
    return raw && deref(raw);
  }

  str(key: K): string | undefined {
    return textOf(this.node(key));
  }

  bool(key: K): boolean {
    const node = this.node(key);
    return node !== undefined && node.kind === 'scalar' && node.value === true;
  }

  num(key: K): number | undefined {
    const node = this.node(key);
    if (!node || node.kind !== 'scalar') return undefined;
    const value = node.value;
    return typeof value === 'number' ? value : undefined;
  }

  oneOf<T extends string>(key: K, values: readonly T[]): T | undefined {
    const s = this.str(key);
    return s !== undefined && (values as readonly string[]).includes(s) ? (s as T) : undefined;
  }

  strings(key: K): string[] {
    return textsOf(this.node(key));
  }

  enums<T extends string>(key: K, values: readonly T[]): T[] {
    return onlyOf(this.strings(key), values);
  }

  map(key: K): YMap | undefined {
    const node = this.node(key);
    return node && node.kind === 'map' ? node : undefined;
  }

  seq(key: K): YSeq | undefined {
    const node = this.node(key);
    return node && node.kind === 'seq' ? node : undefined;
  }
}
