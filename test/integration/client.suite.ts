// What the extension's own language client (src/extension/lsp/) provides beyond the features
// tested elsewhere: references, rename (and the server's refusal shown as the reason), snippet
// tab stops in a quick fix, settings changes reaching the server, and a restart after the server
// process dies.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { closeAll, codeOf, diagnosticsOf, entryLines, extensionApi, lineOf, positionOf, waitFor, workspaceFile, writeFile } from './helpers';

const MODEL = [
  'threatmodel: 1',
  'title: Client probe',
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
  '    to: db',
  '  - id: f2',
  '    from: db',
  '    to: api',
  '',
].join('\n');

async function open(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = await writeFile(name, text);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

/** Pids of this extension host's language server processes (Linux: /proc). */
function serverPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a.endsWith('server.js')) && args.includes(`--clientProcessId=${process.pid}`)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

describe('language client', () => {
  before(extensionApi);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAll();
  });

  it('finds the references of an id, with its declaration', async () => {
    const editor = await open('client-references.threatmodel', MODEL);
    const document = editor.document;
    const at = positionOf(document, 'from: api', 'from: '.length + 1);
    const locations = await waitFor('references', async () => {
      const found = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, at);
      return found && found.length > 0 ? found : undefined;
    });
    const lines = locations.map((l) => l.range.start.line).sort((a, b) => a - b);
    assert.deepEqual(lines, [lineOf(document, '- id: api'), lineOf(document, 'from: api'), lineOf(document, 'to: api')]);
    assert.ok(locations.every((l) => l.uri.toString() === document.uri.toString()));
  });

  it('renames an id and every reference to it', async () => {
    const editor = await open('client-rename.threatmodel', MODEL);
    const document = editor.document;
    const at = positionOf(document, 'to: db', 'to: '.length + 1);
    const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', document.uri, at);
    assert.equal(prepared.placeholder, 'db');
    assert.equal(document.getText(prepared.range), 'db');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', document.uri, at, 'orders');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the rename edit applies');
    const text = document.getText();
    assert.match(text, /- id: orders\n/);
    assert.match(text, /to: orders\n/);
    assert.match(text, /from: orders\n/);
    assert.doesNotMatch(text, /\bdb\b/);
  });

  it("shows the server's reason when an id cannot be renamed", async () => {
    const editor = await open('client-rename-broken.threatmodel', `${MODEL}broken: [unclosed\n`);
    const at = positionOf(editor.document, 'to: db', 'to: '.length + 1);
    await diagnosticsOf(editor.document.uri);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', editor.document.uri, at, 'orders')),
      /YAML syntax errors/,
    );
  });

  it('applies the "Accept risk" quick fix with its placeholders as tab stops', async () => {
    const source = await vscode.workspace.fs.readFile(workspaceFile('spam-classifier.threatmodel'));
    const editor = await open('client-accept-risk.threatmodel', new TextDecoder().decode(source));
    const document = editor.document;
    const lines = entryLines(document, 'thr-corpus-poisoning');
    const diagnostics = await diagnosticsOf(document.uri, (d) =>
      d.some((x) => codeOf(x) === 'unmitigated-threat' && x.range.start.line >= lines[0] && x.range.start.line < lines[1]),
    );
    const target = diagnostics.find((x) => codeOf(x) === 'unmitigated-threat' && x.range.start.line >= lines[0] && x.range.start.line < lines[1])!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', document.uri, target.range, vscode.CodeActionKind.QuickFix.value,
    );
    const accept = actions.find((a) => a.title.startsWith('Accept risk'));
    assert.ok(accept?.edit, `an "Accept risk" fix with an edit (got: ${actions.map((a) => a.title).join(' | ')})`);
    assert.ok(await vscode.workspace.applyEdit(accept.edit), 'the fix applies');
    const [start, end] = entryLines(document, 'thr-corpus-poisoning');
    const entry = document.getText(new vscode.Range(start, 0, end, 0));
    assert.match(entry, /justification: 'TODO: why this risk is acceptable'/);
    assert.doesNotMatch(document.getText(), /\$\{\d/, 'no snippet syntax is left in the text');
    // Applied as a snippet in the active editor: the first placeholder is selected, ready to overwrite.
    await waitFor('the first placeholder to be selected', () => {
      const selected = vscode.window.activeTextEditor?.document === document ? document.getText(vscode.window.activeTextEditor.selection) : '';
      return selected === "'TODO: why this risk is acceptable'" ? true : undefined;
    }, 5_000);
  });

  it('passes a settings change to the server, which re-checks open models', async () => {
    const editor = await open('client-settings.threatmodel', MODEL);
    const uri = editor.document.uri;
    await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'unknown-key'));
    const config = vscode.workspace.getConfiguration('threatmodel');
    await config.update('diagnostics.severity', { 'unknown-key': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await diagnosticsOf(uri, (d) => !d.some((x) => codeOf(x) === 'unknown-key'));
      await config.update('diagnostics.severity', { 'unknown-key': 'error' }, vscode.ConfigurationTarget.Workspace);
      const back = await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'unknown-key'));
      assert.equal(back.find((x) => codeOf(x) === 'unknown-key')!.severity, vscode.DiagnosticSeverity.Error);
    } finally {
      await config.update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('restarts the server when its process dies, and keeps checking', async () => {
    const editor = await open('client-crash.threatmodel', MODEL);
    const document = editor.document;
    await diagnosticsOf(document.uri, (d) => d.some((x) => codeOf(x) === 'unknown-key'));
    const before = serverPids();
    assert.equal(before.length, 1, `one server process (found ${before.join(', ') || 'none'})`);
    process.kill(before[0], 'SIGKILL');
    const after = await waitFor('a new server process', () => {
      const now = serverPids();
      return now.length === 1 && now[0] !== before[0] ? now : undefined;
    }, 30_000);
    assert.notEqual(after[0], before[0]);
    await editor.edit((b) => b.replace(document.lineAt(lineOf(document, 'to: db')).range, '    to: nowhere'));
    await diagnosticsOf(document.uri, (d) => d.some((x) => codeOf(x) === 'unresolved-reference'), 30_000);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, 'from: api', 'from: '.length + 1));
    assert.ok(hovers.length > 0, 'the restarted server answers hovers');
  });
});
