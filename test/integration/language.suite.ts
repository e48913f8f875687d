// Language features through the real VS Code API, answered by the bundled language server:
// diagnostics at exact positions (and the same as the CLI's for every example), completion,
// hover, go to definition and document symbols.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  EXTENSION_ID, closeAll, codeOf, diagnosticsOf, entryLines, extensionApi, lineOf, openFile, positionOf, waitFor, writeFile,
} from './helpers';

const BROKEN = [
  'threatmodel: 1',
  'title: Broken on purpose',
  'elements:',
  '  - id: api',
  '    name: Public API',
  '    type: process',
  '    colour: blue',
  '  - id: db',
  '    name: Orders database',
  '    type: data_store',
  'flows:',
  '  - id: f1',
  '    from: api',
  '    to: nowhere',
  '',
].join('\n');

/** What the CLI reports for a file: [code, line, character] sorted. */
function cliDiagnostics(file: string): string[] {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const cli = path.join(ext.extensionPath, 'dist', 'cli.js');
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'check', '--format', 'json', file], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    // Exit code 1 means "findings"; the JSON is still on stdout.
    out = (error as { stdout?: string }).stdout ?? '';
  }
  const list = JSON.parse(out) as { code: string; range: { start: { line: number; character: number } } }[];
  return list.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).sort();
}

function asKeys(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`).sort();
}

describe('language features', () => {
  let broken: vscode.Uri;

  before(async () => {
    await extensionApi();
    broken = await writeFile('broken.threatmodel', BROKEN);
  });
  after(closeAll);

  it('reports unknown-key and unresolved-reference at the exact key and value', async () => {
    await openFile('broken.threatmodel');
    const diagnostics = await diagnosticsOf(broken, (d) => d.length >= 2);
    const unknown = diagnostics.find((d) => codeOf(d) === 'unknown-key');
    assert.ok(unknown, `unknown-key reported (got ${asKeys(diagnostics).join(', ')})`);
    assert.deepEqual(
      [unknown.range.start.line, unknown.range.start.character, unknown.range.end.line, unknown.range.end.character],
      [6, 4, 6, 10],
      'unknown-key covers `colour` on line 7',
    );
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(unknown.message, /colour/);
    const unresolved = diagnostics.find((d) => codeOf(d) === 'unresolved-reference');
    assert.ok(unresolved, 'unresolved-reference reported');
    assert.deepEqual(
      [unresolved.range.start.line, unresolved.range.start.character, unresolved.range.end.character],
      [13, 8, 15],
      'unresolved-reference covers `nowhere` on line 14',
    );
    assert.equal(unresolved.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(unresolved.source !== undefined, true, 'diagnostics name their source');
  });

  it('updates diagnostics as the document is edited', async () => {
    const editor = await openFile('broken.threatmodel');
    const line = editor.document.lineAt(13);
    const ok = await editor.edit((b) => b.replace(line.range, '    to: db'));
    assert.ok(ok);
    const after = await diagnosticsOf(broken, (d) => !d.some((x) => codeOf(x) === 'unresolved-reference'));
    assert.deepEqual(asKeys(after), ['unknown-key@6:4']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await diagnosticsOf(broken, (d) => d.some((x) => codeOf(x) === 'unresolved-reference'));
  });

  for (const example of ['spam-classifier', 'federated-imaging', 'rag-assistant']) {
    it(`${example}: the editor shows exactly what the CLI reports`, async () => {
      const name = `${example}.threatmodel`;
      const editor = await openFile(name);
      const expected = cliDiagnostics(editor.document.uri.fsPath);
      const actual = await waitFor(
        `diagnostics of ${name} to match the CLI`,
        () => {
          const keys = asKeys(vscode.languages.getDiagnostics(editor.document.uri));
          return JSON.stringify(keys) === JSON.stringify(expected) ? keys : undefined;
        },
        20_000,
      ).catch(() => asKeys(vscode.languages.getDiagnostics(editor.document.uri)));
      assert.deepEqual(actual, expected);
    });
  }

  it('completes element ids in a flow reference', async () => {
    const editor = await openFile('broken.threatmodel');
    const at = positionOf(editor.document, 'to: nowhere', 'to: '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, at);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('api') && labels.includes('db'), `element ids offered (got ${labels.slice(0, 20).join(', ')})`);
  });

  it('completes the allowed values of an enum key', async () => {
    const editor = await openFile('broken.threatmodel');
    const at = positionOf(editor.document, 'type: data_store', 'type: '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, at);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const v of ['process', 'data_store', 'external_entity']) assert.ok(labels.includes(v), `${v} offered (got ${labels.join(', ')})`);
  });

  it('hovers a reference with the referenced entity', async () => {
    const editor = await openFile('broken.threatmodel');
    const at = positionOf(editor.document, 'from: api', 'from: '.length + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Public API/, `hover names the element (got: ${text.slice(0, 200)})`);
  });

  it('goes to the definition of a referenced id', async () => {
    const editor = await openFile('broken.threatmodel');
    const at = positionOf(editor.document, 'from: api', 'from: '.length + 1);
    const result = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider', editor.document.uri, at,
    );
    assert.ok(result.length >= 1, 'a definition is found');
    const first = result[0];
    const range = 'targetRange' in first ? (first.targetSelectionRange ?? first.targetRange) : first.range;
    assert.equal(range.start.line, lineOf(editor.document, '- id: api'), 'it is the `- id: api` line');
  });

  it('lists the model in document symbols (outline)', async () => {
    const editor = await openFile('spam-classifier.threatmodel');
    const symbols = await waitFor('document symbols', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
      return s && s.length > 0 ? s : undefined;
    });
    const names: string[] = [];
    const walk = (list: vscode.DocumentSymbol[]) => {
      for (const s of list) {
        names.push(s.name);
        walk(s.children ?? []);
      }
    };
    walk(symbols);
    const all = names.join('\n');
    for (const id of ['inference_api', 'classify_request', 'thr-evasion', 'mit-rate-limit']) {
      assert.ok(all.includes(id), `outline contains ${id}`);
    }
    const [start] = entryLines(editor.document, 'thr-evasion');
    const flat: vscode.DocumentSymbol[] = [];
    const collect = (list: vscode.DocumentSymbol[]) => list.forEach((s) => (flat.push(s), collect(s.children ?? [])));
    collect(symbols);
    const evasion = flat.find((s) => s.name.includes('thr-evasion'));
    assert.ok(evasion && evasion.range.start.line === start, 'the symbol points at its entry');
  });
});
