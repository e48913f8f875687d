// Plain scalar values held by their mapping, and lists of one plain scalar by their sequence (src/core/
// yaml/nodes.ts MapNode, SeqNode): they keep the scalar's text and packed field and make its node
// (and the list's items) only when asked for. Readers that only need
// the text or value (model, symbols, schema check, DREAD) read them through the pair or its index, so after
// parsing and checking a model nearly no value node exists; and everything they report must be
// exactly what reading the same tree through its nodes gives.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkDocument, type ParsedDocument } from '../../src/core';
import { parseDocument, updateDocument } from '../../src/core/document';
import { outline } from '../../src/core/language/outline';
import { buildModel } from '../../src/core/model/build';
import { collectSymbols } from '../../src/core/model/symbols';
import { generateModel } from '../../src/core/testing/generate';
import { LineIndex } from '../../src/core/text/lineIndex';
import { itemTextOf, Pair, SeqNode, scalarValueOf, valueTextOf } from '../../src/core/yaml/nodes';
import { parseYaml } from '../../src/core/yaml/parse';
import { deref, scalarTextOf, type YNode, type YPair } from '../../src/core/yaml/tree';
import { TOP_LEVEL_FIELDS, type FieldSpec } from '../../src/core/schema/fields';
import { plainTree } from './plainTree';
import { random, randomText } from './yamlTexts';

function docOf(text: string, root: YNode | undefined, problems: ParsedDocument['yaml']['problems'], ok: boolean): ParsedDocument {
  return { text, lines: new LineIndex(text), yaml: { root, problems, ok }, model: buildModel(root), symbols: collectSymbols(root) };
}

function pairsOf(root: YNode | undefined): YPair[] {
  const out: YPair[] = [];
  const seen = new Set<YNode>();
  const walk = (node: YNode | undefined): void => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    if (node.kind === 'map') {
      for (const pair of node.pairs) {
        out.push(pair);
        // (A plain value has nothing under it; reading pair.value would make its node.)
        if (!(pair instanceof Pair && pair.plainValue)) walk(pair.value);
      }
    } else if (node.kind === 'seq' && !(node instanceof SeqNode && node.onePlainItem)) node.items.forEach(walk);
  };
  walk(root);
  return out;
}

function seqsOf(root: YNode | undefined): SeqNode[] {
  const out: SeqNode[] = [];
  const walk = (node: YNode | undefined): void => {
    if (!node) return;
    if (node.kind === 'map') {
      for (const pair of node.pairs) if (!(pair instanceof Pair && pair.plainValue)) walk(pair.value);
    } else if (node instanceof SeqNode) {
      out.push(node);
      if (!node.onePlainItem) node.items.forEach(walk);
    }
  };
  walk(root);
  return out;
}

/** True when the pair holds a plain value whose node was not made (the value slot of its mapping, see MapNode, holds the text). */
function unmade(pair: YPair): boolean {
  return pair instanceof Pair && typeof pair.map.flat[pair.index * 4 + 2] === 'string';
}

function symbolsOf(doc: ParsedDocument): string[] {
  return [
    ...doc.symbols.definitions.map((d) => `def ${d.kind} ${d.id} ${d.node.start}-${d.node.end} ${d.entity.start}`),
    ...doc.symbols.references.map((r) => `ref ${r.kinds.join('|')} ${r.field} ${r.id} ${r.node.start}-${r.node.end}`),
  ];
}

function modelOf(doc: ParsedDocument): string {
  return JSON.stringify(doc.model, (key, value: unknown) => (key === 'node' ? (value as YNode | undefined)?.start : value instanceof Map ? [...value.keys()] : value));
}

/** Asserts that reading the parse of `text` through its pairs gives what reading it through nodes gives. */
function assertSameAsNodes(text: string, label: string): void {
  const yaml = parseYaml(text);
  const viaPairs = docOf(text, yaml.root, yaml.problems, yaml.ok);
  const viaNodes = docOf(text, plainTree(yaml.root), yaml.problems, yaml.ok);
  for (const pair of pairsOf(yaml.root)) {
    const node = deref(pair.value);
    assert.equal(valueTextOf(pair), scalarTextOf(pair.value), `${label}: text of ${pair.keyText}`);
    assert.ok(Object.is(scalarValueOf(pair), node && node.kind === 'scalar' ? node.value : undefined), `${label}: value of ${pair.keyText}`);
  }
  assert.equal(modelOf(viaPairs), modelOf(viaNodes), `${label}: model`);
  assert.deepEqual(symbolsOf(viaPairs), symbolsOf(viaNodes), `${label}: symbols`);
  assert.deepEqual(checkDocument(viaPairs, {}), checkDocument(viaNodes, {}), `${label}: diagnostics`);
}

