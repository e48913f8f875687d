// "Threat Model: Import PyRIT Results...": pick one or more PyRIT results JSON files (what the exported
// runner writes), send their contents with the active model's uri to the language server
// (`threatmodel/importPyrit`), apply the returned minimal edit (one `validation:` entry per threat; undo
// works as for any edit) and say how many threats were updated. The file is not saved. Scripts and tests
// may pass the results files (a Uri or Uri[]) as the argument; the command resolves to what it did.
import * as vscode from 'vscode';
import type { WorkspaceEdit as LspWorkspaceEdit } from 'vscode-languageserver-protocol';
import { LANGUAGE_ID } from './client';
import { whenClientReady, type ExtensionFeature } from './features';
import { asWorkspaceEdit } from './lsp/toCode';

export const IMPORT_PYRIT_COMMAND = 'threatmodel.pyrit.importResults';
const MAX_FILES = 100;
const MAX_BYTES = 50 * 1024 * 1024;

export interface ImportPyritOutcome {
  /** Threats that got a validation entry. */
  updated: string[];
  alreadyRecorded: string[];
  unknownThreats: string[];
  problems: string[];
}

interface ImportPyritResult {
  edit: LspWorkspaceEdit | null;
  recorded: { threatId: string; result: 'succeeded' | 'failed' | 'undetermined'; runs: number }[];
  alreadyRecorded: string[];
  unknownThreats: string[];
  problems: string[];
  error?: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const pyritImportFeature: ExtensionFeature = ({ context, client, output }) => {
  context.subscriptions.push(
    vscode.commands.registerCommand(IMPORT_PYRIT_COMMAND, async (filesArg?: unknown): Promise<ImportPyritOutcome | undefined> => {
      const editor = vscode.window.activeTextEditor;
      const doc = editor?.document.languageId === LANGUAGE_ID ? editor.document : undefined;
      if (!doc) {
        void vscode.window.showInformationMessage('Open the .threatmodel file the PyRIT attacks were exported from, then import the results.');
        return;
      }
      const given = Array.isArray(filesArg) ? filesArg.filter((f): f is vscode.Uri => f instanceof vscode.Uri) : filesArg instanceof vscode.Uri ? [filesArg] : [];
      const files = given.length ? given : await vscode.window.showOpenDialog({
        title: 'Import PyRIT Results: select the results JSON files written by run_pyrit.py',
        canSelectMany: true,
        canSelectFiles: true,
        canSelectFolders: false,
        filters: { 'PyRIT results': ['json'] },
        openLabel: 'Import',
        defaultUri: doc.uri.scheme === 'file' ? vscode.Uri.joinPath(doc.uri, '..') : undefined,
      });
      if (!files || files.length === 0) return;
      if (files.length > MAX_FILES) {
        void vscode.window.showErrorMessage(`Threat Model: select at most ${MAX_FILES} results files at once.`);
        return;
      }
      const names = files.map((f) => vscode.workspace.asRelativePath(f, false));

      let result: ImportPyritResult;
      try {
        result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Importing PyRIT results into ${vscode.workspace.asRelativePath(doc.uri, false)}` },
          async () => {
            const results: string[] = [];
            for (const [i, file] of files.entries()) {
              const stat = await vscode.workspace.fs.stat(file);
              if (stat.size > MAX_BYTES) throw new Error(`${names[i]} is too large (${stat.size} bytes)`);
              try {
                results.push(new TextDecoder('utf-8', { fatal: true }).decode(await vscode.workspace.fs.readFile(file)));
              } catch {
                throw new Error(`${names[i]} is not UTF-8 text`);
              }
            }
            await whenClientReady(client);
            return (await client.sendRequest('threatmodel/importPyrit', { uri: doc.uri.toString(), results, names })) as ImportPyritResult;
          },
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        output.warn(`PyRIT import failed: ${message}`);
        void vscode.window.showErrorMessage(`Threat Model: the PyRIT results could not be imported: ${message}. The model was not changed.`);
        return;
      }

      for (const p of result.problems) output.warn(`PyRIT results: ${p}`);
      for (const id of result.unknownThreats) output.warn(`PyRIT results for threat '${id}', which the model does not define; skipped.`);
      const notes: string[] = [];
      if (result.alreadyRecorded.length) notes.push(`${plural(result.alreadyRecorded.length, 'threat', 'threats')} already recorded`);
      if (result.unknownThreats.length) notes.push(`${plural(result.unknownThreats.length, 'threat id', 'threat ids')} not in the model`);
      if (result.problems.length) notes.push(`${plural(result.problems.length, 'problem', 'problems')} in the files`);
      const suffix = notes.length ? ` (${notes.join(', ')}; see the Threat Model output)` : '';

      if (result.error) {
        void vscode.window.showErrorMessage(`Threat Model: ${result.error}${suffix}`);
        return;
      }
      if (!result.edit || result.recorded.length === 0) {
        void vscode.window.showInformationMessage(`Threat Model: nothing to add from the PyRIT results${suffix}.`);
        return { updated: [], alreadyRecorded: result.alreadyRecorded, unknownThreats: result.unknownThreats, problems: result.problems };
      }
      const applied = await vscode.workspace.applyEdit(asWorkspaceEdit(result.edit));
      if (!applied) {
        void vscode.window.showErrorMessage('Threat Model: the model changed while the results were imported; run the import again.');
        return;
      }
      const outcome: ImportPyritOutcome = {
        updated: result.recorded.map((r) => r.threatId),
        alreadyRecorded: result.alreadyRecorded,
        unknownThreats: result.unknownThreats,
        problems: result.problems,
      };
      const succeeded = result.recorded.filter((r) => r.result === 'succeeded').length;
      for (const r of result.recorded) output.info(`PyRIT: ${r.threatId}: ${r.result} (${plural(r.runs, 'attack run', 'attack runs')})`);
      void vscode.window.showInformationMessage(
        `Threat Model: updated ${plural(result.recorded.length, 'threat', 'threats')} with PyRIT results` +
          `${succeeded ? ` — an attack SUCCEEDED against ${succeeded === 1 ? 'one of them' : `${succeeded} of them`}` : ''}${suffix}. Save the file to keep the changes.`,
      );
      return outcome;
    }),
  );
};
