// Large texts are parsed in chunks (src/core/yaml/chunks.ts). Whatever the chunk size, the tree,
// the problems and the syntax errors must be exactly those of parsing the whole text at once:
// these tests compare the two on the generated models, on texts built to put cuts in the wrong
// places (quoted scalars, flow collections and block scalars over several lines, documents,
// anchors), and on many random texts.
import * as assert from 'node:assert/strict';
import { generateModel } from '../../src/core/testing/generate';
import { planChunks } from '../../src/core/yaml/chunks';
import { parseYaml, parseYamlInChunks, type YamlParseResult } from '../../src/core/yaml/parse';
import type { YNode } from '../../src/core/yaml/tree';

/** Everything a reader can see of a parse, as lines of text (aliases by their target's position). */
function dump(result: YamlParseResult): string {
  const out = [JSON.stringify({ ok: result.ok, problems: result.problems })];
  const walk = (node: YNode | undefined, pad: string): void => {
    if (!node) return void out.push(`${pad}-`);
    const props = `${node.anchor ? ` &${node.anchor}` : ''}${node.tag ? ` !${node.tag}` : ''}`;
    const at = `${node.start}-${node.end}${props}`;
    switch (node.kind) {
      case 'scalar':
        out.push(`${pad}S ${at} ${JSON.stringify(node.text)} ${JSON.stringify(node.value)} ${node.style}${node.empty ? ' empty' : ''}`);
        break;
      case 'alias':
        out.push(`${pad}A ${at} *${node.name} -> ${node.target ? `${node.target.kind}@${node.target.start}` : 'none'}`);
        break;
      case 'map':
        out.push(`${pad}M ${at}${node.flow ? ' flow' : ''}`);
        for (const pair of node.pairs) {
          out.push(`${pad} key ${JSON.stringify(pair.keyText)}`);
          walk(pair.key, `${pad}  `);
          walk(pair.value, `${pad}  `);
        }
        break;
      case 'seq':
        out.push(`${pad}Q ${at}${node.flow ? ' flow' : ''}`);
        for (const item of node.items) walk(item, `${pad} `);
        break;
    }
  };
  walk(result.root, '');
  return out.join('\n');
}

function assertSameAsWhole(text: string, sizes: number[], label = ''): void {
  const whole = dump(parseYamlInChunks(text, Infinity));
  for (const size of sizes) {
    const chunked = dump(parseYamlInChunks(text, size));
    if (chunked !== whole) {
      const a = whole.split('\n');
      const b = chunked.split('\n');
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      assert.fail(`${label} chunk size ${size}: line ${i} differs\nwhole:   ${a[i]}\nchunked: ${b[i]}\ntext:\n${text}`);
    }
  }
}

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces of list items (continuation lines are relative to the item's fields) and of top-level
// entries, including the constructs a cut could split.
const ITEM_LINES = [
  'id: a1',
  'title: "quoted\n  on two lines"',
  'title: "quoted\n - looks like an item"',
  "note: 'single\n foo: looks like a key'",
  'tags: [a,\n  b]',
  'tags: [a,\n  -b]',
  'text: |\n  - looks like an item\n  - another',
  'text: >-\n    folded\n\n    more',
  'text: |+\n  keep\n\n',
  'text: |2\n    indented',
  'plain: multi\n  line plain',
  'nested:\n  - x\n  - y: 1',
  'nested:\n- compact\n- list',
  'anchor: &an1 {k: v}',
  'alias: *an1',
  'unknown: *nothere',
  'tag: !!str 12',
  'custom: !thing {a: 1}',
  'num: 0x1F',
  'n: 1_000',
  'f: -1.5e3',
  'b: TRUE',
  'e:',
  '? complex\n: value',
  '? [flow, key]\n: value',
  'dup: 1\ndup: 2',
  'esc: "tab\\tand \\u00e9"',
  'empty: ""',
  '# a comment',
];
// Lines that make the text invalid YAML (rarely added).
const BROKEN_LINES = [
  'title: "quoted\nfoo: at column 0"',
  'tags: [a,\nb: c]',
  ' bad: indentation',
  '- "unterminated',
  'a: b: c',
  'x: [unclosed',
  'x: - y',
  "note: 'single\nfoo: at the key's column'",
];
const TOP_LEVEL = [
  'title: Top',
  'version: 1',
  'description: >-\n  folded text\n  - not an item',
  'owners: [a, b]',
  'x-flow: {a: 1,\n  b: 2}',
  'x-block: |\n  - looks like an item\n  - again',
  '---\nsecond: document',
  '...\nafter: end',
  'x-anchor: &top [1, 2]',
  'x-alias: *top',
  '# comment at column 0',
  '"quoted key": 1',
  'threatmodel: 1',
  'title: duplicate',
  'x-empty:',
  'x-map:\n  a: 1\n  b:\n    - c',
];

function randomText(rand: () => number, broken: boolean): string {
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];
  const lines: string[] = [];
  const sections = 2 + Math.floor(rand() * 5);
  for (let s = 0; s < sections; s++) {
    if (rand() < 0.3) lines.push(pick(TOP_LEVEL));
    const indent = rand() < 0.2 ? '' : '  ';
    lines.push(`list${s}:${rand() < 0.1 ? ' # the list' : ''}`);
    if (rand() < 0.2) lines.push('# comment before the items');
    const items = 1 + Math.floor(rand() * 8);
    for (let i = 0; i < items; i++) {
      const fields = 1 + Math.floor(rand() * 4);
      for (let f = 0; f < fields; f++) {
        const field = pick(broken && rand() < 0.015 ? BROKEN_LINES : ITEM_LINES).replace(/\n/g, `\n${indent}  `);
        lines.push(`${indent}${f === 0 ? '- ' : '  '}${field}`);
      }
      if (rand() < 0.1) lines.push('');
      if (rand() < 0.05) lines.push('# comment between items');
      if (rand() < 0.03) lines.push(`${indent}-`);
    }
  }
  let text = `${lines.join('\n')}\n`;
  if (rand() < 0.15) text = text.replace(/\n/g, '\r\n');
  if (broken && rand() < 0.05) text = text.replace(/ {2}- /, '  -\t');
  return text;
}

