// Equality of parsed documents for the tests of incremental updates (src/core/yaml/update.ts):
// trees compared node by node, models and symbol tables value by value, YAML nodes by kind and range.
import * as assert from 'node:assert/strict';
import { parseDocument, type ParsedDocument } from '../../src/core/document';
import type { YNode } from '../../src/core/yaml/tree';

function isNode(value: object): value is YNode {
  const o = value as { kind?: unknown; start?: unknown };
  return typeof o.kind === 'string' && ['scalar', 'map', 'seq', 'alias'].includes(o.kind) && typeof o.start === 'number';
}

/** Asserts two trees are the same to a reader (what yamlTexts' dump shows), naming the first difference. */
export function assertSameTree(a: YNode | undefined, b: YNode | undefined, where: string): void {
  const fail = (what: string): never => assert.fail(`${where}: ${what} (fresh ${a ? `${a.kind}@${a.start}-${a.end}` : '-'}, incremental ${b ? `${b.kind}@${b.start}-${b.end}` : '-'})`);
  if (!a || !b) {
    if (a !== b) fail('a node is missing');
    return;
  }
  if (a.kind !== b.kind || a.start !== b.start || a.end !== b.end || a.anchor !== b.anchor || a.tag !== b.tag) fail('kind, range or properties differ');
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (a.text !== b.text || !Object.is(a.value, b.value) || a.style !== b.style || a.empty !== b.empty) fail('scalars differ');
  } else if (a.kind === 'alias' && b.kind === 'alias') {
    if (a.name !== b.name || a.target?.kind !== b.target?.kind || a.target?.start !== b.target?.start) fail('aliases differ');
  } else if (a.kind === 'map' && b.kind === 'map') {
    if (a.flow !== b.flow || a.pairs.length !== b.pairs.length) fail('mappings differ');
    for (let i = 0; i < a.pairs.length; i++) {
      if (a.pairs[i].keyText !== b.pairs[i].keyText) fail(`key ${i} differs`);
      assertSameTree(a.pairs[i].key, b.pairs[i].key, `${where}.${a.pairs[i].keyText}(key)`);
      assertSameTree(a.pairs[i].value, b.pairs[i].value, `${where}.${a.pairs[i].keyText}`);
    }
  } else if (a.kind === 'seq' && b.kind === 'seq') {
    if (a.flow !== b.flow || a.items.length !== b.items.length) fail('sequences differ');
    for (let i = 0; i < a.items.length; i++) assertSameTree(a.items[i], b.items[i], `${where}[${i}]`);
  }
}

/** Asserts two values are deeply the same, YAML nodes compared by kind and range. */
export function assertSameValue(a: unknown, b: unknown, where: string, seen: Set<object> = new Set()): void {
  if (a === b) return;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (!Object.is(a, b)) assert.fail(`${where}: ${JSON.stringify(a)} !== ${JSON.stringify(b)}`);
    return;
  }
  if (isNode(a) || isNode(b)) {
    if (!isNode(a) || !isNode(b) || a.kind !== b.kind || a.start !== b.start || a.end !== b.end) assert.fail(`${where}: nodes differ`);
    return;
  }
  if (seen.has(a)) return;
  seen.add(a);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) assert.fail(`${where}: arrays differ`);
    for (let i = 0; i < a.length; i++) assertSameValue(a[i], b[i], `${where}[${i}]`, seen);
  } else if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) assert.fail(`${where}: maps differ`);
    for (const [k, v] of a) assertSameValue(v, b.get(k), `${where}.get(${String(k)})`, seen);
  } else if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set) || !(b instanceof Set) || a.size !== b.size || [...a].some((x) => !b.has(x))) assert.fail(`${where}: sets differ`);
  } else {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) assert.fail(`${where}: keys differ: ${ka.join()} / ${kb.join()}`);
    for (const k of ka) assertSameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`, seen);
  }
  seen.delete(a);
}

/** Asserts that `updated` is everything parseDocument(text) is; returns the fresh parse. */
export function assertSameAsFresh(updated: ParsedDocument, label: string): ParsedDocument {
  const text = updated.text;
  const fresh = parseDocument(text);
  assert.equal(updated.yaml.ok, fresh.yaml.ok, `${label}: ok`);
  assert.deepEqual(updated.yaml.problems, fresh.yaml.problems, `${label}: problems`);
  assertSameTree(fresh.yaml.root, updated.yaml.root, `${label}: root`);
  assertSameValue(fresh.model, updated.model, `${label}: model`);
  assertSameValue(fresh.symbols, updated.symbols, `${label}: symbols`);
  assert.equal(updated.lines.lineCount, fresh.lines.lineCount, `${label}: line count`);
  for (const offset of [0, text.length >> 2, text.length >> 1, text.length - 1, text.length]) {
    assert.deepEqual(updated.lines.positionAt(offset), fresh.lines.positionAt(offset), `${label}: position of ${offset}`);
  }
  return fresh;
}
