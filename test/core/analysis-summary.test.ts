// analyze(..., { summaryOnly: true }) — what the coverage-gap checker uses — fires exactly the same
// proposals with the same coverage as the full analysis, only without the texts.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analysis';
import { parseDocument } from '../../src/core/document';
import { generateModel } from '../../src/core/testing/generate';

const root = join(__dirname, '..', '..', '..');
const models: [string, string][] = [
  ...['spam-classifier', 'federated-imaging', 'rag-assistant'].map((f): [string, string] => [f, readFileSync(join(root, 'examples', `${f}.threatmodel`), 'utf8')]),
  ['generated 200', generateModel({ elements: 200, seed: 5 })],
];

describe('analysis: summaryOnly', () => {
  for (const [name, text] of models) {
    it(`gives the same proposals, targets, categories and coverage as the full analysis (${name})`, () => {
      const doc = parseDocument(text);
      const full = analyze(doc).proposals;
      const summary = analyze(doc, { summaryOnly: true }).proposals;
      assert.ok(full.length > 0);
      const key = (p: (typeof full)[number]) =>
        JSON.stringify([p.id, p.framework, p.target, p.targetKind, p.rule, p.pack, p.stride, p.linddun, p.owasp, p.atlas.map((a) => a.technique), p.covered]);
      assert.deepEqual(new Set(summary.map(key)), new Set(full.map(key)));
      assert.equal(summary.length, full.length);
      // and it leaves the texts out
      assert.ok(summary.every((p) => p.title === '' && p.rationale === '' && p.mitigations.length === 0 && p.facts.length === 0 && p.dread === undefined));
      assert.ok(full.some((p) => p.title !== '' && p.mitigations.length > 0));
    });
  }
});
