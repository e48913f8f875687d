// The extension activates on a .threatmodel file (and not before), starts its language server
// and publishes the first diagnostics. Measures the activation and first-diagnostics times for
// the benchmark (test-results/activation.json, written by the runner).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, codeOf, diagnosticsOf, metrics, waitFor, writeFile } from './helpers';

describe('activation', () => {
  after(closeAll);

  it('is not active before a threat model opens, and activates on one', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed in the host');
    assert.equal(ext.isActive, false, 'nothing activates the extension before a .threatmodel file opens');

    const uri = await writeFile(
      'activation-probe.threatmodel',
      'threatmodel: 1\ntitle: Activation probe\nelements:\n  - id: api\n    name: API\n    type: process\n    colour: blue\n',
    );
    const opened = Date.now();
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'threatmodel', '.threatmodel files get the threatmodel language');

    await waitFor('the extension to activate', () => (ext.isActive ? true : undefined), 30_000);
    const activatedAfterMs = Date.now() - opened;
    const api = ext.exports as { activationMs: number; activatedAt: number; serverReady: Promise<void>; serverStartMs(): number | undefined };
    await api.serverReady;
    const diagnostics = await diagnosticsOf(uri, (d) => d.some((x) => x.message.length > 0), 30_000);
    const firstDiagnosticsMs = Date.now() - opened;
    assert.ok(diagnostics.length > 0);

    metrics.activation = {
      openToActiveMs: activatedAfterMs,
      activateFunctionMs: Number(api.activationMs.toFixed(2)),
      activationToServerRunningMs: Math.round(api.serverStartMs() ?? -1),
      openToFirstDiagnosticsMs: firstDiagnosticsMs,
    };
  });

  it('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['threatmodel.restartServer', 'threatmodel.showOutput', 'threatmodel.openExample']) {
      assert.ok(commands.includes(id), `command ${id} is registered`);
    }
  });

  it('restarts the language server on request and keeps serving diagnostics', async () => {
    const uri = await writeFile('restart-probe.threatmodel', 'threatmodel: 1\ntitle: Restart probe\nflows:\n  - id: f\n    from: a\n    to: b\n');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await diagnosticsOf(uri, (d) => d.filter((x) => x.message.includes("'a'") || x.message.includes("'b'")).length === 2);
    await vscode.commands.executeCommand('threatmodel.restartServer');
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((b) => b.replace(document.lineAt(4).range, '    from: c'));
    const after = await diagnosticsOf(uri, (d) => d.some((x) => x.message.includes("'c'")));
    assert.ok(after.some((x) => x.message.includes("'b'")), 'the restarted server checks the edited document');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('opens an example as an untitled threat model, checked without disk-only findings', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('threatmodel.openExample', 'federated-imaging.threatmodel');
    assert.ok(editor, 'an editor opened');
    assert.equal(editor.document.uri.scheme, 'untitled');
    assert.equal(editor.document.languageId, 'threatmodel');
    assert.match(editor.document.getText(), /^threatmodel: 1$/m);
    // Untitled documents are served too (document selector includes the untitled scheme).
    const symbols = await waitFor('symbols of the untitled example', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
      return s && s.length > 0 ? s : undefined;
    });
    assert.ok(symbols.length > 0);
    // The example names an evidence file that is not in any folder; an unsaved document has no
    // folder to look in, so that finding is not shown (while the others are).
    const diagnostics = await diagnosticsOf(editor.document.uri, (d) => d.some((x) => codeOf(x) === 'unmitigated-threat'));
    assert.deepEqual(diagnostics.filter((d) => codeOf(d) === 'evidence-not-found'), []);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
