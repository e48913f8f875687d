// Settings -> CheckOptions, and the sandboxed fileExists that evidence checks use. Real files in a
// temporary folder (no mocks).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_DEBOUNCE_MS, existsInFolder, folderOf, normaliseSettings, SettingsService } from '../../src/server/settings';

describe('server: settings', () => {
  let root: string;
  let outside: string;

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'tm-ws-'));
    outside = mkdtempSync(path.join(tmpdir(), 'tm-out-'));
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'ratelimit.ts'), 'x');
    writeFileSync(path.join(outside, 'secret.txt'), 'x');
    symlinkSync(outside, path.join(root, 'escape'));
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('finds files relative to the workspace folder', () => {
    assert.equal(existsInFolder(root, 'src/ratelimit.ts'), true);
    assert.equal(existsInFolder(root, './src/ratelimit.ts'), true);
    assert.equal(existsInFolder(root, 'src/missing.ts'), false);
  });

  it('refuses absolute paths, .. escapes, NULs and symlinks out of the folder', () => {
    assert.equal(existsInFolder(root, path.join(root, 'src', 'ratelimit.ts')), false);
    assert.equal(existsInFolder(root, '/etc/passwd'), false);
    assert.equal(existsInFolder(root, 'C:\\Windows\\win.ini'), false);
    assert.equal(existsInFolder(root, `../${path.basename(outside)}/secret.txt`), false);
    assert.equal(existsInFolder(root, 'src/../src/ratelimit.ts'), false);
    assert.equal(existsInFolder(root, 'src/ratelimit.ts\0'), false);
    assert.equal(existsInFolder(root, 'escape/secret.txt'), false);
    assert.equal(existsInFolder(root, ''), false);
  });

  it('picks the innermost workspace folder containing a document', () => {
    const inner = path.join(root, 'src');
    const uri = pathToFileURL(path.join(inner, 'model.threatmodel')).href;
    assert.equal(folderOf(uri, [root, inner]), inner);
    assert.equal(folderOf(pathToFileURL(path.join(outside, 'x.threatmodel')).href, [root]), undefined);
    assert.equal(folderOf('untitled:Untitled-1', [root]), undefined);
  });

  it('normalises the threatmodel section: severities, debounce, pass-through options', () => {
    const s = normaliseSettings({
      diagnostics: { severity: { 'unknown-key': 'off', 'self-flow': 'error', bogus: 'loud' }, debounceMs: 50 },
      dreadScale: 10,
      coverageHints: false,
    });
    assert.deepEqual(s.diagnostics, { severity: { 'unknown-key': 'off', 'self-flow': 'error' }, debounceMs: 50 });
    assert.equal(s.dreadScale, 10);
    assert.equal(s.coverageHints, false);
    assert.equal(normaliseSettings(undefined).diagnostics.debounceMs, DEFAULT_DEBOUNCE_MS);
    assert.equal(normaliseSettings({ diagnostics: { debounceMs: -5 } }).diagnostics.debounceMs, 0);
    assert.equal(normaliseSettings('nonsense').diagnostics.debounceMs, 200);
  });

  it('builds CheckOptions from initializationOptions when the client has no workspace/configuration', async () => {
    // No connection traffic happens without configuration support, so an empty object stands in for it.
    const service = new SettingsService({} as Connection, false, {
      threatmodel: { dreadScale: 10, coverage: { hints: false }, diagnostics: { severity: { 'unknown-key': 'off' } } },
    });
    service.setWorkspaceFolders([pathToFileURL(root).href]);
    const options = await service.checkOptions(pathToFileURL(path.join(root, 'model.threatmodel')).href);
    assert.equal(options.dreadScale, 10);
    assert.equal(options.coverageHints, false, 'nested settings are flattened to camelCase');
    assert.deepEqual(options.coverage, { hints: false });
    assert.deepEqual(options.severity, { 'unknown-key': 'off' });
    assert.equal(options.fileExists!('src/ratelimit.ts'), true);
    assert.equal(options.fileExists!('../x'), false);
    const elsewhere = await service.checkOptions('untitled:Untitled-1');
    assert.equal(elsewhere.fileExists, undefined, 'no folder: evidence paths are not checked (no false "not found")');
  });
});

describe('server: threatmodel.diagnostics.* settings reach the checks (real server over stdio)', function () {
  this.timeout(30000);
  // A medium-risk threat with no mitigation, on an element that has uncovered STRIDE categories.
  const model = [
    'threatmodel: 1',
    'elements:',
    '  - id: api',
    '    type: process',
    'threats:',
    '  - id: T1',
    '    title: Replay of requests',
    '    target: api',
    '    stride: [spoofing]',
    '    dread: {damage: 5, reproducibility: 5, exploitability: 5, affected_users: 5, discoverability: 5}',
    '',
  ].join('\n');

  async function diagnosticsWith(settings: Record<string, unknown>) {
    const { LspClient, fileUri } = await import('./lspClient');
    const client = LspClient.start();
    try {
      client.settings = settings;
      await client.initialize();
      const uri = fileUri('settings-probe.threatmodel');
      client.didOpen(uri, model);
      const published = await client.waitForDiagnostics(uri, () => true);
      return published.diagnostics;
    } finally {
      await client.shutdown();
    }
  }

  it('unmitigatedErrorBand and coverageHints change what is reported', async () => {
    const defaults = await diagnosticsWith({});
    const unmitigated = defaults.find((d) => d.code === 'unmitigated-threat');
    assert.equal(unmitigated?.severity, 2, 'a medium-risk unmitigated threat is a warning by default');
    assert.ok(!defaults.some((d) => d.code === 'coverage-gap'), 'coverage hints are off by default');

    const tuned = await diagnosticsWith({ diagnostics: { unmitigatedErrorBand: 'medium', coverageHints: true } });
    assert.equal(tuned.find((d) => d.code === 'unmitigated-threat')?.severity, 1, 'medium band escalates to an error');
    assert.ok(tuned.some((d) => d.code === 'coverage-gap'), 'coverage hints appear when switched on');
  });
});

describe('server: evidence paths of documents outside the workspace (real server over stdio)', function () {
  this.timeout(30000);
  it('reports no evidence-not-found for an untitled document, but does for a file in the workspace', async () => {
    const { LspClient, fileUri } = await import('./lspClient');
    const model = [
      'threatmodel: 1',
      'mitigations:',
      '  - id: M1',
      '    title: Rate limit',
      '    status: implemented',
      '    evidence: [services/missing/ratelimit.py]',
      '',
    ].join('\n');
    const client = LspClient.start();
    try {
      await client.initialize();
      client.didOpen('untitled:Untitled-1', model);
      const untitled = await client.waitForDiagnostics('untitled:Untitled-1', () => true);
      assert.ok(!untitled.diagnostics.some((d) => d.code === 'evidence-not-found'));
      const uri = fileUri('evidence-probe.threatmodel');
      client.didOpen(uri, model);
      const inWorkspace = await client.waitForDiagnostics(uri, () => true);
      assert.ok(inWorkspace.diagnostics.some((d) => d.code === 'evidence-not-found'));
    } finally {
      await client.shutdown();
    }
  });
});
