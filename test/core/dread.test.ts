import * as assert from 'node:assert/strict';
import { checkDocument, dreadBand, dreadScore, parseDocument } from '../../src/core';

const model = (dread: string) => `threatmodel: 1\nelements:\n  - id: a\n    type: process\nthreats:\n  - id: t1\n    title: x\n    target: a\n    status: accepted\n    justification: ok\n    owner: me\n    review_by: 2030-01-01\n    dread: ${dread}\n`;

function dreadDiags(text: string, scale?: string) {
  const doc = parseDocument(text);
  return checkDocument(doc, scale ? { dreadScale: scale } : {})
    .filter((d) => d.code.startsWith('dread-'))
    .map((d) => {
      const s = doc.lines.positionAt(d.start);
      const e = doc.lines.positionAt(d.end);
      return { code: d.code, at: `${s.line}:${s.character}-${e.line}:${e.character}`, text: text.slice(d.start, d.end) };
    });
}

describe('dread: scores and bands', () => {
  it('average-0-10 (default): mean of the factors, bands >= 7 high, >= 4 medium', () => {
    const t = { dread: { damage: 8, reproducibility: 10, exploitability: 7, affectedUsers: 10, discoverability: 10 } };
    assert.equal(dreadScore(t), 9);
    assert.equal(dreadScore(t, 'average-0-10'), 9);
    assert.equal(dreadBand(9), 'high');
    assert.equal(dreadBand(7), 'high');
    assert.equal(dreadBand(6.9), 'medium');
    assert.equal(dreadBand(4), 'medium');
    assert.equal(dreadBand(3.9), 'low');
    assert.equal(dreadScore({ dread: { damage: 0, reproducibility: 0, exploitability: 0, affectedUsers: 0, discoverability: 1 } }), 0.2);
  });

  it('sum-1-3: sum of the factors, bands 12-15 high, 8-11 medium, 5-7 low', () => {
    const t = { dread: { damage: 3, reproducibility: 3, exploitability: 2, affectedUsers: 2, discoverability: 2 } };
    assert.equal(dreadScore(t, 'sum-1-3'), 12);
    assert.equal(dreadBand(12, 'sum-1-3'), 'high');
    assert.equal(dreadBand(11, 'sum-1-3'), 'medium');
    assert.equal(dreadBand(8, 'sum-1-3'), 'medium');
    assert.equal(dreadBand(7, 'sum-1-3'), 'low');
    // Out of range for the scale, or incomplete: no score.
    assert.equal(dreadScore({ dread: { ...t.dread, damage: 4 } }, 'sum-1-3'), undefined);
    assert.equal(dreadScore({ dread: { damage: 3 } }, 'sum-1-3'), undefined);
    assert.equal(dreadScore({}, 'sum-1-3'), undefined);
  });
});

describe('dread: diagnostics', () => {
  it('reports missing factors at the dread key', () => {
    assert.deepEqual(dreadDiags(model('{ damage: 5, exploitability: 4 }')), [{ code: 'dread-incomplete', at: '12:4-12:9', text: 'dread' }]);
  });

  it('reports an out-of-range factor at the value, per scale', () => {
    const full = '{ damage: 11, reproducibility: 2, exploitability: 2, affected_users: 2, discoverability: 2 }';
    assert.deepEqual(dreadDiags(model(full)), [{ code: 'dread-out-of-range', at: '12:21-12:23', text: '11' }]);
    const small = '{ damage: 3, reproducibility: 2, exploitability: 5, affected_users: 2, discoverability: 0 }';
    assert.deepEqual(dreadDiags(model(small), 'sum-1-3'), [
      { code: 'dread-out-of-range', at: '12:60-12:61', text: '5' },
      { code: 'dread-out-of-range', at: '12:99-12:100', text: '0' },
    ]);
    assert.deepEqual(dreadDiags(model(small)), []);
  });

  it('the three examples have complete, in-range ratings on the default scale', () => {
    for (const name of ['spam-classifier', 'federated-imaging', 'rag-assistant']) {
      const text = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', '..', 'examples', `${name}.threatmodel`), 'utf8');
      assert.deepEqual(dreadDiags(text).filter((d) => d.code === 'dread-out-of-range'), [], name);
    }
  });
});
