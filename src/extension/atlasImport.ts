// "Threat Model: Import MITRE ATLAS Catalog...": pick an official ATLAS.yaml (atlas-data dist/ATLAS.yaml),
// convert it in the language server (`threatmodel/importAtlas`, so the importer stays out of this
// bundle), save the catalog (extension storage or a chosen file), point `threatmodel.analysis.atlasCatalog`
// at it (user or workspace settings) and report the counts and warnings. Nothing is written when the file
// is not ATLAS data or the user cancels. Scripts and tests may pass the file and 'user' / 'workspace' as
// arguments (no dialogs then); the command resolves to what it did, or undefined.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_SECTION } from './client';
import { whenClientReady, type ExtensionFeature } from './features';

export const IMPORT_ATLAS_COMMAND = 'threatmodel.catalog.importAtlas';
export const ATLAS_CATALOG_SETTING = 'analysis.atlasCatalog';
const CATALOG_FILE = 'atlas-catalog.yaml';
/** ATLAS.yaml v5.6.0 is about 0.45 MB; the importer refuses more than 20 M characters. */
const MAX_ATLAS_BYTES = 20 * 1024 * 1024;

interface ImportAtlasResult {
  catalogYaml: string;
  version: string;
  counts: { tactics: number; techniques: number; mitigations: number };
  warnings: string[];
}

export interface ImportAtlasOutcome {
  /** The catalog file written. */
  file: string;
  /** The value given to threatmodel.analysis.atlasCatalog. */
  setting: string;
  version: string;
  counts: ImportAtlasResult['counts'];
  warnings: string[];
}

