import * as assert from 'node:assert/strict';
import { parseDocument } from '../../src/core';
import { escapeMarkdown, hoverAt } from '../../src/core/language/hover';
import { MODEL, at } from './languageFixture';

describe('core language: hover', () => {
  const doc = parseDocument(MODEL);

  it('describes an element on a reference: type, ML roles, boundary, flows, threats with DREAD', () => {
    const h = hoverAt(doc, at(MODEL, 'to: api', 5))!;
    assert.equal(MODEL.slice(h.start, h.end), 'api');
    assert.match(h.markdown, /\*\*Element\*\* `api` — Inference API/);
    assert.match(h.markdown, /Type: `process` · ML roles: `inference_api`, `model`/);
    assert.match(h.markdown, /Boundary: `dmz`/);
    assert.match(h.markdown, /Flows in \(1\):\n- `f1` from `client`/);
    assert.match(h.markdown, /- `T1` Model evasion — \*open\* · DREAD 7\.0 \(high\)/);
    assert.match(h.markdown, /- `T2` Sniffing — \*mitigated\*/);
  });

  it('describes a flow, a threat and a mitigation on their definitions', () => {
    assert.match(hoverAt(doc, at(MODEL, 'id: f1', 4))!.markdown, /`client` -> `api`[\s\S]*Threats \(1\)/);
    const t = hoverAt(doc, at(MODEL, 'id: T1', 4))!.markdown;
    assert.match(t, /Status: \*open\* · Targets: `api`/);
    assert.match(t, /Categories: Tampering/);
    assert.match(t, /DREAD 7\.0 \(high\) — Damage 8, Reproducibility 6, Exploitability 7, Affected users 9, Discoverability 5/);
    assert.match(t, /`M1` — Adversarial training — \*implemented\*/);
    assert.match(hoverAt(doc, at(MODEL, 'id: M1', 4))!.markdown, /Addresses \(2\)/);
  });

  it('scores DREAD on the configured scale, and shows raw factors for an incomplete rating', () => {
    const text = MODEL.replace('dread: { damage: 8, reproducibility: 6, exploitability: 7, affected_users: 9, discoverability: 5 }', 'dread: { damage: 3, reproducibility: 2, exploitability: 3, affected_users: 3, discoverability: 2 }');
    const d = parseDocument(text);
    assert.match(hoverAt(d, at(text, 'id: T1', 4), { dreadScale: 'sum-1-3' })!.markdown, /DREAD 13 \(high\)/);
    const partial = MODEL.replace(', discoverability: 5', '');
    assert.match(hoverAt(parseDocument(partial), at(partial, 'id: api', 4))!.markdown, /DREAD \(incomplete\): Damage 8/);
  });

  it('documents a key from the format declarations', () => {
    const h = hoverAt(doc, at(MODEL, 'boundary: dmz', 2))!;
    assert.equal(MODEL.slice(h.start, h.end), 'boundary');
    assert.match(h.markdown, /trust boundary the element sits in/);
  });

  it('explains a STRIDE category value', () => {
    const h = hoverAt(doc, at(MODEL, 'tampering', 2))!;
    assert.match(h.markdown, /\*\*Tampering\*\* — STRIDE category `T`/);
    assert.match(h.markdown, /Integrity/);
  });

  it('escapes model text so it cannot inject Markdown or HTML', () => {
    const text = 'threatmodel: 1\nelements:\n  - id: x\n    name: "<img src=x onerror=alert(1)> **bold** [link](http://e)"\n    type: process\n';
    const h = hoverAt(parseDocument(text), text.indexOf('id: x') + 4)!;
    assert.ok(!h.markdown.includes('<img'));
    assert.ok(h.markdown.includes('&lt;img'));
    assert.ok(h.markdown.includes('\\*\\*bold\\*\\*'));
    assert.equal(escapeMarkdown('a_b'), 'a\\_b');
  });

  it('returns nothing on plain values and survives non-model roots', () => {
    assert.equal(hoverAt(doc, at(MODEL, 'Spam filter', 2)), undefined);
    assert.equal(hoverAt(parseDocument('- a\n'), 2), undefined);
  });
});
