// Incremental re-parse (src/core/yaml/update.ts, updateDocument): after any edit, the document
// must be exactly what parsing the new text from scratch gives (tree, YAML problems, model,
// symbols, lines), the previous document must be left as it was, and the common edit (typing
// inside a scalar of a list item) must actually take the incremental path.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument, updateDocument, updatedIncrementally } from '../../src/core/document';
import { generateModel } from '../../src/core/testing/generate';
import { changedRange } from '../../src/core/yaml/update';
import { assertSameAsFresh, assertSameTree, assertSameValue } from './treeEquality';
import { random, randomText } from './yamlTexts';

interface Edit {
  start: number;
  end: number;
  insert: string;
}

const CHARACTERS = ['\n', '\n', ':', '-', '- ', '#', ' #', '"', "'", '&', '*', '&a ', '*a', '[', ']', '{', '}', ',', '|', '>', '!', '?', ' ', '  ', 'a', 'x', 'Z', '1', '.', '\t', '\r\n', '---\n', '...'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789 ';

/** An edit anywhere: insert, delete or replace 1-3 characters. */
function anyEdit(text: string, rand: () => number): Edit {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const start = Math.floor(rand() * (text.length + 1));
  const op = rand();
  const insert = op < 0.7 ? Array.from({ length: 1 + Math.floor(rand() * 2) }, () => pick(CHARACTERS)).join('') : '';
  const removed = op < 0.4 ? 0 : 1 + Math.floor(rand() * 3);
  return { start, end: Math.min(text.length, start + removed), insert };
}

/**
 * An edit inside the value of a `title:`, `name:`, `id:` or `description:` line near a random
 * place: letters, digits or spaces inserted, or some of its characters (never all) deleted or
 * replaced. Undefined when there is no such line.
 */
function scalarEdit(text: string, rand: () => number): Edit | undefined {
  const re = /^ *(?:- )?(?:title|name|id|description|goal): ["']?([A-Za-z0-9][^\n"']*)/gm;
  re.lastIndex = Math.floor(rand() * text.length);
  let m = re.exec(text);
  if (!m) {
    re.lastIndex = 0;
    m = re.exec(text);
  }
  if (!m) return undefined;
  const valueStart = m.index + m[0].length - m[1].length;
  const valueEnd = m.index + m[0].length;
  // Inside the value, not at its first character (typing there could start an indicator).
  const at = valueStart + 1 + Math.floor(rand() * (valueEnd - valueStart));
  const letters = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => LETTERS[Math.floor(rand() * (LETTERS.length - 1))]).join('');
  const op = rand();
  if (op < 0.6 || valueEnd - at < 2) return { start: at, end: at, insert: letters };
  const removed = Math.min(valueEnd - at - 1, 1 + Math.floor(rand() * 3));
  return { start: at, end: at + removed, insert: op < 0.8 ? '' : letters };
}

function apply(text: string, edit: Edit): string {
  return text.slice(0, edit.start) + edit.insert + text.slice(edit.end);
}

interface Tally {
  /** Edits inside a scalar of a valid document without `&` or `*` that left it valid, and how many were incremental. */
  scalarEdits: number;
  scalarIncremental: number;
  /** All incremental updates. */
  incremental: number;
}

/**
 * Applies `steps` random edits in sequence, each through updateDocument from the previous
 * result, and compares every result with a fresh parse. A text made invalid is usually restored
 * at the next step, so the edits keep landing on valid documents.
 */
function typeAway(text: string, seed: number, steps: number, label: string): Tally {
  const rand = random(seed);
  const tally: Tally = { scalarEdits: 0, scalarIncremental: 0, incremental: 0 };
  let doc = parseDocument(text);
  let fresh = parseDocument(text);
  let lastGood = doc.yaml.ok ? doc.text : undefined;
  for (let step = 0; step < steps; step++) {
    let edit: Edit | undefined;
    let inScalar = false;
    if (!doc.yaml.ok && lastGood !== undefined && rand() < 0.7) {
      const range = changedRange(doc.text, lastGood);
      edit = { start: range.start, end: range.oldEnd, insert: lastGood.slice(range.start, range.newEnd) };
    } else if (rand() < 0.5) {
      edit = scalarEdit(doc.text, rand);
      inScalar = edit !== undefined;
    }
    edit ??= anyEdit(doc.text, rand);
    const next = apply(doc.text, edit);
    const updated = updateDocument(doc, next);
    const where = `${label}, step ${step}, edit ${JSON.stringify(edit)} near ${JSON.stringify(doc.text.slice(Math.max(0, edit.start - 30), edit.end + 30))}`;
    // The previous document is as it was.
    assertSameTree(fresh.yaml.root, doc.yaml.root, `${where}: the previous document changed`);
    fresh = assertSameAsFresh(updated, where);
    // (A random edit may have added an anchor or alias: such documents are always parsed whole.)
    if (inScalar && doc.yaml.ok && updated.yaml.ok && !/[&*]/.test(doc.text)) {
      tally.scalarEdits++;
      if (updatedIncrementally(updated)) tally.scalarIncremental++;
    }
    if (updatedIncrementally(updated)) tally.incremental++;
    doc = updated;
    if (doc.yaml.ok) lastGood = doc.text;
  }
  return tally;
}

describe('parse: incremental updates give exactly the fresh parse', function () {
  this.timeout(180_000);

  it('types in scalars of a generated model incrementally, with the same tree, problems and model', () => {
    const text = generateModel({ elements: 60, seed: 5 });
    let doc = parseDocument(text);
    const at = text.indexOf('    title: Threat 40 ') + '    title: Threat'.length;
    let current = text;
    for (let i = 0; i < 12; i++) {
      current = current.slice(0, at + i) + 'ab c'[i % 4] + current.slice(at + i);
      const updated = updateDocument(doc, current);
      assert.ok(updatedIncrementally(updated), `keystroke ${i} took the incremental path`);
      assertSameAsFresh(updated, `keystroke ${i}`);
      doc = updated;
    }
    // Deleting what was typed, and editing a top-level value.
    for (let i = 11; i >= 0; i--) {
      current = current.slice(0, at + i) + current.slice(at + i + 1);
      doc = updateDocument(doc, current);
      assert.ok(updatedIncrementally(doc));
      assertSameAsFresh(doc, `delete ${i}`);
    }
    assert.equal(current, text);
    const title = current.indexOf('title: Synthetic') + 10;
    doc = updateDocument(doc, current.slice(0, title) + 'X' + current.slice(title));
    assert.ok(updatedIncrementally(doc));
    assertSameAsFresh(doc, 'top-level title');
  });

  it('returns the same document for the same text, and leaves the previous one alone', () => {
    const text = generateModel({ elements: 30, seed: 2 });
    const doc = parseDocument(text);
    assert.equal(updateDocument(doc, text), doc);
    const fresh = parseDocument(text);
    const at = text.indexOf('  - id: flow-3') + 10;
    const updated = updateDocument(doc, text.slice(0, at) + '777' + text.slice(at));
    assert.ok(updatedIncrementally(updated));
    assertSameTree(fresh.yaml.root, doc.yaml.root, 'the previous tree');
    assertSameValue(fresh.model, doc.model, 'the previous model');
  });

  it('falls back to a whole parse for anchors, aliases, documents and edits across items', () => {
    const text = 'threatmodel: 1\nelements:\n  - id: a\n    name: A\n  - id: b\n    name: B\n';
    const doc = parseDocument(text);
    const cases = [
      text.replace('name: A', 'name: &x A'),
      text.replace('name: B', 'name: *x'),
      text.replace('    name: A\n', '    name: A\n---\n'),
      text.replace('threatmodel: 1', 'threatmodels: 1'),
    ];
    for (const next of cases) {
      const updated = updateDocument(doc, next);
      assert.equal(updatedIncrementally(updated), false, JSON.stringify(next));
      assertSameAsFresh(updated, JSON.stringify(next));
    }
    // Edits across items or on an item's `- ` re-parse more than the item (or everything).
    for (const next of [text.replace('A\n  - id: b', 'A, id: b'), text.replace('  - id: b', '  -- id: b'), text.replace('elements:\n', 'elements: # list\n')]) {
      assertSameAsFresh(updateDocument(doc, next), JSON.stringify(next));
    }
    const anchored = parseDocument(text.replace('name: A', 'name: &x A'));
    const next = updateDocument(anchored, anchored.text.replace('name: B', 'name: Bb'));
    assert.equal(updatedIncrementally(next), false, 'a document with anchors is always parsed whole');
    assertSameAsFresh(next, 'anchored');
  });

  it('keeps duplicate-key problems in the order a whole parse reports them', () => {
    const text = [
      'threatmodel: 1',
      'elements:',
      '  - id: a',
      '    name: A',
      '    name: A2',
      '  - id: b',
      '    name: B',
      '  - id: c',
      '    id: c2',
      'elements:',
      '  - id: d',
      '    id: d2',
      'title: t',
      'title: u',
      '',
    ].join('\n');
    let doc = parseDocument(text);
    assert.equal(doc.yaml.problems.length, 5);
    const edits: [string, string][] = [
      ['    name: B', '    name: B\n    name: B2'],
      ['    name: A2', '    nam: A2'],
      ['    id: c2', '    ic: c2'],
      ['    nam: A2', '    name: A2'],
      ['title: u', 'title: uu'],
      ['    id: d2', '    id: d22'],
    ];
    for (const [from, to] of edits) {
      const next = doc.text.replace(from, to);
      doc = updateDocument(doc, next);
      assert.ok(updatedIncrementally(doc), `${from} -> ${to}`);
      assertSameAsFresh(doc, `${from} -> ${to}`);
    }
  });

  it('handles CRLF texts, a last line without a line break, comments and `---`', () => {
    const base = '# header\n---\nthreatmodel: 1\nelements:\n  - id: a # c\n    title: "A"\n\n  # between\n  - id: b\n    name: B';
    for (const text of [base, base.replace(/\n/g, '\r\n')]) {
      let doc = parseDocument(text);
      for (const next of [text + 'b', text.replace('"A"', '"Ac"'), text.replace('id: a', 'id: ab'), text + '\n']) {
        const updated = updateDocument(doc, next);
        assertSameAsFresh(updated, JSON.stringify(next));
        assert.ok(updatedIncrementally(updated), JSON.stringify(next));
      }
      doc = updateDocument(doc, text.replace('# between', '# between\r'));
      assertSameAsFresh(doc, 'a lone carriage return');
    }
  });

  it('matches a fresh parse after each of many random edits to generated models', () => {
    let scalarEdits = 0;
    let incremental = 0;
    for (const [elements, seed, steps] of [
      [200, 1, 40],
      [260, 2, 30],
    ] as const) {
      const tally = typeAway(generateModel({ elements, seed }), seed * 31, steps, `model ${elements}`);
      scalarEdits += tally.scalarEdits;
      incremental += tally.scalarIncremental;
    }
    assert.ok(scalarEdits >= 20, `${scalarEdits} edits inside scalars`);
    assert.equal(incremental, scalarEdits, 'every edit inside a scalar of a valid model is incremental');
  });

  it('matches a fresh parse after each of many random edits to the examples', () => {
    const dir = path.join(__dirname, '../../../examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.threatmodel'));
    assert.ok(files.length >= 3);
    let scalarEdits = 0;
    let incremental = 0;
    files.forEach((file, k) => {
      const tally = typeAway(readFileSync(path.join(dir, file), 'utf8'), 100 + k, 300, file);
      scalarEdits += tally.scalarEdits;
      incremental += tally.scalarIncremental;
    });
    assert.ok(incremental > scalarEdits * 0.8, `${incremental} of ${scalarEdits} edits inside scalars were incremental`);
  });

  it('matches a fresh parse after random edits to texts full of multi-line constructs', () => {
    const rand = random(23);
    let incremental = 0;
    for (let i = 0; i < 150; i++) {
      let text = randomText(rand, rand() < 0.2);
      // Most without anchors and aliases, which are always parsed whole.
      if (i % 3 !== 0) text = text.replace(/&\w+ /g, '').replace(/\*(\w+)/g, '$1');
      incremental += typeAway(text, 1000 + i, 12, `random text ${i}`).incremental;
    }
    assert.ok(incremental >= 300, `${incremental} incremental updates`);
  });
});
