// Large texts are parsed in chunks (src/core/yaml/chunks.ts). Whatever the chunk size, the tree,
// the problems and the syntax errors must be exactly those of parsing the whole text at once:
// these tests compare the two on the generated models, on texts built to put cuts in the wrong
// places (quoted scalars, flow collections and block scalars over several lines, documents,
// anchors), and on many random texts.
import * as assert from 'node:assert/strict';
import { generateModel } from '../../src/core/testing/generate';
import { planChunks } from '../../src/core/yaml/chunks';
import { parseYaml, parseYamlInChunks } from '../../src/core/yaml/parse';
import { dump, random, randomText } from './yamlTexts';

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
