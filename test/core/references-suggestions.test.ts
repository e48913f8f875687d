// "Did you mean" on unresolved references stays bounded: every broken reference is reported, but
// the suggestion search (each reference against every id of its kinds) stops after a fixed budget
// of comparisons, so a file full of broken references cannot take quadratic time to check.
import * as assert from 'node:assert/strict';
import { parseDocument } from '../../src/core/document';
import { MAX_SUGGESTION_COMPARISONS, validateReferences } from '../../src/core/validate/references';

function brokenFlows(n: number): string {
  let t = 'threatmodel: 1\ntitle: t\nelements:\n';
  for (let i = 0; i < n; i++) t += `  - {id: el-${i}, name: E, type: process}\n`;
  t += 'flows:\n';
  for (let i = 0; i < n; i++) t += `  - {id: f-${i}, from: el-${i}x, to: el-${i}}\n`;
  return t;
}

const check = (text: string) => {
  const doc = parseDocument(text);
  return validateReferences(doc.model, doc.symbols, doc.lines).filter((d) => d.code === 'unresolved-reference');
};

describe('references: bounded "did you mean"', () => {
  it('suggests the closest id in an ordinary file', () => {
    const [d] = check(brokenFlows(3));
    assert.match(d.message, /No element with id 'el-0x'\. Did you mean 'el-0'\?/);
    assert.equal(d.data?.suggestion, 'el-0');
  });

  it('reports every broken reference of a large file, suggestions within the budget, in bounded time', () => {
    const n = 4000;
    const start = performance.now();
    const found = check(brokenFlows(n));
    const ms = performance.now() - start;
    assert.equal(found.length, n);
    const suggested = found.filter((d) => d.data?.suggestion !== undefined).length;
    assert.equal(suggested, Math.floor(MAX_SUGGESTION_COMPARISONS / n));
    assert.ok(found.slice(suggested).every((d) => !/Did you mean/.test(d.message)));
    // Unbounded, this was 16M edit distances (about 20 s here); bounded it is a fraction of that.
    assert.ok(ms < 8000, `took ${ms.toFixed(0)} ms`);
  });
});