describe('parse: chunks give the same tree as the whole text', () => {
  it('cuts the generated models into chunks, and the trees match', () => {
    for (const elements of [10, 100]) {
      const text = generateModel({ elements, seed: 1 });
      assert.ok((planChunks(text, 256)?.length ?? 0) > 10, 'the model is cut');
      assertSameAsWhole(text, [64, 256, 4096], `model ${elements}`);
    }
  });

  it('parses a large model in chunks by default, with the same tree', () => {
    const text = generateModel({ elements: 1000, seed: 2 });
    assert.ok((planChunks(text)?.length ?? 0) > 10);
    assert.equal(dump(parseYaml(text)), dump(parseYamlInChunks(text, Infinity)));
  });

  it('matches on texts whose constructs span a cut', () => {
    const texts = [
      // A quoted scalar whose next line looks like a top-level key.
      'a: 1\nb: "x\nc: y"\nd: 2\n',
      // A flow collection continued at column 0.
      'a: [1,\n2]\nb: {x: 1,\ny: 2}\n',
      // A block scalar holding lines like the list's items.
      'a: |\n  - one\n  - two\nb:\n  - three\n  - four\n',
      // Items with nested lists, comments and blank lines between them.
      'l:\n  - a: 1\n    n:\n      - x\n      - y\n\n# c\n  - b: 2\n  - c: 3\nm: 1\n',
      // A compact list at column 0, then a key.
      'l:\n- a\n- b\n- c\nk: v\n',
      // Two documents, and a document end.
      'a: 1\nl:\n  - x\n---\nb: 2\nl2:\n  - y\n',
      'a: 1\nl:\n  - x\n...\nb: 2\n',
      // Anchors in one chunk, aliases in another.
      'l:\n  - &a1 {k: v}\n  - x\n  - *a1\nm: *a1\n',
      // A duplicate top-level key, far apart.
      'a: 1\nl:\n  - x\n  - y\na: 2\n',
      // Items with properties on the list.
      'l: &lst !!seq\n  - x\n  - y\n',
    ];
    for (const text of texts) assertSameAsWhole(text, [1, 2, 4, 8], JSON.stringify(text));
  });

  it('reports the same syntax error as the whole text, at the same place', () => {
    const texts = [
      'a: 1\nl:\n  - x: 1\n  - y: "unterminated\n  - z: 3\nb: 2\n',
      'a: 1\nl:\n  - x: 1\n   bad: 2\n  - z: 3\n',
      'a: 1\nl:\n  - x: 1\n  - y: [1, 2\nb: 2\n',
      'a: 1\nb: 2\nc: [\nd: 4\n',
      'a: 1\nl:\n  - x\n  - y\nb: 2\n c: 3\n',
      `a: 1\nl:\n  - x\n  - ${'['.repeat(120)}${']'.repeat(120)}\n`,
      'a: 1\nl:\n  - x\n  - y\nz: \u0000\n',
    ];
    for (const text of texts) {
      const whole = parseYamlInChunks(text, Infinity);
      assert.equal(whole.ok, false, JSON.stringify(text));
      assertSameAsWhole(text, [1, 2, 4, 8], JSON.stringify(text));
    }
  });

  it('applies the nesting limit to items exactly as to the whole text', () => {
    // The list is at depth 2; items nested to just under and just over the limit.
    for (const depth of [97, 98, 99, 100]) {
      const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      assertSameAsWhole(`a: 1\nl:\n  - x\n  - ${deep}\n  - y\n`, [1, 4], `depth ${depth}`);
    }
  });

  it('matches on 500 random texts, in chunks of every size', () => {
    const rand = random(7);
    for (let i = 0; i < 500; i++) assertSameAsWhole(randomText(rand, false), [1, 3, 16, 64, 200], `random text ${i}`);
  });

  it('matches on 300 random texts with syntax errors, in chunks of every size', () => {
    const rand = random(11);
    for (let i = 0; i < 300; i++) assertSameAsWhole(randomText(rand, true), [1, 3, 16, 64, 200], `random broken text ${i}`);
  });
});
