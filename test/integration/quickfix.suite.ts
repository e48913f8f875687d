// Quick fixes through vscode.executeCodeActionProvider: the mitigation quick fixes for an
// unmitigated threat are offered, applying one removes its diagnostic, and the edit leaves the
// rest of the file (comments included) untouched.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, codeOf, diagnosticsOf, entryLines, extensionApi, waitFor, workspaceFile, writeFile } from './helpers';

function within(d: vscode.Diagnostic, [start, end]: [number, number]): boolean {
  return d.range.start.line >= start && d.range.start.line < end;
}

let lastRaw = '';

async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value,
  );
  lastRaw = JSON.stringify((actions ?? []).map((a) => ({ title: a.title, kind: 'kind' in a ? a.kind?.value : undefined })));
  return (actions ?? []).filter(
    // (The API's converted actions do not carry their `diagnostics`; the range selects them.)
    (a): a is vscode.CodeAction => 'kind' in a && !!a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind),
  );
}

async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `edit of "${action.title}" applied`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

function comments(text: string): string[] {
  return text.split('\n').filter((l) => l.trimStart().startsWith('#')).map((l) => l.trim());
}

describe('quick fixes', () => {
  before(extensionApi);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAll();
  });

  const cases = [
    { threat: 'thr-corpus-poisoning', kind: 'Add mitigation', index: 0 },
    { threat: 'thr-feedback-poisoning', kind: 'Link existing mitigation', index: 1 },
  ];
  for (const { threat, kind, index } of cases) {
    it(`offers mitigation fixes for ${threat}; "${kind}" removes the diagnostic`, async () => {
      const source = await vscode.workspace.fs.readFile(workspaceFile('spam-classifier.threatmodel'));
      const uri = await writeFile(`quickfix-${threat}.threatmodel`, new TextDecoder().decode(source));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const lines = entryLines(document, threat);
      const diagnostics = await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'unmitigated-threat' && within(x, lines)));
      const target = diagnostics.find((x) => codeOf(x) === 'unmitigated-threat' && within(x, lines))!;

      const fixes = await quickFixes(uri, target);
      assert.ok(fixes.length >= 2, `several fixes offered (got: ${fixes.map((f) => f.title).join(' | ')}; all actions: ${lastRaw})`);
      const fix = fixes.find((f) => f.title.startsWith(kind));
      assert.ok(fix, `a "${kind}" fix is offered (got: ${fixes.map((f) => f.title).join(' | ')})`);
      const before = document.getText();
      await apply(fix);
      assert.notEqual(document.getText(), before, `"${fix.title}" changed the document`);
      assert.deepEqual(comments(document.getText()), comments(before), 'every comment is kept');
      const [start, end] = entryLines(document, threat);
      const entry = document.getText(new vscode.Range(start, 0, end, 0));
      assert.match(entry, /mitigations:/, `${threat} now lists a mitigation`);
      if (kind === 'Link existing mitigation') {
        const linked = /mitigation (\S+)/.exec(fix.title)?.[1];
        assert.ok(linked && entry.includes(linked), `${threat} links ${linked}`);
      }

      await waitFor(`the unmitigated-threat diagnostic of ${threat} to go away after "${fix.title}"`, () => {
        const now = entryLines(document, threat);
        const left = vscode.languages.getDiagnostics(uri).filter((x) => codeOf(x) === 'unmitigated-threat' && within(x, now));
        return left.length === 0 ? true : undefined;
      });
      // The other deliberate gap is still reported: the fix was local.
      const other = index === 0 ? 'thr-feedback-poisoning' : 'thr-corpus-poisoning';
      const otherLines = entryLines(document, other);
      assert.ok(
        vscode.languages.getDiagnostics(uri).some((x) => codeOf(x) === 'unmitigated-threat' && within(x, otherLines)),
        `${other} is still reported`,
      );
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    });
  }

  it('fixes a misspelt reference with the closest id', async () => {
    const uri = await writeFile(
      'quickfix-reference.threatmodel',
      'threatmodel: 1\ntitle: Typo\nelements:\n  - id: web_app\n    name: Web app\n    type: process\n  - id: orders_db\n    name: Orders\n    type: data_store\nflows:\n  - id: f1\n    from: web_app\n    to: orders_dbb # keep this comment\n',
    );
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'unresolved-reference'));
    const target = diagnostics.find((x) => codeOf(x) === 'unresolved-reference')!;
    const fixes = await quickFixes(uri, target);
    const fix = fixes.find((f) => f.title.includes('orders_db'));
    assert.ok(fix, `a fix proposes orders_db (got: ${fixes.map((f) => f.title).join(' | ')})`);
    await apply(fix);
    assert.equal(document.lineAt(12).text, '    to: orders_db # keep this comment');
    await diagnosticsOf(uri, (d) => !d.some((x) => codeOf(x) === 'unresolved-reference'));
  });
});