describe('parse: plain scalar values held by their pairs', function () {
  this.timeout(120_000);

  it('parsing, building the model and symbols, checking and the outline make (nearly) no value node', () => {
    const doc = parseDocument(generateModel({ elements: 300, seed: 3 }));
    checkDocument(doc, {});
    const symbols = outline(doc);
    assert.ok(symbols.length > 0);
    const pairs = pairsOf(doc.yaml.root);
    const plain = pairs.filter((p) => p instanceof Pair && p.plainValue);
    assert.ok(plain.length > pairs.length * 0.7, `${plain.length} of ${pairs.length} pairs hold a plain value`);
    const made = plain.filter((p) => !unmade(p)).length;
    // Only diagnostics (a few per cent of the values) make nodes.
    assert.ok(made < plain.length * 0.05, `${made} of ${plain.length} plain values were made into nodes`);
    const lists = seqsOf(doc.yaml.root).filter((q) => q.onePlainItem);
    assert.ok(lists.length > 1000, `${lists.length} lists of one plain scalar`);
    const madeLists = lists.filter((q) => typeof (q as unknown as { i: unknown }).i !== 'string').length;
    assert.ok(madeLists < lists.length * 0.05, `${madeLists} of ${lists.length} one-item lists were made into arrays`);
  });

  it('a list of one plain scalar makes its items once, and reads as its items do', () => {
    const { root } = parseYaml('a: [x]\nb: [1]\nc:\n  - ~\nd: ["q"]\ne: []\nf: [&a x]\ng: [x, y]\n');
    const lists = seqsOf(root);
    assert.deepEqual(lists.map((q) => q.onePlainItem), [true, true, true, true, false, false, false]);
    for (const seq of lists) {
      const expected = seq.onePlainItem ? scalarTextOf(seq.items[0]) : null;
      const items = seq.items;
      assert.equal(seq.items, items, 'the same array');
      assert.equal(itemTextOf(seq), expected);
    }
  });

  it('a value node, once made, is the same node on every read, and reads as the pair does', () => {
    const { root } = parseYaml('a: 1\nb: "x y"\nc:\nd: true\ne: 0x1F\nf: ~\n');
    for (const pair of pairsOf(root)) {
      const before = [valueTextOf(pair), scalarValueOf(pair)];
      const node = pair.value;
      assert.equal(pair.value, node, `${pair.keyText}: the same node`);
      assert.deepEqual([valueTextOf(pair), scalarValueOf(pair)], before, `${pair.keyText}: the same text and value`);
    }
  });

  it('model, symbols and diagnostics are those of the same tree read through its nodes', () => {
    assertSameAsNodes(generateModel({ elements: 150, seed: 9 }), 'generated');
    const dir = path.join(__dirname, '../../../examples');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.threatmodel'))) {
      assertSameAsNodes(readFileSync(path.join(dir, name), 'utf8'), name);
    }
    // Wrong types, empty and null values, tags, anchors, quoted and block scalars.
    assertSameAsNodes(
      [
        'threatmodel: 1',
        'title: !!str 12',
        'elements:',
        '  - id: &e a',
        '    name:',
        '    type: proces',
        '    internet_facing: "true"',
        '    third_party: ~',
        '    boundary: *e',
        '  - id: "b c"',
        '    type: process',
        '    data: asset-1',
        "    tags: 'x'",
        'threats:',
        '  - id: T-1',
        '    target: a',
        '    dread: {damage: 11, reproducibility: x, exploitability: !!str 3, affected_users:, discoverability: 1_0}',
        '    review_by: 2025-13-40',
        '    description: |',
        '      block',
        '  - id: T-2',
        '    target:',
        '    stride: spoofing',
        '    dread: 5',
      ].join('\n'),
      'hand-made',
    );
    const rand = random(17);
    for (let i = 0; i < 150; i++) assertSameAsNodes(randomText(rand, i % 3 === 0), `random text ${i}`);
  });

  it('every field of the schema, given plain and one-item-list values right and wrong, is checked as through its node', () => {
    // The schema check skips a plain value it can tell is valid without its node (validate.ts
    // plainIsValid, oneItemIsValid); this walks every field the schema has, at its real place in
    // a model, so a change to the node path's rules cannot leave the fast path behind unnoticed.
    const candidates = ['', '~', 'x', '"x y"', "'1'", '1', '-2', '1.5', '1_0', '0x1F', 'true', 'False', '2025-01-01', '2025-13-40', 'bad id!', 'AML.T0001', 'AML.M0002', 'LLM01', '[x]', '[1]', '[]', '[~]', '["q"]'];
    const leaves: { path: string[]; spec: FieldSpec }[] = [];
    const walk = (fields: Record<string, FieldSpec>, path: string[], depth: number): void => {
      for (const [key, spec] of Object.entries(fields)) {
        const here = [...path, key];
        leaves.push({ path: here, spec });
        if (depth >= 4) continue;
        if (spec.type === 'map') walk(spec.fields(), here, depth + 1);
        if (spec.type === 'list' && spec.item.type === 'map') walk(spec.item.fields(), [...here, '-'], depth + 1);
        if (spec.type === 'list' && spec.item.type !== 'map') leaves.push({ path: [...here, '-'], spec: spec.item });
      }
    };
    walk(TOP_LEVEL_FIELDS, [], 0);
    assert.ok(leaves.length > 100, `${leaves.length} fields`);
    /** YAML putting `value` at `path` ('-' is a list item), under a minimal valid document. */
    const place = (path: string[], value: string): string => {
      if (path.length === 1 && path[0] === 'threatmodel') return `threatmodel: ${value}\n`;
      let out = 'threatmodel: 1\n';
      let indent = '';
      for (let i = 0; i < path.length; i++) {
        let line = path[i];
        if (line === '-') {
          if (i === path.length - 1) return `${out}${indent}- ${value}\n`;
          line = `- ${path[++i]}`; // a mapping in a list: its key on the dash's line
        }
        if (i === path.length - 1) return `${out}${indent}${line}: ${value}\n`;
        out += `${indent}${line}:\n`;
        indent += line.startsWith('- ') ? '    ' : '  ';
      }
      return out;
    };
    assert.equal(place(['threats', '-', 'dread', 'damage'], '3'), 'threatmodel: 1\nthreats:\n  - dread:\n      damage: 3\n');
    assert.equal(place(['assumptions', '-'], 'x'), 'threatmodel: 1\nassumptions:\n  - x\n');
    let checked = 0;
    for (const { path, spec } of leaves) {
      const values = spec.type === 'enum' ? [...candidates, spec.values[0], `[${spec.values[0]}]`, `${spec.values[0]}x`] : candidates;
      for (const value of values) {
        assertSameAsNodes(place(path, value), `${path.join('.')}: ${value}`);
        checked++;
      }
    }
    assert.ok(checked > 2000, `${checked} cases`);
  });

  it('copies of pairs (incremental updates) hold plain values as parsed, made into nodes or not', () => {
    const text = generateModel({ elements: 40, seed: 4 });
    const doc = parseDocument(text);
    // Make every value node of the previous version, as features reading the tree do.
    for (const pair of pairsOf(doc.yaml.root)) void pair.value;
    assert.ok(pairsOf(doc.yaml.root).every((p) => !unmade(p)));
    const at = text.indexOf('  - id: el-3') + 10;
    const updated = updateDocument(doc, text.slice(0, at) + '9' + text.slice(at));
    const fresh = parseDocument(updated.text);
    const a = pairsOf(updated.yaml.root);
    const b = pairsOf(fresh.yaml.root);
    assert.equal(a.length, b.length);
    for (let i = 0; i < a.length; i++) {
      const plainA = a[i] instanceof Pair && (a[i] as Pair).plainValue;
      const plainB = b[i] instanceof Pair && (b[i] as Pair).plainValue;
      assert.equal(plainA, plainB, `pair ${i}`);
    }
    // Pairs after the edit were copied: back to fields, like a fresh parse.
    assert.ok(a.slice(-100).every((p) => !(p instanceof Pair && p.plainValue) || unmade(p)));
  });
});
