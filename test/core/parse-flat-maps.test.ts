// Mappings hold their pairs as slots of one flat array, not as objects (src/core/yaml/nodes.ts
// MapNode): the index readers (pairCount, keyTextAt, valueAt, valueTextAt, ...) read them without
// making a Pair, `pairs` makes Pair objects only when asked for and then always gives the same
// ones, and opening a model (parse, check, outline) asks for none of the model's pairs. Whatever
// is read must be what reading the same tree through `pairs` and nodes gives, for parsed and for
// hand-built (object literal) mappings alike.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkDocument } from '../../src/core';
import { parseDocument, updateDocument, updatedIncrementally } from '../../src/core/document';
import { outline } from '../../src/core/language/outline';
import { generateModel } from '../../src/core/testing/generate';
import {
  copyNode,
  hasPlainValue,
  hasPlainValueAt,
  indexOfKey,
  keyAt,
  keyStartAt,
  keyTextAt,
  MapNode,
  Pair,
  pairCount,
  plainValueRange,
  plainValueRangeAt,
  scalarKeyAt,
  scalarValueAt,
  scalarValueOf,
  SeqNode,
  valueAt,
  valueStartAt,
  valueTextAt,
  valueTextOf,
} from '../../src/core/yaml/nodes';
import { parseYaml } from '../../src/core/yaml/parse';
import { deref, getValue, pairOf, scalarText, scalarTextOf, type YMap, type YNode } from '../../src/core/yaml/tree';
import { assertSameAsFresh } from './treeEquality';
import { plainTree } from './plainTree';
import { random, randomText } from './yamlTexts';

/** True once `pairs` was asked for on this mapping (its Pair objects are kept as one slot after the pairs' four each). */
function materialized(map: YMap): boolean {
  return map instanceof MapNode && map.flat.length % 4 !== 0;
}

/** Every mapping under a node, found through the index readers only (aliases not followed: their targets are in the tree). */
function mapsByIndex(root: YNode | undefined): YMap[] {
  const out: YMap[] = [];
  const walk = (node: YNode | undefined): void => {
    if (!node) return;
    if (node.kind === 'map') {
      out.push(node);
      for (let i = 0; i < pairCount(node); i++) {
        if (!scalarKeyAt(node, i)) walk(keyAt(node, i));
        if (!hasPlainValueAt(node, i)) walk(valueAt(node, i));
      }
    } else if (node.kind === 'seq' && !(node instanceof SeqNode && node.onePlainItem)) node.items.forEach(walk);
  };
  walk(root);
  return out;
}

/** What the index readers say of a mapping, read without making a Pair or a plain value's node. */
function byIndex(map: YMap): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < pairCount(map); i++) {
    const key = keyTextAt(map, i);
    out.push([key, keyStartAt(map, i), scalarKeyAt(map, i), valueTextAt(map, i), scalarValueAt(map, i), valueStartAt(map, i), indexOfKey(map, key)]);
  }
  out.push(indexOfKey(map, 'no such key'));
  return out;
}

/** The same, read through `pairs` and the nodes. */
function byPairs(map: YMap): unknown[] {
  const out: unknown[] = [];
  for (const pair of map.pairs) {
    const value = deref(pair.value);
    out.push([
      pair.keyText,
      pair.key.start,
      pair.key.kind === 'scalar',
      scalarTextOf(pair.value),
      value && value.kind === 'scalar' ? value.value : undefined,
      pair.value.start,
      map.pairs.findIndex((p) => p.keyText === pair.keyText),
    ]);
  }
  out.push(-1);
  return out;
}

/**
 * Asserts that the index readers agree with `pairs` and the nodes on every mapping of the parse
 * of `text`, read first (so on slots nobody made anything of), and on the same tree built by hand.
 */
function assertIndexReadersAgree(text: string, label: string): number {
  const flat = parseYaml(text).root;
  const maps = mapsByIndex(flat);
  const first = maps.map(byIndex);
  assert.ok(!maps.some(materialized), `${label}: reading by index made no Pair`);
  // A second parse, read through pairs and nodes (which makes every node).
  const other = parseYaml(text).root;
  const expected = mapsByIndex(other).map(byPairs);
  assert.deepEqual(first, expected, `${label}: index readers`);
  // Once made, the nodes and pairs are the ones the index readers give.
  maps.forEach((map, m) => {
    const pairs = map.pairs;
    assert.equal(map.pairs, pairs, `${label}: the same pairs array`);
    assert.deepEqual(byIndex(map), first[m], `${label}: index readers after pairs were made`);
    pairs.forEach((pair, i) => {
      assert.equal(pair.keyText, keyTextAt(map, i));
      assert.equal(hasPlainValue(pair), hasPlainValueAt(map, i), `${label}: ${pair.keyText} plain`);
      assert.deepEqual(plainValueRange(pair), plainValueRangeAt(map, i), `${label}: ${pair.keyText} range`);
      const range = plainValueRangeAt(map, i);
      if (range) assert.deepEqual(range, { start: valueAt(map, i).start, end: valueAt(map, i).end });
      assert.equal(valueTextOf(pair), valueTextAt(map, i));
      assert.ok(Object.is(scalarValueOf(pair), scalarValueAt(map, i)));
      assert.equal(pair.value, valueAt(map, i), `${label}: ${pair.keyText} the same value node`);
      assert.equal(pair.key, keyAt(map, i), `${label}: ${pair.keyText} the same key node`);
      assert.equal(pairOf(map, pair.keyText), pairs[indexOfKey(map, pair.keyText)]);
      assert.equal(getValue(map, pair.keyText), deref(valueAt(map, indexOfKey(map, pair.keyText))));
      assert.equal(scalarText(map, pair.keyText), valueTextAt(map, indexOfKey(map, pair.keyText)));
    });
  });
  // Hand-built mappings (object literals) read the same through the index readers.
  const literal = mapsByIndex(plainTree(other)).map(byIndex);
  assert.deepEqual(literal, expected, `${label}: index readers of a hand-built tree`);
  return maps.length;
}

