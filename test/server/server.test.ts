// The real language server over stdio: initialize, diagnostics (open, incremental change, settings,
// close), outline, definition, references, rename, completion and hover.
import * as assert from 'node:assert/strict';
import type { CompletionList, DocumentSymbol, Hover, Location, PublishDiagnosticsParams, WorkspaceEdit } from 'vscode-languageserver';
import { MODEL, at } from '../core/languageFixture';
import { fileUri, LspClient, RpcError } from './lspClient';

/** 0-based line/character of an offset. */
function pos(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function summary(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

describe('server: language features over stdio', function () {
  this.timeout(30000);
  let client: LspClient;

  before(async () => {
    client = LspClient.start();
  });

  after(async () => {
    if (client) await client.shutdown();
  });

  it('initializes with its capabilities', async () => {
    const result = await client.initialize();
    const caps = result.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.completionProvider?.triggerCharacters, [':', ' ', '[', ',', '-']);
    assert.equal(caps.hoverProvider, true);
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.ok(caps.documentSymbolProvider);
    assert.equal(result.serverInfo?.name, 'threatmodel-language-server');
  });

  const uri = fileUri('test/fixtures/server-diagnostics.threatmodel');
  const broken = 'threatmodel: 1\nelements:\n  - id: api\n    type: proces\nflows:\n  - id: f1\n    from: clinet\n    to: api\n';

  it('publishes diagnostics on open with exact ranges, codes, data and the document version', async () => {
    client.didOpen(uri, broken, 1);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1);
    assert.deepEqual(summary(p), ['invalid-value@3:10-3:16', 'unresolved-reference@6:10-6:16']);
    const [typo, ref] = p.diagnostics;
    assert.equal(typo.source, 'threatmodel');
    assert.equal(typo.severity, 1);
    assert.deepEqual(typo.data, { suggestion: 'process', code: 'invalid-value' });
    assert.match(ref.message, /No element with id 'clinet'/);
    assert.equal((ref.data as { code: string }).code, 'unresolved-reference');
  });

  it('re-checks after an incremental change and publishes for the new version', async () => {
    client.didChange(uri, 2, [{ range: { start: { line: 3, character: 10 }, end: { line: 3, character: 16 } }, text: 'process' }]);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 2);
    assert.deepEqual(summary(p), ['unresolved-reference@6:10-6:16']);
  });

  it('debounces rapid changes and never publishes diagnostics for a superseded version', async () => {
    const before = client.published.length;
    // v3 inserts two lines at the top (shifting everything), v4 follows immediately.
    client.didChange(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# one\n# two\n' }]);
    client.didChange(uri, 4, [{ range: { start: { line: 8, character: 10 }, end: { line: 8, character: 16 } }, text: 'ghost' }]);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 4);
    assert.deepEqual(summary(p), ['unresolved-reference@8:10-8:15']);
    const versions = client.published.slice(before).filter((d) => d.uri === uri).map((d) => d.version);
    assert.deepEqual(versions, [4]);
  });

  it('applies severity settings from workspace/configuration and re-validates on change', async () => {
    client.settings = { diagnostics: { severity: { 'unresolved-reference': 'warning' } } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    let p = await client.waitForDiagnostics(uri, (d) => d.version === 4 && d.diagnostics[0]?.severity === 2);
    assert.deepEqual(summary(p), ['unresolved-reference@8:10-8:15']);
    client.settings = { diagnostics: { severity: { 'unresolved-reference': 'off' } } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    p = await client.waitForDiagnostics(uri, (d) => d.version === 4 && d.diagnostics.length === 0);
    client.settings = {};
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 1 && d.diagnostics[0].severity === 1);
  });

  it('carries related information (the first definition of a duplicate id)', async () => {
    const dup = fileUri('test/fixtures/server-duplicate.threatmodel');
    client.didOpen(dup, 'threatmodel: 1\nelements:\n  - id: a\n    type: process\n  - id: a\n    type: data_store\n');
    const p = await client.waitForDiagnostics(dup, (d) => d.version === 1);
    assert.deepEqual(summary(p), ['duplicate-id@4:8-4:9']);
    assert.deepEqual(p.diagnostics[0].relatedInformation, [
      { location: { uri: dup, range: { start: { line: 2, character: 8 }, end: { line: 2, character: 9 } } }, message: "First definition of 'a'" },
    ]);
    client.didClose(dup);
  });

  it('clears diagnostics when the document closes', async () => {
    client.didClose(uri);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === undefined && d.diagnostics.length === 0);
    assert.deepEqual(p.diagnostics, []);
  });

  const model = fileUri('test/fixtures/server-model.threatmodel');

  it('serves the outline as document symbols', async () => {
    client.didOpen(model, MODEL, 1);
    await client.waitForDiagnostics(model, (d) => d.version === 1);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: model } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['Data assets', 'Trust boundaries', 'Elements', 'Data flows', 'Threats', 'Mitigations', 'Attack trees'],
    );
    const api = symbols[2].children![1];
    assert.equal(api.name, 'api: Inference API');
    assert.deepEqual(api.selectionRange, { start: pos(MODEL, at(MODEL, 'id: api', 4)), end: pos(MODEL, at(MODEL, 'id: api', 7)) });
    assert.equal(symbols[3].children![0].detail, 'client -> api');
    assert.equal(symbols[1].children![0].children![0].name, 'dmz');
  });

  it('goes to the definition and finds references', async () => {
    const def = await client.request<Location>('textDocument/definition', {
      textDocument: { uri: model },
      position: pos(MODEL, at(MODEL, 'to: api', 5)),
    });
    assert.deepEqual(def, { uri: model, range: { start: pos(MODEL, at(MODEL, 'id: api', 4)), end: pos(MODEL, at(MODEL, 'id: api', 7)) } });
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: model },
      position: pos(MODEL, at(MODEL, 'id: M1', 4)),
      context: { includeDeclaration: true },
    });
    assert.deepEqual(
      refs.map((r) => r.range.start),
      [pos(MODEL, at(MODEL, '[M1]', 1)), pos(MODEL, at(MODEL, '- M1', 2)), pos(MODEL, at(MODEL, 'id: M1', 4))],
    );
  });

  it('prepares and performs a rename, and refuses a taken id with a clear message', async () => {
    const position = pos(MODEL, at(MODEL, 'from: client', 7));
    const prepared = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: model }, position });
    assert.equal(prepared.placeholder, 'client');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: model }, position, newName: 'mail_server' });
    const change = edit.documentChanges![0] as { textDocument: { version: number }; edits: { range: { start: unknown }; newText: string }[] };
    assert.equal(change.textDocument.version, 1);
    assert.deepEqual(
      change.edits.map((e) => e.range.start),
      [pos(MODEL, at(MODEL, 'id: client', 4)), pos(MODEL, at(MODEL, 'from: client', 6))],
    );
    assert.ok(change.edits.every((e) => e.newText === 'mail_server'));
    await assert.rejects(
      client.request('textDocument/rename', { textDocument: { uri: model }, position, newName: 'api' }),
      (e: RpcError) => e.code === -32803 && /already used by the element on line 17/.test(e.message),
    );
  });

  it('completes ids, keys and enum values', async () => {
    // Type a new flow line by line; the text is incomplete YAML while typing.
    const text = MODEL.replace('flows:\n', 'flows:\n  - id: f2\n    from: \n    \n');
    client.didChange(model, 2, [{ text }]);
    const position = pos(text, at(text, 'from: \n', 6));
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: model }, position });
    assert.deepEqual(list.items.map((i) => i.label), ['client', 'api']);
    assert.deepEqual((list.items[0] as { textEdit: unknown }).textEdit, { range: { start: position, end: position }, newText: 'client' });
    const keyPos = pos(text, at(text, '    from: \n    \n', 15));
    const keys = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: model }, position: keyPos });
    assert.ok(keys.items.some((i) => i.label === 'to'));
    assert.ok(!keys.items.some((i) => i.label === 'id' || i.label === 'from'));
    const typeText = text.replace('    type: process\n', '    type: \n');
    client.didChange(model, 3, [{ text: typeText }]);
    const types = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: model },
      position: pos(typeText, at(typeText, 'type: \n', 6)),
    });
    assert.deepEqual(types.items.map((i) => i.label), ['external_entity', 'process', 'data_store']);
    client.didChange(model, 4, [{ text: MODEL }]);
  });

  it('hovers an element reference with its summary', async () => {
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: model },
      position: pos(MODEL, at(MODEL, 'target: api', 9)),
    });
    const value = (hover.contents as { kind: string; value: string }).value;
    assert.equal((hover.contents as { kind: string }).kind, 'markdown');
    assert.match(value, /\*\*Element\*\* `api`/);
    assert.match(value, /Threats \(2\)/);
  });

  it('keeps serving outline and completion from the last good parse while the text is broken', async () => {
    const brokenText = MODEL.replace('title: Spam filter', 'title: [Spam filter');
    client.didChange(model, 5, [{ text: brokenText }]);
    const p = await client.waitForDiagnostics(model, (d) => d.version === 5);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['yaml-syntax']);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: model } });
    assert.equal(symbols.length, 7);
    const typing = brokenText + '    boundary: ';
    client.didChange(model, 6, [{ text: typing }]);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: model }, position: pos(typing, typing.length) });
    assert.deepEqual(list.items.map((i) => i.label), []); // `boundary:` is not a key of an attack-tree step
    const typing2 = brokenText.replace('    boundary: dmz\n', '    boundary: \n');
    client.didChange(model, 7, [{ text: typing2 }]);
    const list2 = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: model },
      position: pos(typing2, at(typing2, 'boundary: \n', 10)),
    });
    assert.deepEqual(list2.items.map((i) => i.label), ['cloud', 'dmz']);
    await assert.rejects(
      client.request('textDocument/rename', { textDocument: { uri: model }, position: pos(typing2, at(typing2, 'id: api', 4)), newName: 'x' }),
      (e: RpcError) => /Fix the YAML syntax errors first/.test(e.message),
    );
    // The server is still healthy.
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: model }, position: pos(MODEL, at(MODEL, 'id: api', 4)) });
    assert.ok(hover);
  });
});

