// Typing in a large model through the real server (which updates its parse incrementally, see
// src/core/yaml/update.ts) publishes exactly the diagnostics that opening the same text fresh does.
import * as assert from 'node:assert/strict';
import type { PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { generateModel } from '../../src/core/testing/generate';
import { fileUri, LspClient } from './lspClient';

/** 0-based line/character of an offset. */
function pos(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The diagnostics as JSON, with the document's URI (in related information too) made neutral. */
function normalized(p: PublishDiagnosticsParams): string {
  return JSON.stringify(p.diagnostics).split(p.uri).join('<uri>');
}

describe('server: typing in a large model', function () {
  this.timeout(120_000);
  let client: LspClient;

  before(async () => {
    client = LspClient.start();
    client.settings = { diagnostics: { debounceMs: 0 } };
    await client.initialize();
  });

  after(async () => {
    if (client) await client.shutdown();
  });

  it('publishes the same diagnostics as opening the final text fresh, after every kind of edit', async () => {
    const uri = fileUri('test/fixtures/typing-large.threatmodel');
    let text = generateModel({ elements: 300, seed: 9 });
    let version = 1;
    client.didOpen(uri, text, version);
    await client.waitForDiagnostics(uri, (d) => d.version === 1, 60_000);

    /** Replaces text[start, end) with `insert` as one change (a new version), and waits for its diagnostics. */
    const edit = async (start: number, end: number, insert: string): Promise<PublishDiagnosticsParams> => {
      const change: TextDocumentContentChangeEvent = { range: { start: pos(text, start), end: pos(text, end) }, text: insert };
      text = text.slice(0, start) + insert + text.slice(end);
      version++;
      client.didChange(uri, version, [change]);
      const v = version;
      return client.waitForDiagnostics(uri, (d) => d.version === v, 60_000);
    };
    let fresh = 0;
    const assertSameAsFresh = async (published: PublishDiagnosticsParams, label: string): Promise<void> => {
      const other = fileUri(`test/fixtures/typing-fresh-${fresh++}.threatmodel`);
      client.didOpen(other, text, 1);
      const expected = await client.waitForDiagnostics(other, (d) => d.version === 1, 60_000);
      client.didClose(other);
      assert.equal(normalized(published), normalized(expected), label);
    };

    // Typing inside a threat's title, one character per version.
    let at = text.indexOf('    title: Threat 400 ') + '    title: Threat 400'.length;
    let published: PublishDiagnosticsParams | undefined;
    for (const ch of ' is bad') {
      published = await edit(at, at, ch);
      at++;
    }
    await assertSameAsFresh(published!, 'after typing in a title');

    // A reference made unresolved character by character, and a duplicate key in an item.
    at = text.indexOf('    target: el-', text.length >> 1) + '    target: el-'.length;
    for (const ch of 'zz') {
      published = await edit(at, at, ch);
      at++;
    }
    const item = text.indexOf('  - id: flow-7\n') + '  - id: flow-7\n'.length;
    published = await edit(item, item, '    from: el-1\n');
    assert.ok(published.diagnostics.some((d) => d.code === 'unresolved-reference'));
    await assertSameAsFresh(published, 'after an unresolved reference and a duplicate key');

    // A syntax error (an unterminated quote) and its repair, then a new item and a top-level edit.
    const quote = text.indexOf('    title: Threat 12 ') + '    title: '.length;
    published = await edit(quote, quote, '"');
    assert.ok(published.diagnostics.some((d) => String(d.code).startsWith('yaml')));
    await assertSameAsFresh(published, 'while the text is broken');
    published = await edit(quote, quote + 1, '');
    const threats = text.indexOf('\nthreats:\n') + '\nthreats:\n'.length;
    published = await edit(threats, threats, '  - id: T-new\n    title: New\n    target: el-1\n    stride: [spoofing]\n');
    const title = text.indexOf('title: Synthetic') + 'title: Synthetic'.length;
    published = await edit(title, title + 1, '');
    await assertSameAsFresh(published, 'after the repair, a new item and a top-level edit');
  });
});