const EDGE_CASES = [
  // Flow mappings, nested and empty, and flow maps in lists.
  'a: {b: 1, c: [x, {d: e}], f: {}}\ng: [{h: i}, {}]\n',
  // Anchors and aliases: on values, on mappings, as values, as keys, merge keys.
  'base: &b {x: 1, y: two}\nother:\n  <<: *b\n  z: &v three\n  w: *v\n  *v : aliased key\nlist: [&i item, *i]\n',
  // Complex keys: a list, a mapping, a block key.
  '? [a, b]\n: list key\n? {k: v}\n: map key\n? |\n  block key\n: block\nplain: after\n',
  // Empty and null values, tags, quoted, block and multi-line scalars, numbers and booleans.
  "a:\nb: ~\nc: null\nd: !!str 12\ne: 'q'\nf: \"d\\tq\"\ng: |\n  lit\nh: >-\n  fold\n  ed\ni: 1_000\nj: 0x1F\nk: 1.5e3\nl: True\nm: plain\n  continued\nn: !custom x\n",
  // Duplicate keys (the first wins for readers), in block and flow mappings, and a big mapping (key set).
  'k: 1\nk: 2\nm: {a: 1, a: 2, b: 3}\n' + Array.from({ length: 40 }, (_, i) => `key${i % 30}: v${i}\n`).join(''),
  // Empty documents and a root that is not a mapping.
  '',
  '- a\n- b: c\n',
  'just text',
  // Anchors on keys and empty keys.
  '&ak key: v\n: no key\n"": empty key\n',
];

