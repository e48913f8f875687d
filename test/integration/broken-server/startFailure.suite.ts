// With a language server that cannot start, the extension still activates, says so (output
// channel + one notification, checked by the runner in the page and the log), and the editor keeps
// working: the document stays open and editable, with no diagnostics from a dead server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, metrics, waitFor, writeFile } from '../helpers';

describe('a language server that cannot start', () => {
  it('is reported, and the editor keeps working', async () => {
    const uri = await writeFile('broken-server.threatmodel', 'threatmodel: 1\ntitle: Server down\nflows:\n  - id: f\n    from: a\n    to: b\n');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor('the extension to activate', () => (ext.isActive ? true : undefined), 30_000);
    const api = ext.exports as { serverReady: Promise<void> };
    const outcome = await Promise.race([
      api.serverReady.then(() => 'started', (error: unknown) => `failed: ${String(error)}`),
      new Promise<string>((r) => setTimeout(() => r('still waiting'), 45_000)),
    ]);
    assert.match(outcome, /^failed: /, 'serverReady rejects');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), '# still editable\n')), 'the document can be edited');
    assert.deepEqual(vscode.languages.getDiagnostics(uri), []);
    metrics.serverStartFailure = outcome;
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
