// Pins what the symbol table holds (order, first definition wins, aliases, malformed input), so
// the faster table builder keeps every result the same.
import * as assert from 'node:assert/strict';
import { collectSymbols, idsOf, resolve, symbolAt, type SymbolTable } from '../../src/core/model/symbols';
import { parseYaml } from '../../src/core/yaml/parse';

function table(text: string): SymbolTable {
  return collectSymbols(parseYaml(text).root);
}

/** Each definition as `kind id in <start of its entity>`, checking its scalar spells the id and the order is the text's. */
function defs(text: string, t = table(text)): string[] {
  inTextOrder(text, t.definitions);
  return t.definitions.map((d) => `${d.kind} ${d.id} in ${text.slice(d.entity.start, d.entity.start + 10).split('\n')[0]}`);
}

function refs(text: string, t: SymbolTable): string[] {
  inTextOrder(text, t.references);
  return t.references.map((r) => `${r.field} ${r.id} -> ${r.kinds.join('|')}`);
}

function inTextOrder(text: string, list: { id: string; node: { start: number; end: number } }[]): void {
  list.forEach((s, i) => {
    assert.equal(text.slice(s.node.start, s.node.end), s.id);
    if (i > 0) assert.ok(list[i - 1].node.start < s.node.start);
  });
}

describe('core model: symbol table', () => {
  it('lists definitions and references in text order, with kinds, fields and entities', () => {
    const text = [
      'threatmodel: 1',
      'data_assets: [{id: d1}]',
      'boundaries:',
      '  - {id: b1, parent: b0}',
      'elements:',
      '  - {id: e1, boundary: b1, data: [d1, d2]}',
      'flows:',
      '  - {id: f1, from: e1, to: e2, data: d1}',
      'threats:',
      '  - {id: T1, target: [e1, f1], mitigations: M1, dread: {damage: 3}, validation: [{result: failed}]}',
      'mitigations:',
      '  - {id: M1, evidence: [{path: p}]}',
      'attack_trees:',
      '  - id: AT1',
      '    threat: T1',
      '    children: [{threat: T1, children: [{id: inner, threat: T2}]}]',
      'suppressions: [{rule: r, target: e1}]',
      '',
    ].join('\n');
    const t = table(text);
    assert.deepEqual(defs(text, t), [
      'data_asset d1 in {id: d1}]',
      'boundary b1 in {id: b1, p',
      'element e1 in {id: e1, b',
      'flow f1 in {id: f1, f',
      'threat T1 in {id: T1, t',
      'mitigation M1 in {id: M1, e',
      'attack_tree AT1 in id: AT1',
    ]);
    assert.deepEqual(refs(text, t), [
      'parent b0 -> boundary',
      'boundary b1 -> boundary',
      'data d1 -> data_asset',
      'data d2 -> data_asset',
      'from e1 -> element',
      'to e2 -> element',
      'data d1 -> data_asset',
      'target e1 -> element|flow',
      'target f1 -> element|flow',
      'mitigations M1 -> mitigation',
      'threat T1 -> threat',
      'threat T1 -> threat',
      'threat T2 -> threat',
      'target e1 -> element|flow',
    ]);
    assert.deepEqual([...t.byKind.keys()], ['data_asset', 'boundary', 'element', 'flow', 'threat', 'mitigation', 'attack_tree']);
    assert.equal(resolve(t, t.references[7])?.id, 'e1');
    assert.equal(resolve(t, { kinds: ['element', 'flow'], id: 'f1' })?.kind, 'flow');
    assert.deepEqual(idsOf(t, ['threat', 'mitigation']), ['T1', 'M1']);
    assert.equal(symbolAt(t, text.indexOf('f1]'))?.reference?.id, 'f1');
    assert.equal(symbolAt(t, text.indexOf('e1, b') + 1)?.definition?.id, 'e1');
    assert.equal(symbolAt(t, text.indexOf('{id')), undefined);
  });

  it('keeps every definition but resolves to the first one of each id and kind', () => {
    const text = 'elements:\n  - id: a\n  - id: a\n  - id: b\nflows:\n  - id: a\n';
    const t = table(text);
    assert.deepEqual(defs(text, t), ['element a in id: a', 'element a in id: a', 'element b in id: b', 'flow a in id: a']);
    assert.equal(t.byKind.get('element')?.get('a'), t.definitions[0]);
    assert.deepEqual([...(t.byKind.get('element')?.keys() ?? [])], ['a', 'b']);
    assert.equal(t.byKind.get('flow')?.get('a'), t.definitions[3]);
  });

  it('skips empty, null and non-scalar ids and references, and unknown or prototype keys', () => {
    const text = [
      'elements:',
      '  - id:',
      '  - id: ~',
      '  - id: ""',
      '  - id: [x]',
      '  - {id: ok, data: [~, "", {a: 1}, [d], d1], boundary: {x: y}}',
      '  - just a string',
      'flows: {id: not-a-list}',
      'constructor: {id: c}',
      '__proto__: [{id: p}]',
      'x-extra: [{id: e}]',
      '',
    ].join('\n');
    const t = table(text);
    assert.deepEqual(
      t.definitions.map((d) => d.id),
      ['', 'ok'],
    );
    assert.deepEqual(
      t.references.map((r) => r.id),
      ['', 'd1'],
    );
  });

  it('follows aliases and sorts what they bring in back into text order', () => {
    const text = 'x-d: &d d2\nx-el: &el {id: shared, data: d1}\nelements:\n  - id: first\n  - *el\n  - {id: last, data: [*d, *later]}\nx-l: &later d3\n';
    const t = table(text);
    // *el brings `shared` from above `first`, *d brings `d2` from above `d1`; *later names no anchor yet.
    assert.deepEqual(defs(text, t), ['element shared in {id: share', 'element first in id: first', 'element last in {id: last,']);
    assert.deepEqual(refs(text, t), ['data d2 -> data_asset', 'data d1 -> data_asset']);
  });

  it('gives an empty table for a missing, scalar or sequence root', () => {
    for (const text of ['', 'just text', '- id: a\n']) {
      const t = table(text);
      assert.deepEqual([t.definitions.length, t.references.length, t.byKind.size], [0, 0, 0]);
    }
  });
});
