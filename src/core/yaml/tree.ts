// A positioned YAML tree built from js-yaml's `parseEvents`. It is the source map of the model:
// every node knows its start and end offset in the text, and mapping pairs keep their key node,
// so a diagnostic can point at the exact key or value. Aliases are kept as references (never
// expanded), which bounds alias bombs by construction.
// The index readers come from nodes.ts, which imports this file too: neither reads the other's
// exports while it loads, only when called.
import { indexOfKey, keyAt, keyTextAt, pairCount, valueAt, valueTextAt } from './nodes';

export interface YBase {
  /** Offset of the first character (for quoted scalars: inside the quotes). */
  start: number;
  /** Offset after the last character. */
  end: number;
  anchor?: string;
  tag?: string;
}

export type ScalarValue = string | number | boolean | null;

export interface YScalar extends YBase {
  kind: 'scalar';
  /** The decoded text of the scalar. */
  text: string;
  /** The value after core-schema resolution (plain scalars only; quoted ones stay strings). */
  value: ScalarValue;
  /** js-yaml scalar style: 1 plain, 2 single-quoted, 3 double-quoted, 4 literal, 5 folded. */
  style: number;
  /** True when the scalar was absent in the source (`key:` with nothing after it). */
  empty: boolean;
}

export interface YPair {
  key: YNode;
  value: YNode;
  /** The key as text (non-scalar keys are rendered as `[complex key]`). */
  keyText: string;
}

export interface YMap extends YBase {
  kind: 'map';
  flow: boolean;
  pairs: YPair[];
}

export interface YSeq extends YBase {
  kind: 'seq';
  flow: boolean;
  items: YNode[];
}

export interface YAlias extends YBase {
  kind: 'alias';
  name: string;
  target?: YNode;
}

export type YNode = YScalar | YMap | YSeq | YAlias;

export type PathSegment = string | number;

/** Follows aliases (bounded) to the node they refer to. */
export function deref(node: YNode | undefined): YNode | undefined {
  let current = node;
  for (let hops = 0; current && current.kind === 'alias' && hops < 16; hops++) current = current.target;
  return current && current.kind === 'alias' ? undefined : current;
}

/** The first pair with this key, or undefined (a pair object: readers of a parsed model use the index readers of nodes.ts). */
export function pairOf(map: YMap, key: string): YPair | undefined {
  const i = indexOfKey(map, key);
  return i < 0 ? undefined : map.pairs[i];
}

/** The value of a key in a mapping (aliases followed), or undefined. */
export function getValue(map: YMap | undefined, key: string): YNode | undefined {
  if (!map) return undefined;
  const i = indexOfKey(map, key);
  return i < 0 ? undefined : deref(valueAt(map, i));
}

export function asMap(node: YNode | undefined): YMap | undefined {
  const n = deref(node);
  return n && n.kind === 'map' ? n : undefined;
}

export function asSeq(node: YNode | undefined): YSeq | undefined {
  const n = deref(node);
  return n && n.kind === 'seq' ? n : undefined;
}

export function asScalar(node: YNode | undefined): YScalar | undefined {
  const n = deref(node);
  return n && n.kind === 'scalar' ? n : undefined;
}

/** The text of a scalar (aliases followed), or undefined when absent, empty, null or not a scalar. */
export function scalarTextOf(node: YNode | undefined): string | undefined {
  const s = asScalar(node);
  return s && !s.empty && s.value !== null ? s.text : undefined;
}

/** The text of a scalar value under `key`, or undefined when absent, empty or not a scalar. */
export function scalarText(map: YMap | undefined, key: string): string | undefined {
  const i = map ? indexOfKey(map, key) : -1;
  return i < 0 ? undefined : valueTextAt(map!, i);
}

/** Walks a path of keys and indices from a node (aliases followed). */
export function nodeAtPath(root: YNode | undefined, path: readonly PathSegment[]): YNode | undefined {
  let current = deref(root);
  for (const segment of path) {
    if (!current) return undefined;
    if (typeof segment === 'number') {
      current = current.kind === 'seq' ? deref(current.items[segment]) : undefined;
    } else {
      current = current.kind === 'map' ? getValue(current, segment) : undefined;
    }
  }
  return current;
}

/** A human-readable path such as `elements[2].id`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

export interface NodeLocation {
  /** The innermost node containing the offset. */
  node: YNode;
  /** Keys and indices from the root to `node`. */
  path: PathSegment[];
  /** Ancestors from the root, parallel to `path` (ancestors[i] contains path[i]). */
  ancestors: YNode[];
  /** True when the offset is on a mapping key rather than its value. */
  onKey: boolean;
}

/**
 * Finds the innermost node at an offset, with its path from the root. Iterative, and it only
 * descends into children that contain the offset, so its cost is the depth times the fan-out.
 */
export function locate(root: YNode | undefined, offset: number): NodeLocation | undefined {
  if (!root) return undefined;
  const path: PathSegment[] = [];
  const ancestors: YNode[] = [];
  let node: YNode = root;
  for (;;) {
    if (node.kind === 'map') {
      let next: YNode | undefined;
      for (let i = 0, count = pairCount(node); i < count; i++) {
        const key = keyAt(node, i);
        if (offset >= key.start && offset <= key.end) {
          return { node: key, path: [...path, keyTextAt(node, i)], ancestors: [...ancestors, node], onKey: true };
        }
        const value = valueAt(node, i);
        if (offset >= value.start && offset <= value.end && !(value.kind === 'scalar' && value.empty)) {
          path.push(keyTextAt(node, i));
          ancestors.push(node);
          next = value;
          break;
        }
      }
      if (!next) return { node, path, ancestors, onKey: false };
      node = next;
    } else if (node.kind === 'seq') {
      let next: YNode | undefined;
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i];
        if (offset >= item.start && offset <= item.end) {
          path.push(i);
          ancestors.push(node);
          next = item;
          break;
        }
      }
      if (!next) return { node, path, ancestors, onKey: false };
      node = next;
    } else {
      return { node, path, ancestors, onKey: false };
    }
  }
}
