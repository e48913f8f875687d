// A user-imported MITRE ATLAS catalog over the real language server (stdio): threatmodel/importAtlas
// turns the official ATLAS.yaml (../shared/reference) into catalog text; the setting
// threatmodel.analysis.atlasCatalog installs it (hover and analysis show a renamed technique), is
// re-read when the configuration changes, and a bad file gives a warning and keeps the bundled catalog.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, REPO_ROOT, RpcError } from './lspClient';

const ATLAS_YAML = path.join(REPO_ROOT, '..', 'shared', 'reference', 'atlas', 'ATLAS.yaml');
const RENAMED = 'LLM Prompt Injection (test catalog)';
const MODEL = `threatmodel: 1
title: Chat
elements:
  - id: llm
    type: process
    ml_role: llm
threats:
  - id: T1
    title: Prompt injection
    target: llm
    atlas: [AML.T0051]
`;

interface ImportResult {
  catalogYaml: string;
  version: string;
  counts: { tactics: number; techniques: number; mitigations: number };
  warnings: string[];
}

async function waitForLog(client: LspClient, match: (line: string) => boolean, what: string, timeoutMs = 10000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const hit = client.logs.find(match);
    if (hit) return hit;
    if (Date.now() - started > timeoutMs) throw new Error(`no ${what} within ${timeoutMs} ms; messages: ${client.logs.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function hoverText(client: LspClient, uri: string, text: string, needle: string, delta = 2): Promise<string> {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position });
  return hover?.contents.value ?? '';
}

describe('server: user-imported MITRE ATLAS catalog', function () {
  this.timeout(60000);
  let folder: string;
  let imported: ImportResult;
  const clients: LspClient[] = [];

  const start = async (settings: Record<string, unknown>): Promise<LspClient> => {
    const client = LspClient.start();
    clients.push(client);
    client.settings = settings;
    const root = pathToFileURL(folder).href;
    await client.initialize({ rootUri: root, workspaceFolders: [{ uri: root, name: 'ws' }] });
    return client;
  };

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'tm-atlas-'));
    const client = await start({});
    imported = await client.request<ImportResult>('threatmodel/importAtlas', { text: readFileSync(ATLAS_YAML, 'utf8') }, 30000);
    const marker = '  - id: AML.T0051\n    name: LLM Prompt Injection\n';
    assert.equal(imported.catalogYaml.split(marker).length, 2, 'the imported catalog names AML.T0051 once');
    writeFileSync(path.join(folder, 'atlas-test.yaml'), imported.catalogYaml.replace(marker, `  - id: AML.T0051\n    name: ${RENAMED}\n`));
    // Valid YAML, but a technique refers to a tactic the catalog does not have.
    writeFileSync(path.join(folder, 'bad.yaml'), imported.catalogYaml.replace('      - AML.TA0005\n', '      - AML.TA0999\n'));
  });

  after(async () => {
    for (const c of clients) await c.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  it('threatmodel/importAtlas converts the official ATLAS.yaml: 16 tactics, 170 techniques, 35 mitigations', () => {
    assert.equal(imported.version, '5.6.0');
    assert.deepEqual(imported.counts, { tactics: 16, techniques: 170, mitigations: 35 });
    assert.ok(Array.isArray(imported.warnings));
    assert.match(imported.catalogYaml, /^version: 5\.6\.0$/m);
  });

  it('threatmodel/importAtlas answers a file that is not ATLAS data with an error', async () => {
    const client = clients[0];
    for (const text of ['just: [a, mapping', 'id: ATLAS\nname: x\nversion: 1\n', '- a list\n']) {
      await assert.rejects(client.request('threatmodel/importAtlas', { text }), (error: unknown) => {
        assert.ok(error instanceof RpcError, String(error));
        assert.match(error.message, /ATLAS data/);
        return true;
      });
    }
    await assert.rejects(client.request('threatmodel/importAtlas', {}), /needs \{text\}/);
  });

  it('uses the catalog the setting names (relative to the workspace folder) in hover and analysis; re-reads on configuration change', async () => {
    const client = await start({ analysis: { atlasCatalog: 'atlas-test.yaml' } });
    await waitForLog(client, (l) => l.includes('using the ATLAS catalog atlas-test.yaml (ATLAS 5.6.0: 16 tactics, 170 techniques, 35 mitigations)'), 'catalog loaded log');
    const uri = pathToFileURL(path.join(folder, 'chat.threatmodel')).href;
    client.didOpen(uri, MODEL);
    assert.match(await hoverText(client, uri, MODEL, 'AML.T0051]'), /^\*\*LLM Prompt Injection \(test catalog\)\*\* — MITRE ATLAS technique `AML\.T0051`/);
    assert.ok((await hoverText(client, uri, MODEL, 'id: T1', 4)).includes(`\`AML.T0051\` ${RENAMED}`));

    const rag = readFileSync(path.join(REPO_ROOT, 'examples', 'rag-assistant.threatmodel'), 'utf8');
    const ragUri = pathToFileURL(path.join(folder, 'rag.threatmodel')).href;
    client.didOpen(ragUri, rag);
    const result = await client.request<{ proposals: { atlas: { technique: string; name?: string }[] }[] }>('threatmodel/analyze', { uri: ragUri, frameworks: ['atlas'] }, 30000);
    const names = result.proposals.flatMap((p) => p.atlas).filter((a) => a.technique === 'AML.T0051').map((a) => a.name);
    assert.ok(names.length > 0, 'the RAG example gets prompt-injection proposals');
    assert.ok(names.every((n) => n === RENAMED), names.join(', '));

    // Point the setting at a broken catalog: warning, bundled catalog back in use.
    client.settings = { analysis: { atlasCatalog: 'bad.yaml' } };
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    const warning = await waitForLog(client, (l) => l.startsWith('Threat Model: the ATLAS catalog bad.yaml'), 'warning');
    assert.match(warning, /cannot be used: .*unknown tactic AML\.TA0999.*Using the bundled ATLAS 5\.6\.0 catalog instead\./);
    assert.match(await hoverText(client, uri, MODEL, 'AML.T0051]'), /^\*\*LLM Prompt Injection\*\* — MITRE ATLAS technique/);

    // Back to the good one, then no setting at all: bundled again.
    client.settings = { analysis: { atlasCatalog: path.join(folder, 'atlas-test.yaml') } };
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    await waitForLog(client, (l) => l.includes(`using the ATLAS catalog ${path.join(folder, 'atlas-test.yaml')}`), 'absolute path loaded');
    assert.match(await hoverText(client, uri, MODEL, 'AML.T0051]'), /test catalog/);
    client.settings = {};
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    await waitForLog(client, (l) => l.includes('using the bundled ATLAS catalog'), 'bundled catalog log');
    assert.match(await hoverText(client, uri, MODEL, 'AML.T0051]'), /^\*\*LLM Prompt Injection\*\*/);
  });

  it('warns about a missing or non-catalog file at start-up and keeps the bundled catalog', async () => {
    const client = await start({ analysis: { atlasCatalog: 'missing.yaml' } });
    const missing = await waitForLog(client, (l) => l.startsWith('Threat Model: the ATLAS catalog missing.yaml'), 'warning');
    assert.match(missing, /cannot be used: the file does not exist\. Using the bundled ATLAS 5\.6\.0 catalog instead\./);
    const uri = pathToFileURL(path.join(folder, 'chat.threatmodel')).href;
    client.didOpen(uri, MODEL);
    assert.match(await hoverText(client, uri, MODEL, 'AML.T0051]'), /^\*\*LLM Prompt Injection\*\*/);

    writeFileSync(path.join(folder, 'not-a-catalog.yaml'), 'title: a threat model, not a catalog\n');
    client.settings = { analysis: { atlasCatalog: 'not-a-catalog.yaml' } };
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    const wrong = await waitForLog(client, (l) => l.startsWith('Threat Model: the ATLAS catalog not-a-catalog.yaml'), 'warning');
    assert.match(wrong, /cannot be used: version: /);
  });
});
