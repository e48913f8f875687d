import * as assert from 'node:assert/strict';
import { parseDocument } from '../../src/core';
import { outline, type OutlineSymbol } from '../../src/core/language/outline';
import { MODEL, at } from './languageFixture';

function names(symbols: OutlineSymbol[]): unknown {
  return symbols.map((s) => (s.children.length ? { [s.name]: names(s.children) } : s.name));
}

describe('core language: outline', () => {
  const doc = parseDocument(MODEL);
  const symbols = outline(doc);

  it('groups entities by section, nests boundaries and attack-tree steps', () => {
    assert.deepEqual(names(symbols), [
      { 'Data assets': ['mail: E-mail'] },
      { 'Trust boundaries': [{ 'cloud: Cloud account': ['dmz'] }] },
      { Elements: ['client: Mail server', 'api: Inference API'] },
      { 'Data flows': ['f1'] },
      { Threats: ['T1: Model evasion', 'T2: Sniffing'] },
      { Mitigations: ['M1: Adversarial training'] },
      { 'Attack trees': [{ 'AT1: Evade the filter': [{ 'Craft adversarial mail': ['Probe the API'] }] }] },
    ]);
  });

  it('gives flows, threats and mitigations their details', () => {
    const flow = symbols[3].children[0];
    assert.equal(flow.detail, 'client -> api');
    const [t1, t2] = symbols[4].children;
    assert.equal(t1.detail, 'open · api');
    assert.equal(t2.detail, 'mitigated · f1, api');
    assert.equal(symbols[5].children[0].detail, 'implemented');
    assert.equal(symbols[2].children[1].detail, 'process, inference_api, model');
  });

  it('uses the entity mapping as range and the id scalar as selection range', () => {
    const api = symbols[2].children[1];
    assert.equal(MODEL.slice(api.selectionStart, api.selectionEnd), 'api');
    assert.equal(api.selectionStart, at(MODEL, 'id: api', 4));
    assert.equal(api.start, at(MODEL, 'id: api'));
    assert.ok(MODEL.slice(api.start, api.end).endsWith('data: [mail]'));
    const section = symbols[2];
    assert.equal(MODEL.slice(section.selectionStart, section.selectionEnd), 'elements');
    assert.ok(section.start <= api.start && section.end >= api.end);
  });

  it('returns nothing for a text whose root is not a mapping, and survives boundary cycles', () => {
    assert.deepEqual(outline(parseDocument('- a\n- b\n')), []);
    const cyc = parseDocument('threatmodel: 1\nboundaries:\n  - id: a\n    parent: b\n  - id: b\n    parent: a\n');
    assert.deepEqual(names(outline(cyc)), [{ 'Trust boundaries': ['a', 'b'] }]);
  });
});
