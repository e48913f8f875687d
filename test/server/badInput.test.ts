// Hostile and broken input against the real server: each case gets a clear diagnostic at the
// right position and nothing else, the answer comes in bounded time, and the server STILL answers
// requests afterwards.
import * as assert from 'node:assert/strict';
import type { DocumentSymbol, PublishDiagnosticsParams } from 'vscode-languageserver';
import { fileUri, LspClient } from './lspClient';

function summary(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

/** Deterministic pseudo-random bytes (a fixed seed keeps the test reproducible). */
function garbage(length: number, seed = 12345): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCharCode((x >> 16) & 0xff);
  }
  return out;
}

describe('server: bad input', function () {
  this.timeout(60000);
  let client: LspClient;
  let n = 0;

  before(async () => {
    client = LspClient.start();
    await client.initialize();
  });

  after(async () => {
    if (client) await client.shutdown();
  });

  /** Opens `text`, waits for its diagnostics (bounded), checks the server still answers, closes. */
  async function check(text: string, boundMs = 5000): Promise<{ diagnostics: PublishDiagnosticsParams; ms: number }> {
    const uri = fileUri(`test/fixtures/bad-input-${++n}.threatmodel`);
    const started = Date.now();
    client.didOpen(uri, text, 1);
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.version === 1, boundMs);
    const ms = Date.now() - started;
    // Still alive and answering, on this document and in general.
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } }, boundMs);
    assert.ok(Array.isArray(symbols));
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }, boundMs);
    await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } }, boundMs);
    client.didClose(uri);
    assert.equal(client.hasExited, false, `the server exited. stderr:\n${client.stderr}`);
    return { diagnostics, ms };
  }

  it('an empty file: empty-model at 0:0', async () => {
    const { diagnostics } = await check('');
    assert.deepEqual(summary(diagnostics), ['empty-model@0:0-0:0']);
  });

  it('a YAML list at the top level: invalid-root on the first item', async () => {
    const { diagnostics } = await check('- a\n- b\n');
    assert.deepEqual(summary(diagnostics), ['invalid-root@0:0-0:3']);
    assert.match(diagnostics.diagnostics[0].message, /top level must be a mapping/);
  });

  it('binary garbage with NUL bytes: one yaml-syntax error at the first NUL', async () => {
    const text = 'threatmodel: 1\ntitle: x' + garbage(4096);
    const nul = text.indexOf('\0');
    assert.ok(nul > 0);
    const { diagnostics } = await check(text);
    assert.equal(diagnostics.diagnostics.length, 1);
    const d = diagnostics.diagnostics[0];
    assert.equal(d.code, 'yaml-syntax');
    assert.match(d.message, /null byte/);
    const before = text.slice(0, nul);
    const lines = before.split(/\r\n|\r|\n/);
    assert.deepEqual(d.range.start, { line: lines.length - 1, character: lines[lines.length - 1].length });
  });

  it('pure random bytes: exactly one YAML diagnostic, no crash', async () => {
    const { diagnostics } = await check(garbage(20000, 99));
    assert.equal(diagnostics.diagnostics.length, 1);
    assert.match(String(diagnostics.diagnostics[0].code), /^yaml-/);
  });

  it('U+FFFD replacement characters (invalid UTF-8 on the wire): invalid-encoding at the first one', async () => {
    const { diagnostics } = await check('threatmodel: 1\ntitle: caf\ufffd \ufffd\n');
    assert.deepEqual(summary(diagnostics), ['invalid-encoding@1:10-1:11']);
    assert.match(diagnostics.diagnostics[0].message, /2 U\+FFFD replacement characters \(first on line 2\).*not valid UTF-8/);
  });

  it('tabs as indentation: yaml-syntax at the tab', async () => {
    const { diagnostics } = await check('threatmodel: 1\nelements:\n\t- id: a\n\t  type: process\n');
    assert.deepEqual(summary(diagnostics), ['yaml-syntax@2:0-2:1']);
    assert.match(diagnostics.diagnostics[0].message, /tab characters/);
  });

  it('duplicate keys: yaml-duplicate-key on the second key', async () => {
    const { diagnostics } = await check('threatmodel: 1\ntitle: a\ntitle: b\n');
    assert.deepEqual(summary(diagnostics), ['yaml-duplicate-key@2:0-2:5']);
  });

  it('1,000-level nesting (block and flow): one yaml-syntax error at the depth limit', async () => {
    let block = 'threatmodel: 1\nx-deep:\n';
    for (let i = 0; i < 1000; i++) block += `${' '.repeat(2 * (i + 1))}a:\n`;
    const b = await check(block);
    assert.equal(b.diagnostics.diagnostics.length, 1);
    assert.equal(b.diagnostics.diagnostics[0].code, 'yaml-syntax');
    assert.match(b.diagnostics.diagnostics[0].message, /nesting deeper than 100 levels/);
    assert.equal(b.diagnostics.diagnostics[0].range.start.line, 100);
    const flow = await check(`threatmodel: 1\nx-deep: ${'['.repeat(1000)}${']'.repeat(1000)}\n`);
    assert.deepEqual(summary(flow.diagnostics), ['yaml-syntax@1:107-1:108']);
  });

  it('a request with malformed params is answered (null) and the error logged, not crashed on', async () => {
    const result = await client.request('textDocument/hover', {});
    assert.equal(result, null);
    assert.ok(client.logs.some((l) => /threatmodel: hover failed/.test(l)), client.logs.join('\n'));
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///not/open.threatmodel' } });
    assert.deepEqual(symbols, []);
  });

  it('a billion-laughs alias bomb: answered quickly, aliases never expanded', async () => {
    let text = 'threatmodel: 1\nx-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    let prev = 'a';
    for (let i = 0; i < 9; i++) {
      text += `x-b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
      prev = `b${i}`;
    }
    const { diagnostics, ms } = await check(text);
    assert.deepEqual(diagnostics.diagnostics, []);
    assert.ok(ms < 3000, `took ${ms} ms`);
  });

  it('more than 1,000 aliases: one yaml-too-many-aliases at the first alias over the limit', async () => {
    let text = 'threatmodel: 1\nx-a: &a lol\nx-list:\n';
    for (let i = 0; i < 1200; i++) text += '  - *a\n';
    const { diagnostics } = await check(text);
    // Alias number 1001 is on line 3 + 1000.
    assert.deepEqual(summary(diagnostics), ['yaml-too-many-aliases@1003:4-1003:6']);
  });

  it('a 5 MB model: diagnostics in bounded time, and the server keeps answering', async () => {
    const parts = ['threatmodel: 1\ntitle: big\nelements:\n'];
    let size = parts[0].length;
    let i = 0;
    while (size < 5 * 1024 * 1024) {
      const chunk = `  - id: e${i}\n    name: Element number ${i} with a reasonably long descriptive name\n    type: process\n`;
      parts.push(chunk);
      size += chunk.length;
      i++;
    }
    parts.push('flows:\n  - id: f\n    from: e0\n    to: nowhere\n');
    const text = parts.join('');
    const { diagnostics, ms } = await check(text, 30000);
    assert.deepEqual(summary(diagnostics), [`unresolved-reference@${3 * i + 6}:8-${3 * i + 6}:15`]);
    assert.ok(ms < 30000, `took ${ms} ms`);
  });
});
