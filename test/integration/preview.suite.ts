// The DFD preview command opens a webview panel beside the model (one live preview, reused).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, extensionApi, openFile, waitFor } from './helpers';

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('threatmodel.preview'));
}

describe('DFD preview', () => {
  before(extensionApi);
  after(closeAll);

  it('opens a webview panel beside the model, and reuses it for the next model', async () => {
    const editor = await openFile('spam-classifier.threatmodel');
    await vscode.commands.executeCommand('threatmodel.preview.openToSide');
    const [tab] = await waitFor('the preview panel', () => (previewTabs().length > 0 ? previewTabs() : undefined));
    assert.notEqual(tab.group.viewColumn, editor.viewColumn, 'the preview opens beside the editor');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the editor keeps the focus');

    await openFile('rag-assistant.threatmodel');
    await vscode.commands.executeCommand('threatmodel.preview.openToSide');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(previewTabs().length, 1, 'still one preview');
  });
});
