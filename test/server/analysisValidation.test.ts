// The Threat Analysis view's validation state comes from `threatmodel/analyze`: a proposal covered
// by threats carries the latest validation run of each validated one. Over the real server (stdio):
// the example's recorded run shows up, and after importing PyRIT results (threatmodel/importPyrit,
// fixture test/fixtures/pyrit/rag-results.json) the new outcomes show up on the next analysis.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TextEdit } from 'vscode-languageserver';
import { fileUri, LspClient, REPO_ROOT } from './lspClient';

const RAG = readFileSync(path.join(REPO_ROOT, 'examples', 'rag-assistant.threatmodel'), 'utf8');
const RESULTS = readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'pyrit', 'rag-results.json'), 'utf8');

interface Proposal {
  id: string;
  covered: false | { by: string; ids: string[] };
  validation?: { threat: string; result: string; date?: string; source?: string; runs: number }[];
}

function applyLsp(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line] + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('server: validation state in threatmodel/analyze (Threat Analysis view)', function () {
  this.timeout(60000);
  let client: LspClient;
  const uri = fileUri('test/fixtures/pyrit/rag-validation.threatmodel');
  const analyze = async () => (await client.request<{ proposals: Proposal[] }>('threatmodel/analyze', { uri }, 20000)).proposals;

  before(async () => {
    client = LspClient.start();
    await client.initialize();
    client.didOpen(uri, RAG, 1);
  });

  after(async () => {
    await client.shutdown();
  });

  it('covered proposals carry the latest run of their validated threats; others carry none', async () => {
    const proposals = await analyze();
    const direct = proposals.find((p) => p.id === 'atlas.llm.direct-prompt-injection@orchestrator')!;
    assert.ok(direct.covered && direct.covered.ids.includes('thr-direct-injection'));
    assert.deepEqual(direct.validation, [{ threat: 'thr-direct-injection', result: 'failed', date: '2025-10-14', source: 'pyrit', runs: 1 }]);
    for (const p of proposals) {
      if (!p.covered || p.covered.by !== 'threat') assert.equal(p.validation, undefined, p.id);
      else for (const v of p.validation ?? []) assert.ok(p.covered.ids.includes(v.threat), `${p.id}: ${v.threat} covers it`);
    }
  });

  it('after importing PyRIT results, the next analysis shows the new outcome (a succeeded attack first)', async () => {
    const before = (await analyze()).filter((p) => p.covered && p.covered.ids.includes('thr-confidential-leakage'));
    assert.ok(before.length > 0, 'some proposal is covered by thr-confidential-leakage');
    assert.ok(before.every((p) => !p.validation?.some((v) => v.threat === 'thr-confidential-leakage')), 'not validated yet');

    const r = await client.request<{ edit: { documentChanges?: { edits: TextEdit[] }[] } | null }>('threatmodel/importPyrit', { uri, results: [RESULTS], names: ['rag-results.json'] });
    const edits = r.edit?.documentChanges?.[0]?.edits;
    assert.ok(edits && edits.length > 0, JSON.stringify(r));
    client.didChange(uri, 2, [{ text: applyLsp(RAG, edits) }]);

    const after = (await analyze()).filter((p) => p.covered && p.covered.ids.includes('thr-confidential-leakage'));
    assert.equal(after.length, before.length);
    for (const p of after) {
      const v = p.validation!.find((x) => x.threat === 'thr-confidential-leakage')!;
      assert.equal(v.result, 'succeeded', p.id);
      assert.equal(v.runs, 1);
      assert.equal(p.validation![0].result, 'succeeded', 'most severe first');
    }
  });
});