interface Destination extends vscode.QuickPickItem {
  target: vscode.ConfigurationTarget;
  saveAs: boolean;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The setting's value for a saved file: relative to the first workspace folder when inside it (workspace settings). */
function settingValue(file: vscode.Uri, target: vscode.ConfigurationTarget): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (target !== vscode.ConfigurationTarget.Global && folder && folder.uri.scheme === 'file' && file.scheme === 'file') {
    const relative = path.relative(folder.uri.fsPath, file.fsPath);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return file.fsPath;
}

export const atlasImportFeature: ExtensionFeature = ({ context, client, output }) => {
  context.subscriptions.push(
    vscode.commands.registerCommand(IMPORT_ATLAS_COMMAND, async (sourceArg?: unknown, destinationArg?: unknown): Promise<ImportAtlasOutcome | undefined> => {
      const picked = sourceArg instanceof vscode.Uri ? [sourceArg] : await vscode.window.showOpenDialog({
        title: 'Import MITRE ATLAS Catalog: select the official ATLAS.yaml (atlas-data dist/ATLAS.yaml)',
        canSelectMany: false,
        canSelectFiles: true,
        canSelectFolders: false,
        filters: { 'MITRE ATLAS data': ['yaml', 'yml'] },
        openLabel: 'Import',
      });
      const source = picked?.[0];
      if (!source) return;
      const shown = source.scheme === 'file' ? source.fsPath : source.toString();

      let result: ImportAtlasResult;
      try {
        result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Importing MITRE ATLAS from ${path.basename(shown)}` },
          async (progress) => {
            progress.report({ message: 'reading the file' });
            const stat = await vscode.workspace.fs.stat(source);
            if (stat.size > MAX_ATLAS_BYTES) throw new Error(`the file is too large (${stat.size} bytes); ATLAS.yaml is well under 20 MB`);
            let text: string;
            try {
              text = new TextDecoder('utf-8', { fatal: true }).decode(await vscode.workspace.fs.readFile(source));
            } catch {
              throw new Error('the file is not UTF-8 text');
            }
            progress.report({ message: 'converting (language server)' });
            await whenClientReady(client);
            return (await client.sendRequest('threatmodel/importAtlas', { text })) as ImportAtlasResult;
          },
        );
        if (!result || typeof result.catalogYaml !== 'string') throw new Error('the language server gave no catalog (see the Threat Model output)');
      } catch (error) {
        output.warn(`ATLAS import of ${shown} failed: ${message(error)}`);
        void vscode.window.showErrorMessage(`Threat Model: ${shown} cannot be imported as MITRE ATLAS data: ${message(error)}. Nothing was written.`);
        return;
      }

      const hasWorkspace = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
      const destinations: Destination[] = [
        {
          label: 'User settings',
          description: 'all workspaces',
          detail: `Saves the catalog in the extension's storage and sets threatmodel.${ATLAS_CATALOG_SETTING} in your user settings.`,
          target: vscode.ConfigurationTarget.Global,
          saveAs: false,
        },
      ];
      if (hasWorkspace) {
        destinations.push(
          {
            label: 'Workspace settings',
            description: 'this workspace only',
            detail: `Saves the catalog in the extension's storage and sets threatmodel.${ATLAS_CATALOG_SETTING} in the workspace settings.`,
            target: vscode.ConfigurationTarget.Workspace,
            saveAs: false,
          },
          {
            label: 'Save in the workspace…',
            description: 'choose the file, workspace settings',
            detail: 'Saves the catalog where you choose (e.g. .threatmodel/atlas.yaml, to share it with the repository) and sets the workspace setting to it.',
            target: vscode.ConfigurationTarget.Workspace,
            saveAs: true,
          },
        );
      }
      const given = destinationArg === 'user' ? vscode.ConfigurationTarget.Global : destinationArg === 'workspace' ? vscode.ConfigurationTarget.Workspace : undefined;
      const where =
        given !== undefined
          ? destinations.find((d) => d.target === given && !d.saveAs)
          : await vscode.window.showQuickPick(destinations, {
              title: `MITRE ATLAS ${result.version}: where should the catalog be used?`,
              placeHolder: 'Use the imported catalog for…',
            });
      if (!where) {
        if (given !== undefined) void vscode.window.showErrorMessage('Threat Model: workspace settings need an open workspace folder. Nothing was written.');
        return;
      }

      let file: vscode.Uri | undefined;
      if (where.saveAs) {
        const folder = vscode.workspace.workspaceFolders![0].uri;
        file = await vscode.window.showSaveDialog({
          title: 'Save the MITRE ATLAS catalog',
          defaultUri: vscode.Uri.joinPath(folder, '.threatmodel', 'atlas.yaml'),
          filters: { 'YAML': ['yaml', 'yml'] },
          saveLabel: 'Save Catalog',
        });
        if (!file) return;
      } else {
        await vscode.workspace.fs.createDirectory(context.globalStorageUri);
        file = vscode.Uri.joinPath(context.globalStorageUri, CATALOG_FILE);
      }

      try {
        await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(result.catalogYaml));
        const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
        await config.update(ATLAS_CATALOG_SETTING, settingValue(file, where.target), where.target);
        // The path may be unchanged (a re-import): ask the server to re-read the file anyway.
        await whenClientReady(client);
        await client.sendNotification('threatmodel/atlasCatalogChanged');
      } catch (error) {
        output.error(`Saving the ATLAS catalog to ${file.toString()} failed: ${message(error)}`);
        void vscode.window.showErrorMessage(`Threat Model: could not save the ATLAS catalog (${message(error)}).`);
        return;
      }

      const { tactics, techniques, mitigations } = result.counts;
      const fileShown = file.scheme === 'file' ? file.fsPath : file.toString();
      output.info(`Imported MITRE ATLAS ${result.version} from ${shown} to ${fileShown}: ${tactics} tactics, ${techniques} techniques, ${mitigations} mitigations.`);
      for (const w of result.warnings) output.warn(`ATLAS import: ${w}`);
      const overridden =
        where.target === vscode.ConfigurationTarget.Global &&
        vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<string>(ATLAS_CATALOG_SETTING)?.workspaceValue;
      let text = `Imported MITRE ATLAS ${result.version}: ${tactics} tactics, ${techniques} techniques, ${mitigations} mitigations (${where.label.replace('…', '')}).`;
      if (result.warnings.length) text += ` ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'} about the data.`;
      if (overridden) text += ' Note: this workspace sets its own threatmodel.analysis.atlasCatalog, which takes precedence here.';
      const actions = result.warnings.length ? ['Show Warnings'] : [];
      // Not awaited: the command finishes while the message is shown.
      void vscode.window.showInformationMessage(text, ...actions).then((choice) => {
        if (choice === 'Show Warnings') output.show(true);
      });
      return { file: fileShown, setting: settingValue(file, where.target), version: result.version, counts: result.counts, warnings: result.warnings };
    }),
  );
};
