// The analysis commands run through the language server and their proposals are added to the
// model with minimal edits ("Add all new" of the Threat Analysis view); a second run finds them
// covered, so nothing is added twice.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, codeOf, extensionApi, waitFor, workspaceFile, writeFile } from './helpers';

function threatIds(text: string): string[] {
  const section = text.split(/^threats:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  return [...section.matchAll(/^ {2}- id: (\S+)/gm)].map((m) => m[1]);
}

function comments(text: string): string[] {
  return text.split('\n').filter((l) => l.trimStart().startsWith('#')).map((l) => l.trim());
}

describe('analysis commands', () => {
  before(extensionApi);
  afterEach(closeAll);

  const cases = [
    { command: 'threatmodel.analyze.stride', example: 'spam-classifier', key: /^ {4}stride: /m },
    { command: 'threatmodel.analyze.linddun', example: 'federated-imaging', key: /^ {4}linddun: /m },
    { command: 'threatmodel.analyze.atlas', example: 'rag-assistant', key: /^ {4}atlas: /m },
    { command: 'threatmodel.analyze.all', example: 'spam-classifier', key: /^ {4}(stride|linddun|atlas): /m },
  ];
  for (const { command, example, key } of cases) {
    it(`${command} on ${example}: proposals are added to the model, once`, async () => {
      const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(`${example}.threatmodel`)));
      const uri = await writeFile(`analysis-${command.split('.').pop()}-${example}.threatmodel`, source);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const before = document.getText();
      const threatsBefore = threatIds(before);

      await vscode.commands.executeCommand(command);
      await vscode.commands.executeCommand('threatmodel.analysis.addAllNew');
      const after = await waitFor('the proposals to be added', () => (document.getText() !== before ? document.getText() : undefined));
      const added = threatIds(after).filter((id) => !threatsBefore.includes(id));
      assert.ok(added.length > 0, `${command} added threats`);
      assert.deepEqual(threatIds(after).slice(0, threatsBefore.length), threatsBefore, 'existing threats keep their order');
      assert.ok(after.startsWith(before.slice(0, before.indexOf('\nthreats:'))), 'everything before the threats section is byte-identical');
      assert.deepEqual(comments(after).filter((c) => comments(before).includes(c)), comments(before), 'comments are kept');
      const addedText = after.slice(after.indexOf(`- id: ${added[0]}`));
      assert.match(addedText, key, 'the added threats name their framework category');

      // The edited model is still valid: no YAML or schema errors appear.
      await new Promise((r) => setTimeout(r, 600));
      const errors = vscode.languages
        .getDiagnostics(uri)
        .filter((d) => /^(yaml-|unknown-key|invalid-|missing-key|duplicate-id|unresolved-reference)/.test(codeOf(d)));
      assert.deepEqual(errors.map((d) => `${codeOf(d)}@${d.range.start.line}: ${d.message}`), []);

      // Running again finds everything covered: "Add all new" changes nothing.
      await vscode.commands.executeCommand(command);
      await vscode.commands.executeCommand('threatmodel.analysis.addAllNew');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(document.getText(), after, 'a second run adds nothing');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
  }

  it('"Go to element" selects the id of the element a proposal is about', async () => {
    const editor = await openFileNamed('spam-classifier.threatmodel');
    await vscode.commands.executeCommand('threatmodel.analyze.stride');
    // Move away so that going to the element has something to do.
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('threatmodel.analysis.goToTarget', { kind: 'target', target: 'inference_api', targetKind: 'element', proposals: [] });
    const active = await waitFor('the element to be selected', () => {
      const e = vscode.window.activeTextEditor;
      return e && !e.selection.isEmpty ? e : undefined;
    });
    assert.equal(active.document.getText(active.selection), 'inference_api');
    assert.match(active.document.lineAt(active.selection.start.line).text, /^\s*- id: inference_api\s*$/);
  });
});

async function openFileNamed(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(document);
}