describe('parse: mappings hold their pairs as slots (flat)', function () {
  this.timeout(120_000);

  it('the index readers give what pairs and nodes give, on generated models, the examples and edge cases', () => {
    let maps = assertIndexReadersAgree(generateModel({ elements: 200, seed: 5 }), 'generated');
    const dir = path.join(__dirname, '../../../examples');
    const examples = readdirSync(dir).filter((n) => n.endsWith('.threatmodel'));
    assert.ok(examples.length > 0);
    for (const name of examples) maps += assertIndexReadersAgree(readFileSync(path.join(dir, name), 'utf8'), name);
    EDGE_CASES.forEach((text, i) => (maps += assertIndexReadersAgree(text, `edge case ${i}`)));
    const rand = random(23);
    for (let i = 0; i < 150; i++) maps += assertIndexReadersAgree(randomText(rand, i % 3 === 0), `random text ${i}`);
    assert.ok(maps > 5000, `${maps} mappings`);
  });

  it('duplicate keys: indexOfKey, getValue and pairOf read the first; the readers see every pair', () => {
    const root = parseYaml('k: 1\nk: 2\nx: {a: 1, a: 2}\n').root as YMap;
    assert.equal(pairCount(root), 3);
    assert.equal(indexOfKey(root, 'k'), 0);
    assert.equal(scalarValueAt(root, 1), 2);
    assert.equal(scalarText(root, 'k'), '1');
    assert.equal(pairOf(root, 'k'), root.pairs[0]);
    const x = getValue(root, 'x') as YMap;
    assert.equal(x.flow, true);
    assert.deepEqual([valueTextAt(x, 0), valueTextAt(x, 1), indexOfKey(x, 'a')], ['1', '2', 0]);
  });

  it('pairs, asked for twice or after the index readers made nodes, are the same objects over the same nodes', () => {
    const root = parseYaml('a: 1\nb: {c: d}\ne: [f]\n? [g]\n: h\n').root as YMap;
    // Nodes made through the index readers first...
    const a = valueAt(root, 0);
    const key = keyAt(root, 1);
    assert.ok(!materialized(root));
    const pairs = root.pairs;
    assert.ok(pairs.every((p) => p instanceof Pair));
    assert.equal(root.pairs, pairs);
    assert.deepEqual([...root.pairs], [...pairs]);
    assert.equal(pairs[0].value, a);
    assert.equal(pairs[1].key, key);
    // ...and through the pairs after.
    const e = pairs[2].value;
    assert.equal(valueAt(root, 2), e);
    assert.equal(pairs[3].key, keyAt(root, 3));
    assert.equal(pairs[3].keyText, '[complex key]');
    assert.equal(pairCount(root), 4);
    // An empty mapping has no pairs, every time.
    const empty = getValue(parseYaml('x: {}\n').root as YMap, 'x') as YMap;
    assert.equal(pairCount(empty), 0);
    assert.equal(empty.pairs.length, 0);
    assert.equal(empty.pairs, empty.pairs);
  });

  it('opening a model (parse, check, outline) makes no Pair of the model', () => {
    const doc = parseDocument(generateModel({ elements: 300, seed: 3 }));
    const diagnostics = checkDocument(doc, { coverageHints: true, fileExists: () => true });
    assert.ok(diagnostics.length > 0);
    assert.ok(outline(doc).length > 0);
    const maps = mapsByIndex(doc.yaml.root);
    assert.ok(maps.length > 3000, `${maps.length} mappings`);
    const made = maps.filter(materialized).length;
    assert.equal(made, 0, `${made} of ${maps.length} mappings made their pairs`);
  });

  it('pairs written to a mapping (YMap allows it) are put in slots, plain values as their fields', () => {
    const root = parseYaml('a: 1\nb: [x]\n').root as MapNode;
    const copy = new MapNode(root.start, false);
    copy.pairs = [...root.pairs].reverse();
    assert.deepEqual(
      [pairCount(copy), keyTextAt(copy, 0), keyTextAt(copy, 1), hasPlainValueAt(copy, 1), scalarValueAt(copy, 1), valueAt(copy, 0)],
      [2, 'b', 'a', true, 1, valueAt(root, 1)],
    );
    assert.ok(!materialized(copy));
    copy.pairs = [];
    assert.equal(pairCount(copy), 0);
  });

  it('copies of mappings (copyNode) hold their values as parsed, made into nodes or not, and share nothing', () => {
    const text = 'a: 1\nb: &x {c: d, e: [f, g]}\nh: "q"\n? [i]\n: j\n';
    const root = parseYaml(text).root as MapNode;
    // Make every node, as features reading the tree do.
    for (const map of mapsByIndex(root)) for (const pair of map.pairs) void [pair.key, pair.value];
    const moved = copyNode(getValue(root, 'b')!, 10) as MapNode;
    assert.ok(moved instanceof MapNode && !materialized(moved));
    assert.deepEqual([keyStartAt(moved, 0), valueStartAt(moved, 0), valueTextAt(moved, 0), hasPlainValueAt(moved, 0)], [22, 25, 'd', true]);
    assert.equal(typeof moved.flat[2], 'string', 'a plain value is back to its text');
    assert.notEqual(valueAt(moved, 1), valueAt(getValue(root, 'b') as YMap, 1));
    // A mapping with a complex key is copied too.
    const whole = copyNode(root, 5) as MapNode;
    assert.deepEqual(byIndex(whole).slice(0, 3), byIndex(root).slice(0, 3).map((p) => shift(p as unknown[], 5)));
    assert.equal(keyAt(whole, 3).kind, 'seq');
    assert.equal(keyAt(whole, 3).start, keyAt(root, 3).start + 5);
  });

  it('incremental updates of a document of flat mappings equal a fresh parse, made into pairs and nodes or not', () => {
    const text = generateModel({ elements: 60, seed: 8 });
    let doc = parseDocument(text);
    checkDocument(doc, {});
    const rand = random(5);
    let incremental = 0;
    for (let step = 0; step < 40; step++) {
      // Type a letter into a value of an entity (the common edit), sometimes after making every pair and node.
      if (step % 4 === 0) for (const map of mapsByIndex(doc.yaml.root)) for (const pair of map.pairs) void [pair.key, pair.value];
      const at = doc.text.indexOf('title: ', Math.floor(rand() * doc.text.length));
      if (at < 0) continue;
      const offset = at + 8;
      const next = updateDocument(doc, doc.text.slice(0, offset) + 'x' + doc.text.slice(offset));
      if (updatedIncrementally(next)) incremental++;
      const fresh = assertSameAsFresh(next, `step ${step}`);
      assert.deepEqual(mapsByIndex(next.yaml.root).map(byIndex), mapsByIndex(fresh.yaml.root).map(byIndex), `step ${step}: index readers`);
      doc = next;
    }
    assert.ok(incremental > 20, `${incremental} incremental updates`);
  });
});

/** An index-reader record (see byIndex) with its offsets moved. */
function shift(record: unknown[], delta: number): unknown[] {
  const [key, keyStart, scalar, text, value, valueStart, index] = record;
  return [key, (keyStart as number) + delta, scalar, text, value, (valueStart as number) + delta, index];
}
