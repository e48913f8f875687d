// The import commands inside VS Code: "Import MITRE ATLAS Catalog..." (given the file and 'workspace', so
// no dialogs) converts an ATLAS data file in the server, saves the catalog, sets the workspace setting and
// the hover then names techniques from it; a file that is not ATLAS data changes nothing. "Import PyRIT
// Results..." (given the results file) applies the server's edit to the open model; undo restores it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, extensionApi, openFile, waitFor, writeFile } from './helpers';

/** A small ATLAS-shaped data file (the real ATLAS.yaml is imported in the server's stdio test). */
const ATLAS = [
  'id: ATLAS',
  'name: Adversarial Threat Landscape for AI Systems',
  'version: 9.9.9',
  'matrices:',
  '- id: ATLAS',
  '  name: ATLAS Matrix',
  '  tactics:',
  '  - id: AML.TA0002',
  '    name: Reconnaissance',
  '  techniques:',
  '  - id: AML.T0051',
  '    name: Prompt Injection From The Imported Catalog',
  '    tactics: [AML.TA0002]',
  '  mitigations:',
  '  - id: AML.M0000',
  '    name: Limit',
  '    techniques:',
  '    - id: AML.T0051',
  '      use: x',
  '',
].join('\n');

const MODEL = 'threatmodel: 1\ntitle: Imports\nelements:\n  - id: llm\n    type: process\n    ml_role: llm\nthreats:\n  - id: T1\n    target: llm\n    atlas: [AML.T0051]\n';

const RESULTS = JSON.stringify([
  { conversation_id: 'c-1', attack_result_id: 'it-1', objective: 'Quote an internal document', outcome: 'success', timestamp: '2026-11-20T09:00:00Z', labels: { threat_id: 'thr-confidential-leakage' } },
]);

async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('import commands', () => {
  before(extensionApi);
  afterEach(closeAll);

  it('Import MITRE ATLAS Catalog: the workspace setting points at the saved catalog and hovers use it', async () => {
    await (await extensionApi()).serverReady;
    const source = await writeFile('ATLAS-small.yaml', ATLAS);
    const model = await writeFile('imports.threatmodel', MODEL);
    const config = () => vscode.workspace.getConfiguration('threatmodel');
    try {
      const outcome = await vscode.commands.executeCommand<{ file: string; setting: string; counts: { tactics: number; techniques: number; mitigations: number } }>(
        'threatmodel.catalog.importAtlas', source, 'workspace',
      );
      assert.ok(outcome, 'the command reports what it did');
      assert.deepEqual(outcome.counts, { tactics: 1, techniques: 1, mitigations: 1 });
      assert.equal(config().inspect<string>('analysis.atlasCatalog')?.workspaceValue, outcome.setting);
      const saved = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(outcome.file)));
      assert.match(saved, /name: Prompt Injection From The Imported Catalog/);

      const editor = await openFile('imports.threatmodel');
      const at = editor.document.positionAt(editor.document.getText().indexOf('AML.T0051') + 2);
      await waitFor('hover from the imported catalog', async () => ((await hoverAt(model, at)).includes('Prompt Injection From The Imported Catalog') ? true : undefined));

      // Not ATLAS data: an error, and the setting is left as it was.
      const bad = await writeFile('not-atlas.yaml', 'title: not ATLAS\n');
      const none = await vscode.commands.executeCommand('threatmodel.catalog.importAtlas', bad, 'workspace');
      assert.equal(none, undefined);
      assert.equal(config().inspect<string>('analysis.atlasCatalog')?.workspaceValue, outcome.setting);
    } finally {
      await config().update('analysis.atlasCatalog', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const editor = await openFile('imports.threatmodel');
    const at = editor.document.positionAt(editor.document.getText().indexOf('AML.T0051') + 2);
    await waitFor('hover from the bundled catalog again', async () => ((await hoverAt(model, at)).includes('**LLM Prompt Injection**') ? true : undefined));
  });

  it('Import PyRIT Results: applies the edit to the open model, and undo restores it', async () => {
    await (await extensionApi()).serverReady;
    const results = await writeFile('pyrit-results.json', RESULTS);
    const editor = await openFile('rag-assistant.threatmodel');
    const original = editor.document.getText();
    const outcome = await vscode.commands.executeCommand<{ updated: string[] }>('threatmodel.pyrit.importResults', [results]);
    assert.deepEqual(outcome?.updated, ['thr-confidential-leakage']);
    const text = editor.document.getText();
    assert.ok(editor.document.isDirty, 'the edit is applied, not saved');
    assert.match(text, /mitigations: mit-retrieval-acl\n {4}validation:\n {6}- result: succeeded\n {8}date: 2026-11-20/);
    assert.equal(text.replace(/\n {4}validation:\n {6}- result: succeeded\n(?: {8}.*\n)+?(?= {2}- id: thr-vendor-disclosure)/, '\n'), original);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo', () => (editor.document.getText() === original ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
