// The DFD preview feature: commands (open to the side / in place, lock, export SVG, copy Mermaid),
// the panel serializer (restores the preview after a window reload) and the single live preview.
import * as vscode from 'vscode';
import type { ExtensionFeature } from '../features';
import { DfdPreview, PREVIEW_VIEW_TYPE, requestDiagram, webviewOptions } from './panel';
import { parsePreviewState } from './state';

export const PREVIEW_COMMANDS = {
  openToSide: 'threatmodel.preview.openToSide',
  open: 'threatmodel.preview.open',
  toggleLock: 'threatmodel.preview.toggleLock',
  exportSvg: 'threatmodel.preview.exportSvg',
  copyMermaid: 'threatmodel.preview.copyMermaid',
} as const;

export const previewFeature: ExtensionFeature = ({ context, client, output }) => {
  let preview: DfdPreview | undefined;
  const deps = { context, client, output, onDispose: (p: DfdPreview) => (preview === p ? (preview = undefined) : undefined) };

  /** The model a command is about: its argument (editor title button), else the active editor, else the preview's. */
  const targetUri = (arg: unknown): vscode.Uri | undefined => {
    if (arg instanceof vscode.Uri) return arg;
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'threatmodel') return editor.document.uri;
    return preview?.uri;
  };

  const open = (arg: unknown, column: vscode.ViewColumn, preserveFocus: boolean): void => {
    const uri = targetUri(arg);
    if (!uri) {
      void vscode.window.showInformationMessage('Threat Model: open a .threatmodel file to preview its data-flow diagram.');
      return;
    }
    if (preview) {
      if (preview.uri.toString() !== uri.toString()) preview.setResource(uri);
      preview.panel.reveal(column, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, 'DFD', { viewColumn: column, preserveFocus }, webviewOptions(context.extensionUri));
    preview = new DfdPreview(panel, uri, {}, deps);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(PREVIEW_COMMANDS.openToSide, (arg?: unknown) => open(arg, vscode.ViewColumn.Beside, true)),
    vscode.commands.registerCommand(PREVIEW_COMMANDS.open, (arg?: unknown) => open(arg, vscode.ViewColumn.Active, false)),
    vscode.commands.registerCommand(PREVIEW_COMMANDS.toggleLock, () => {
      if (!preview) return void vscode.window.showInformationMessage('Threat Model: no DFD preview is open.');
      preview.toggleLock();
    }),
    vscode.commands.registerCommand(PREVIEW_COMMANDS.exportSvg, async () => {
      if (!preview) {
        const choice = await vscode.window.showInformationMessage('Threat Model: open the DFD preview first; the export is the diagram it shows.', 'Open DFD Preview');
        if (choice) open(undefined, vscode.ViewColumn.Beside, true);
        return;
      }
      preview.requestSvg();
    }),
    vscode.commands.registerCommand(PREVIEW_COMMANDS.copyMermaid, async (arg?: unknown) => {
      let text = preview && (!arg || (arg instanceof vscode.Uri && arg.toString() === preview.uri.toString())) ? preview.mermaid : undefined;
      if (!text) {
        const uri = targetUri(arg);
        if (!uri) return void vscode.window.showInformationMessage('Threat Model: open a .threatmodel file first.');
        await vscode.workspace.openTextDocument(uri);
        const config = vscode.workspace.getConfiguration('threatmodel.preview');
        const result = await requestDiagram(client, {
          uri: uri.toString(),
          overlay: config.get<boolean>('overlay', true),
          view: { kind: 'full' },
          maxNodes: Number.MAX_SAFE_INTEGER,
          force: true,
        });
        text = result?.mermaid;
      }
      if (!text) return void vscode.window.showWarningMessage('Threat Model: the model has no valid version to draw yet.');
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage('Threat Model: Mermaid source copied to the clipboard.');
    }),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const s = parsePreviewState(state);
        let uri: vscode.Uri | undefined;
        try {
          uri = typeof s.resource === 'string' ? vscode.Uri.parse(s.resource, true) : undefined;
        } catch {
          uri = undefined;
        }
        uri ??= targetUri(undefined);
        if (!uri) {
          panel.dispose();
          return;
        }
        preview?.dispose();
        preview = new DfdPreview(panel, uri, s, deps);
      },
    }),
    { dispose: () => preview?.dispose() },
  );
};
