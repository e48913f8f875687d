import * as assert from 'node:assert/strict';
import { parseDocument, type ParsedDocument } from '../../src/core';
import { complete, type CompletionEntry } from '../../src/core/language/completion';
import { MODEL } from './languageFixture';

const good = parseDocument(MODEL);

/** Completes at the `|` marker in `text` (the marker is removed), with ids from `model`. */
function at(text: string, model: ParsedDocument | undefined = good): { entries: CompletionEntry[]; text: string; offset: number } {
  const offset = text.indexOf('|');
  assert.ok(offset >= 0, 'test text needs a | marker');
  const clean = text.slice(0, offset) + text.slice(offset + 1);
  return { entries: complete(clean, offset, model), text: clean, offset };
}

const labels = (entries: CompletionEntry[]) => entries.map((e) => e.label);

describe('core language: completion', () => {
  it('offers element ids after `from: ` with nothing typed yet (broken YAML, ids from the last good parse)', () => {
    const r = at('threatmodel: 1\nflows:\n  - id: f2\n    from: |\n');
    assert.deepEqual(labels(r.entries), ['client', 'api']);
    assert.equal(r.entries[0].start, r.offset);
    assert.equal(r.entries[0].end, r.offset);
    assert.match(r.entries[1].detail ?? '', /element · Inference API · process/);
  });

  it('replaces the partial id being typed', () => {
    const r = at('threatmodel: 1\nflows:\n  - id: f2\n    to: ap|i2\n');
    assert.deepEqual(labels(r.entries), ['client', 'api']);
    assert.equal(r.text.slice(r.entries[0].start, r.entries[0].end), 'api2');
  });

  it('completes right after the colon with a leading space', () => {
    const r = at('threatmodel: 1\nelements:\n  - id: x\n    boundary:|\n');
    assert.deepEqual(labels(r.entries), ['cloud', 'dmz']);
    assert.equal(r.entries[0].insertText, ' cloud');
  });

  it('offers the missing keys of the mapping being typed (partial key)', () => {
    const r = at('threatmodel: 1\nelements:\n  - id: x\n    ty|\n    name: X\n');
    const ls = labels(r.entries);
    assert.ok(ls.includes('type'));
    assert.ok(!ls.includes('id') && !ls.includes('name'), 'present keys are not offered');
    assert.equal(ls[0], 'type', 'required keys first');
    const type = r.entries.find((e) => e.label === 'type')!;
    assert.equal(type.insertText, 'type: ');
    assert.equal(type.retrigger, true);
    assert.equal(r.text.slice(type.start, type.end), 'ty');
    assert.match(type.documentation ?? '', /DFD element type/);
  });

  it('offers top-level sections with list snippets carrying the required fields', () => {
    const r = at('threatmodel: 1\ntitle: x\n|\n', undefined);
    const ls = labels(r.entries);
    assert.ok(!ls.includes('threatmodel') && !ls.includes('title'));
    const elements = r.entries.find((e) => e.label === 'elements')!;
    assert.equal(elements.snippet, true);
    assert.equal(elements.insertText, 'elements:\n  - id: $1\n    type: ${2|external_entity,process,data_store|}');
    const flows = r.entries.find((e) => e.label === 'flows')!;
    assert.equal(flows.insertText, 'flows:\n  - id: $1\n    from: $2\n    to: $3');
  });

  it('indents nested snippets from the key column', () => {
    const r = at('threatmodel: 1\nthreats:\n  - id: T9\n    |\n');
    const dread = r.entries.find((e) => e.label === 'dread')!;
    assert.equal(dread.insertText.split('\n')[1], '      damage: $1');
    const mitigations = r.entries.find((e) => e.label === 'mitigations')!;
    assert.equal(mitigations.insertText, 'mitigations: [$0]');
  });

  it('offers keys for a new list item after `- `', () => {
    const r = at('threatmodel: 1\nmitigations:\n  - id: M1\n    title: a\n  - |\n');
    assert.ok(labels(r.entries).includes('id'));
    assert.ok(labels(r.entries).includes('title'));
  });

  it('offers mitigation ids inside a flow list, skipping those already listed', () => {
    const model = parseDocument(MODEL.replace('mitigations:\n  - id: M1\n', 'mitigations:\n  - id: M2\n    title: Rate limit\n  - id: M1\n'));
    const r = at('threatmodel: 1\nthreats:\n  - id: T3\n    title: t\n    mitigations: [M1, |\n', model);
    assert.deepEqual(labels(r.entries), ['M2']);
    const r2 = at('threatmodel: 1\nthreats:\n  - id: T3\n    title: t\n    mitigations: [|M1]\n', model);
    assert.deepEqual(labels(r2.entries), ['M2']);
  });

  it('offers mitigation ids for a block list item, skipping siblings', () => {
    const model = parseDocument(MODEL.replace('mitigations:\n  - id: M1\n', 'mitigations:\n  - id: M2\n    title: Rate limit\n  - id: M1\n'));
    const r = at('threatmodel: 1\nthreats:\n  - id: T3\n    mitigations:\n      - M1\n      - |\n', model);
    assert.deepEqual(labels(r.entries), ['M2']);
  });

  it('offers elements AND flows for a threat target, data assets for data, threats in attack trees', () => {
    assert.deepEqual(labels(at('threatmodel: 1\nthreats:\n  - id: T3\n    target: |\n').entries), ['client', 'api', 'f1']);
    assert.deepEqual(labels(at('threatmodel: 1\nflows:\n  - id: f3\n    data: [|]\n').entries), ['mail']);
    const tree = 'threatmodel: 1\nattack_trees:\n  - id: AT2\n    goal: g\n    children:\n      - title: s\n        threat: |\n';
    assert.deepEqual(labels(at(tree).entries), ['T1', 'T2']);
  });

  it('offers enum values with docs, and STRIDE / LINDDUN categories with their meaning', () => {
    const type = at('threatmodel: 1\nelements:\n  - id: x\n    type: pro|\n');
    assert.deepEqual(labels(type.entries), ['external_entity', 'process', 'data_store']);
    assert.equal(type.text.slice(type.entries[0].start, type.entries[0].end), 'pro');
    const stride = at('threatmodel: 1\nthreats:\n  - id: T3\n    stride: [spoofing, |]\n');
    assert.ok(!labels(stride.entries).includes('spoofing'));
    const tampering = stride.entries.find((e) => e.label === 'tampering')!;
    assert.equal(tampering.kind, 'category');
    assert.match(tampering.documentation ?? '', /Tampering.*Integrity/s);
    const linddun = at('threatmodel: 1\nthreats:\n  - id: T3\n    linddun:\n      - |\n');
    assert.ok(labels(linddun.entries).includes('data_disclosure'));
    const bool = at('threatmodel: 1\nflows:\n  - id: f\n    encrypted: |\n');
    assert.deepEqual(labels(bool.entries), ['true', 'false']);
  });

  it('completes keys and values inside a one-line flow mapping', () => {
    const keys = at('threatmodel: 1\nthreats:\n  - id: T3\n    dread: { damage: 8, re| }\n');
    const ls = labels(keys.entries);
    assert.ok(ls.includes('reproducibility') && !ls.includes('damage'), ls.join(','));
    const rep = keys.entries.find((e) => e.label === 'reproducibility')!;
    assert.equal(rep.insertText, 'reproducibility: ');
    assert.equal(keys.text.slice(rep.start, rep.end), 're');
    const values = at('threatmodel: 1\nthreats:\n  - id: T3\n    validation:\n      - { result: |\n');
    assert.deepEqual(labels(values.entries), ['succeeded', 'failed', 'undetermined']);
  });

  it('offers nothing inside comments, block scalars, or free text', () => {
    assert.deepEqual(at('threatmodel: 1\n# from: |\n').entries, []);
    assert.deepEqual(at('threatmodel: 1\ndescription: |\n  from: |\n').entries, []);
    assert.deepEqual(at('threatmodel: 1\ntitle: some |\n').entries, []);
  });

  it('works at the very start of an empty file and on garbage without throwing', () => {
    const r = at('|', undefined);
    assert.ok(labels(r.entries).includes('threatmodel'));
    for (const text of ['\0\0{{{[[[|', '\ufffd\ufffd: |', 'a:\n\t- b: |', '- - - |']) {
      assert.doesNotThrow(() => at(text));
    }
  });
});
