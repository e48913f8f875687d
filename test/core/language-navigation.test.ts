import * as assert from 'node:assert/strict';
import { parseDocument } from '../../src/core';
import { definitionAt, prepareRename, referencesAt, renameAt } from '../../src/core/language/navigation';
import { MODEL, at } from './languageFixture';

function apply(text: string, edits: { start: number; end: number; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('core language: navigation', () => {
  const doc = parseDocument(MODEL);

  it('goes from a reference to its definition, and from a definition to itself', () => {
    const def = definitionAt(doc, at(MODEL, 'to: api', 5));
    assert.deepEqual(def, { start: at(MODEL, 'id: api', 4), end: at(MODEL, 'id: api', 7) });
    assert.deepEqual(definitionAt(doc, at(MODEL, 'id: api', 5)), def);
    // A flow-list item and a threat target naming a flow.
    assert.equal(definitionAt(doc, at(MODEL, '[M1]', 1))?.start, at(MODEL, 'id: M1', 4));
    assert.equal(definitionAt(doc, at(MODEL, '[f1, api]', 1))?.start, at(MODEL, 'id: f1', 4));
    assert.equal(definitionAt(doc, at(MODEL, 'title: Spam')), undefined);
  });

  it('finds every reference, with or without the declaration', () => {
    const refs = referencesAt(doc, at(MODEL, 'id: api', 4), false).map((s) => MODEL.slice(s.start, s.end));
    assert.deepEqual(refs, ['api', 'api', 'api']); // flow to:, T1 target, T2 target
    const withDecl = referencesAt(doc, at(MODEL, 'target: api', 8), true);
    assert.equal(withDecl.length, 4);
    assert.equal(withDecl[0].start, at(MODEL, 'id: api', 4));
    const m1 = referencesAt(doc, at(MODEL, 'id: M1', 4), false);
    assert.deepEqual(m1.map((s) => s.start), [at(MODEL, '[M1]', 1), at(MODEL, '- M1', 2)]);
  });

  it('renames the definition and every reference, leaving everything else byte-identical', () => {
    const prepared = prepareRename(doc, at(MODEL, '- M1', 3));
    assert.deepEqual(prepared, { start: at(MODEL, '- M1', 2), end: at(MODEL, '- M1', 4), id: 'M1' });
    const result = renameAt(doc, at(MODEL, '- M1', 3), 'M-adv');
    assert.ok('edits' in result);
    const renamed = apply(MODEL, result.edits);
    assert.equal(renamed, MODEL.replace(/\bM1\b/g, 'M-adv'));
    assert.equal(parseDocument(renamed).symbols.references.filter((r) => r.id === 'M-adv').length, 2);
  });

  it('rejects invalid and already used ids with a clear message', () => {
    const bad = renameAt(doc, at(MODEL, 'id: api', 4), 'has space');
    assert.ok('error' in bad && /not a valid id/.test(bad.error));
    const used = renameAt(doc, at(MODEL, 'id: api', 4), 'client');
    assert.ok('error' in used && /already used by the element on line 14/.test(used.error), JSON.stringify(used));
    const notId = prepareRename(doc, at(MODEL, 'title: Spam', 8));
    assert.ok('error' in notId);
    const unresolved = parseDocument('threatmodel: 1\nflows:\n  - id: f\n    from: ghost\n    to: ghost\n');
    const r = prepareRename(unresolved, unresolved.text.indexOf('ghost'));
    assert.ok('error' in r && /not defined/.test(r.error));
  });

  it('renames quoted ids inside their quotes', () => {
    const text = 'threatmodel: 1\nelements:\n  - id: "a"\n    type: process\nflows:\n  - id: f\n    from: \'a\'\n    to: a\n';
    const d = parseDocument(text);
    const result = renameAt(d, text.indexOf('"a"') + 1, 'b');
    assert.ok('edits' in result);
    assert.equal(apply(text, result.edits), text.replace('"a"', '"b"').replace("'a'", "'b'").replace('to: a', 'to: b'));
  });
});
