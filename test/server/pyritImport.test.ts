// threatmodel/importPyrit over the real language server (stdio): PyRIT results (test/fixtures/pyrit,
// AttackResult.model_dump(mode="json") objects as in ../shared/reference/pyrit/FORMATS.md) become one
// minimal, versioned edit appending `validation:` entries; the hover then shows the result; importing
// the same results again adds nothing; bad files and closed models get clear errors.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TextEdit } from 'vscode-languageserver';
import { fileUri, LspClient, REPO_ROOT } from './lspClient';

const RAG = readFileSync(path.join(REPO_ROOT, 'examples', 'rag-assistant.threatmodel'), 'utf8');
const RESULTS = readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'pyrit', 'rag-results.json'), 'utf8');

interface ImportResult {
  edit: { documentChanges?: { textDocument: { uri: string; version: number }; edits: TextEdit[] }[]; changes?: Record<string, TextEdit[]> } | null;
  version?: number;
  recorded: { threatId: string; result: string; runs: number }[];
  alreadyRecorded: string[];
  unknownThreats: string[];
  problems: string[];
  error?: string;
}

function applyLsp(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line] + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('server: threatmodel/importPyrit over stdio', function () {
  this.timeout(60000);
  let client: LspClient;
  const uri = fileUri('test/fixtures/pyrit/rag.threatmodel');

  before(async () => {
    client = LspClient.start();
    await client.initialize();
  });

  after(async () => {
    await client.shutdown();
  });

  it('returns a versioned, insert-only edit recording each threat once; the hover shows it; a second import adds nothing', async () => {
    client.didOpen(uri, RAG, 1);
    const r = await client.request<ImportResult>('threatmodel/importPyrit', { uri, results: [RESULTS], names: ['rag-results.json'] });
    assert.equal(r.error, undefined);
    assert.deepEqual(r.recorded, [
      { threatId: 'thr-confidential-leakage', result: 'succeeded', runs: 1 },
      { threatId: 'thr-indirect-injection', result: 'failed', runs: 1 },
    ]);
    assert.deepEqual(r.unknownThreats, ['thr-not-in-the-model']);
    assert.deepEqual(r.alreadyRecorded, []);
    assert.deepEqual(r.problems, []);
    assert.equal(r.version, 1);
    const change = r.edit?.documentChanges?.[0];
    assert.ok(change, JSON.stringify(r.edit));
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(change.edits.length, 2);
    for (const e of change.edits) assert.deepEqual(e.range.start, e.range.end, 'insertions only: nothing else in the file changes');

    const updated = applyLsp(RAG, change.edits);
    assert.match(updated, /- id: thr-confidential-leakage[\s\S]*?mitigations: mit-retrieval-acl\n {4}validation:\n {6}- result: succeeded\n {8}date: 2026-11-20\n {8}source: "pyrit 0\.14\.0"\n {8}details: /);
    client.didChange(uri, 2, [{ text: updated }]);
    const line = updated.split('\n').findIndex((l) => l.includes('- id: thr-confidential-leakage'));
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line, character: 12 } });
    assert.ok(hover.contents.value.includes('Validated: attack SUCCEEDED on 2026-11-20 (pyrit 0.14.0) — mitigations not effective · 1 run'), hover.contents.value);
    const diags = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.ok(!diags.diagnostics.some((d) => d.severity === 1 && d.code !== 'validation-attack-succeeded'), JSON.stringify(diags.diagnostics.filter((d) => d.severity === 1)));

    const again = await client.request<ImportResult>('threatmodel/importPyrit', { uri, results: [RESULTS] });
    assert.equal(again.edit, null);
    assert.deepEqual(again.recorded, []);
    assert.deepEqual(again.alreadyRecorded.sort(), ['thr-confidential-leakage', 'thr-indirect-injection']);
    client.didClose(uri);
  });

  it('reports files that are not PyRIT results, entries without a threat id, and a model that is not open', async () => {
    client.didOpen(uri, RAG, 1);
    const bad = await client.request<ImportResult>('threatmodel/importPyrit', { uri, results: ['{ not json', '{"not": "results"}'], names: ['a.json', 'b.json'] });
    assert.equal(bad.edit, null);
    assert.match(bad.error ?? '', /not PyRIT results/);
    assert.match(bad.problems[0], /^a\.json: not valid JSON/);
    assert.match(bad.problems[1], /^b\.json: expected a JSON array of PyRIT AttackResult objects/);

    const partly = await client.request<ImportResult>('threatmodel/importPyrit', {
      uri,
      results: [JSON.stringify([{ conversation_id: 'c', objective: 'o', outcome: 'success' }]), RESULTS],
      names: ['no-labels.json', 'rag-results.json'],
    });
    assert.match(partly.problems[0], /^no-labels\.json \[0\]: no labels\.threat_id/);
    assert.equal(partly.recorded.length, 2, 'the good file is still imported');

    const broken = 'threats: [unclosed\n';
    client.didChange(uri, 2, [{ text: broken }]);
    const invalid = await client.request<ImportResult>('threatmodel/importPyrit', { uri, results: [RESULTS] });
    assert.match(invalid.error ?? '', /not valid YAML/);
    client.didClose(uri);

    const closed = await client.request<ImportResult>('threatmodel/importPyrit', { uri, results: [RESULTS] });
    assert.equal(closed.error, 'The model is not open.');
    const malformed = await client.request<ImportResult>('threatmodel/importPyrit', { uri });
    assert.match(malformed.error ?? '', /needs \{uri, results/);
  });
});
