// Code actions over stdio against the built server: quick fixes for the diagnostics the server
// really published, applied to the text and sent back with didChange; the answered diagnostic
// disappears. Also the fix-all source action and snippet tab stops for clients that support them.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { fileUri, LspClient, REPO_ROOT, DEFAULT_CAPABILITIES } from './lspClient';

const fixture = (name: string) => readFileSync(path.join(REPO_ROOT, 'test/fixtures/fixes', name), 'utf8');

function offsetAt(text: string, pos: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + pos.character;
}

/** Applies the edits of a WorkspaceEdit for one document (documentChanges or changes). */
function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  const edits: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) edits.push(...(change.edits as TextEdit[]));
  }
  edits.push(...(edit.changes?.[uri] ?? []));
  assert.ok(edits.length > 0, 'the action edits the document');
  const withOffsets = edits.map((e, i) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText, i }));
  withOffsets.sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('server: code actions over stdio', function () {
  this.timeout(30000);
  let client: LspClient;

  before(async () => {
    client = LspClient.start();
    const result = await client.initialize();
    assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.threatmodel'] });
  });

  after(async () => {
    if (client) await client.shutdown();
  });

  async function openAndWait(uri: string, text: string, code: string): Promise<Diagnostic> {
    client.didOpen(uri, text);
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === code));
    return published.diagnostics.find((d) => d.code === code)!;
  }

  async function actionsFor(uri: string, d: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], ...(only ? { only } : {}) },
    });
  }

  it('applies a quick fix to a published diagnostic, and the diagnostic goes away after didChange', async () => {
    const uri = fileUri('test/fixtures/fixes/lsp-four-spaces.threatmodel');
    const text = fixture('four-spaces.threatmodel');
    const d = await openAndWait(uri, text, 'unmitigated-threat');
    const actions = await actionsFor(uri, d);
    assert.equal(actions.filter((a) => a.isPreferred).length, 1, 'one preferred fix');
    const action = actions.find((a) => a.title.startsWith('Add mitigation: Rate limiting'));
    assert.ok(action, actions.map((a) => a.title).join(' | '));
    assert.equal(action.kind, 'quickfix');
    assert.deepEqual(action.diagnostics, [d]);
    const fixed = applyWorkspaceEdit(text, uri, action.edit!);
    assert.equal(fixed, fixture('four-spaces.add-rate-limiting.expected.threatmodel'));
    client.didChange(uri, 2, [{ text: fixed }]);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(after.diagnostics.filter((x) => x.code === 'unmitigated-threat' || x.severity === 1), []);
  });

  it('offers the fix-all source action when asked for source.fixAll, and applying it answers every unmitigated threat', async () => {
    const uri = fileUri('test/fixtures/fixes/lsp-fix-all.threatmodel');
    const text = fixture('four-spaces.threatmodel');
    const d = await openAndWait(uri, text, 'unmitigated-threat');
    const actions = await actionsFor(uri, d, ['source.fixAll']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all missing mitigations in file', 'source.fixAll.threatmodel']]);
    const fixed = applyWorkspaceEdit(text, uri, actions[0].edit!);
    assert.equal(fixed, fixture('four-spaces.fix-all.expected.threatmodel'));
    client.didChange(uri, 2, [{ text: fixed }]);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(after.diagnostics.filter((x) => x.code === 'unmitigated-threat'), []);
  });

  it('fixes a reference typo through the diagnostic data', async () => {
    const uri = fileUri('test/fixtures/fixes/lsp-references.threatmodel');
    const text = fixture('references.threatmodel');
    const d = await openAndWait(uri, text, 'unresolved-reference');
    const actions = await actionsFor(uri, d);
    const change = actions.find((a) => a.title === "Change to 'store'");
    assert.ok(change?.isPreferred);
    const fixed = applyWorkspaceEdit(text, uri, change!.edit!);
    assert.equal(fixed, fixture('references.change-to-store.expected.threatmodel'));
    client.didChange(uri, 2, [{ text: fixed }]);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.ok(!after.diagnostics.some((x) => x.code === 'unresolved-reference' && x.message.includes("'stor'")));
  });

  it('sends plain placeholders to a client without snippet edits', async () => {
    const uri = fileUri('test/fixtures/fixes/lsp-accept.threatmodel');
    const d = await openAndWait(uri, fixture('four-spaces.threatmodel'), 'unmitigated-threat');
    const accept = (await actionsFor(uri, d)).find((a) => a.title.startsWith('Accept risk'))!;
    const edits = (accept.edit!.documentChanges![0] as { edits: (TextEdit & { insertTextFormat?: number })[] }).edits;
    assert.ok(edits.every((e) => e.insertTextFormat === undefined && !e.newText.includes('${')));
    assert.ok(edits.some((e) => e.newText.includes("justification: 'TODO: why this risk is acceptable'")));
  });
});

describe('server: snippet tab stops for clients announcing experimental.snippetTextEdit', function () {
  this.timeout(30000);
  let client: LspClient;
  after(async () => {
    if (client) await client.shutdown();
  });

  it('turns the accept-risk placeholders into tab stops', async () => {
    client = LspClient.start();
    await client.initialize({ capabilities: { ...DEFAULT_CAPABILITIES, experimental: { snippetTextEdit: true } } });
    const uri = fileUri('test/fixtures/fixes/lsp-snippet.threatmodel');
    client.didOpen(uri, fixture('four-spaces.threatmodel'));
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((x) => x.code === 'unmitigated-threat'));
    const d = published.diagnostics.find((x) => x.code === 'unmitigated-threat')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const accept = actions.find((a) => a.title.startsWith('Accept risk'))!;
    const edits = (accept.edit!.documentChanges![0] as { edits: (TextEdit & { insertTextFormat?: number })[] }).edits;
    const all = edits.map((e) => e.newText).join('');
    assert.ok(edits.every((e) => e.insertTextFormat === 2));
    assert.match(all, /justification: \$\{1:'TODO: why this risk is acceptable'\}/);
    assert.match(all, /owner: \$\{2:'TODO: owner'\}/);
    assert.match(all, /review_by: \$\{3:\d{4}-\d{2}-\d{2}\}/);
  });
});