describe('server: Node IPC transport (how the VS Code client starts it)', function () {
  this.timeout(20000);

  it('answers initialize and publishes diagnostics over --node-ipc', async () => {
    const { fork } = await import('node:child_process');
    const { SERVER_PATH } = await import('./lspClient');
    const child = fork(SERVER_PATH, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    try {
      const messages: { id?: number; method?: string; result?: { capabilities: Record<string, unknown> }; params?: { diagnostics: { code: string }[] } }[] = [];
      const next = (predicate: (m: (typeof messages)[number]) => boolean) =>
        new Promise<(typeof messages)[number]>((resolve, reject) => {
          const found = messages.find(predicate);
          if (found) return resolve(found);
          const timer = setTimeout(() => reject(new Error('no IPC answer')), 10000);
          const listener = (m: (typeof messages)[number]) => {
            if (predicate(m)) {
              clearTimeout(timer);
              child.off('message', listener);
              resolve(m);
            }
          };
          child.on('message', listener);
        });
      child.on('message', (m) => messages.push(m as (typeof messages)[number]));
      child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
      const init = await next((m) => m.id === 1);
      assert.ok(init.result?.capabilities.hoverProvider);
      child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
      child.send({
        jsonrpc: '2.0',
        method: 'textDocument/didOpen',
        params: { textDocument: { uri: 'file:///ipc.threatmodel', languageId: 'threatmodel', version: 1, text: 'threatmodel: 1\ntitle: a\ntitle: b\n' } },
      });
      const published = await next((m) => m.method === 'textDocument/publishDiagnostics');
      assert.deepEqual(published.params?.diagnostics.map((d) => d.code), ['yaml-duplicate-key']);
    } finally {
      child.kill();
    }
  });
});

describe('server: a client that never answers workspace/configuration', function () {
  this.timeout(20000);

  it('still publishes diagnostics (with default settings) and answers hovers', async () => {
    const client = LspClient.start();
    try {
      client.onRequest('workspace/configuration', () => new Promise(() => undefined));
      await client.initialize();
      const uri = fileUri('test/fixtures/silent-client.threatmodel');
      client.didOpen(uri, 'threatmodel: 1\ntitle: a\ntitle: b\n');
      const p = await client.waitForDiagnostics(uri, (d) => d.version === 1, 10000);
      assert.deepEqual(summary(p), ['yaml-duplicate-key@2:0-2:5']);
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } }, 10000);
      assert.match((hover!.contents as { value: string }).value, /Name of the system/);
    } finally {
      await client.shutdown();
    }
  });
});
