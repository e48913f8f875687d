// One DFD preview panel: asks the language server for the diagram of its model (`threatmodel/dfd`),
// posts it to the webview (first render at once, then debounced updates, stale answers dropped,
// unchanged diagrams not re-sent), follows the active editor unless locked, follows the colour
// theme, reveals a clicked entity in the editor and highlights the entity under the cursor.
import * as vscode from 'vscode';
import { whenClientReady } from '../features';
import type { LanguageClient } from '../lsp/languageClient';
import { DFD_REQUEST, type DfdParams, type DfdResult } from '../../server/previewProtocol';
import { parseFromWebview, type FromWebview, type PreviewState, type ThemeKind, type ToWebview, type ViewChoice } from '../../webview/messages';
import { makeNonce, previewHtml } from './html';
import { entityAtLine } from './locate';
import { followTarget, renderKey, renderMessageFor, revealRange } from './state';
import { Debouncer, LatestOnly, UPDATE_DELAY_MS } from './schedule';

export const PREVIEW_VIEW_TYPE = 'threatmodel.preview';
export { UPDATE_DELAY_MS } from './schedule';
const SELECTION_DELAY_MS = 150;

export interface PreviewDeps {
  context: vscode.ExtensionContext;
  client: LanguageClient;
  output: vscode.LogOutputChannel;
  onDispose(preview: DfdPreview): void;
}

export function themeKind(kind: vscode.ColorThemeKind): ThemeKind {
  switch (kind) {
    case vscode.ColorThemeKind.Dark:
      return 'dark';
    case vscode.ColorThemeKind.HighContrast:
      return 'highContrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'highContrastLight';
    default:
      return 'light';
  }
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function settings(): { maxNodes: number; overlay: boolean } {
  const config = vscode.workspace.getConfiguration('threatmodel.preview');
  return { maxNodes: config.get<number>('maxNodes', 150), overlay: config.get<boolean>('overlay', true) };
}

/** Asks the server for a document's diagram (the document must be open in VS Code). */
export async function requestDiagram(client: LanguageClient, params: DfdParams): Promise<DfdResult | null> {
  await whenClientReady(client);
  return client.sendRequest<DfdResult | null>(DFD_REQUEST, params);
}

export class DfdPreview implements vscode.Disposable {
  private locked: boolean;
  private overlay: boolean;
  private view: ViewChoice;
  private force = false;
  private renderVersion = 0;
  private readonly requests = new LatestOnly();
  private lastKey = '';
  private last: DfdResult | undefined;
  private readonly updates = new Debouncer(() => void this.update(), UPDATE_DELAY_MS);
  private selectionTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private resource: vscode.Uri,
    state: Partial<PreviewState>,
    private readonly deps: PreviewDeps,
  ) {
    this.locked = state.locked === true;
    this.overlay = typeof state.overlay === 'boolean' ? state.overlay : settings().overlay;
    this.view = state.view ?? { kind: 'full' };
    const extensionUri = deps.context.extensionUri;
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'preview-icon.svg');
    const webviewScript = (name: string): string => panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
    panel.webview.html = previewHtml({
      cspSource: panel.webview.cspSource,
      mermaidUri: webviewScript('mermaid.js'),
      scriptUri: webviewScript('preview.js'),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'preview.css')).toString(),
      nonce: makeNonce(),
    });
    this.updateTitle();

    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => {
        const message = parseFromWebview(raw);
        if (message) void this.onMessage(message);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.resource.toString() && e.contentChanges.length > 0) this.scheduleUpdate();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const active = editor && { languageId: editor.document.languageId, uri: editor.document.uri.toString() };
        if (editor && followTarget(this.locked, active, this.resource.toString())) this.setResource(editor.document.uri);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.toString() !== this.resource.toString()) return;
        if (this.selectionTimer) clearTimeout(this.selectionTimer);
        this.selectionTimer = setTimeout(() => this.highlightAt(e.selections[0]?.active.line), SELECTION_DELAY_MS);
      }),
      vscode.window.onDidChangeActiveColorTheme((theme) => {
        this.post({ type: 'theme', theme: themeKind(theme.kind) });
        this.lastKey = ''; // the next render message carries the new theme too
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('threatmodel.preview')) void this.update();
      }),
    );
  }

  get uri(): vscode.Uri {
    return this.resource;
  }

  get isLocked(): boolean {
    return this.locked;
  }

  /** The Mermaid text currently shown (empty when nothing is drawn). */
  get mermaid(): string | undefined {
    return this.last?.mermaid || undefined;
  }

  setResource(uri: vscode.Uri): void {
    this.resource = uri;
    this.view = { kind: 'full' };
    this.force = false;
    this.last = undefined;
    this.updateTitle();
    void this.update();
  }

  toggleLock(): void {
    this.locked = !this.locked;
    this.updateTitle();
    this.lastKey = '';
    void this.update();
  }

  requestSvg(): void {
    this.post({ type: 'requestSvg' });
  }

  private updateTitle(): void {
    const name = this.resource.path.split('/').pop() ?? 'model';
    this.panel.title = `${this.locked ? '[Locked] ' : ''}DFD: ${name}`;
  }

  private post(message: ToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private scheduleUpdate(): void {
    this.updates.schedule();
  }

  /** Fetches the diagram and posts it unless it is unchanged; an answer overtaken by a newer request is dropped. */
  async update(): Promise<void> {
    this.updates.cancel();
    const isCurrent = this.requests.begin();
    const resource = this.resource;
    let result: DfdResult | null;
    try {
      await vscode.workspace.openTextDocument(resource); // the server only knows open documents
      const { maxNodes } = settings();
      result = await requestDiagram(this.deps.client, { uri: resource.toString(), overlay: this.overlay, view: this.view, maxNodes, force: this.force });
    } catch (error) {
      if (!isCurrent() || this.disposed) return;
      this.deps.output.error(`DFD preview: ${error instanceof Error ? error.message : String(error)}`);
      result = null;
    }
    if (!isCurrent() || this.disposed) return;
    if (result) this.last = result;
    const message = renderMessageFor(result ?? this.last, {
      resource: resource.toString(),
      title: resource.path.split('/').pop() ?? '',
      overlay: this.overlay,
      theme: themeKind(vscode.window.activeColorTheme.kind),
      view: this.view,
      locked: this.locked,
    });
    const key = renderKey(message);
    if (key === this.lastKey) return; // nothing visible changed: no re-render
    this.lastKey = key;
    message.version = ++this.renderVersion;
    this.post(message);
  }

  private highlightAt(line: number | undefined): void {
    if (line === undefined || !this.last) return;
    const hit = entityAtLine(this.last.locations, line);
    this.post({ type: 'highlight', kind: hit?.kind, id: hit?.id });
  }

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.lastKey = '';
        await this.update();
        break;
      case 'reveal':
        await this.reveal(message.kind, message.id);
        break;
      case 'setOverlay':
        this.overlay = message.overlay;
        await this.update();
        break;
      case 'setView':
        this.view = message.view;
        this.force = message.force === true;
        await this.update();
        break;
      case 'copySource':
        await vscode.commands.executeCommand('threatmodel.preview.copyMermaid');
        break;
      case 'exportSvg':
        await exportSvg(message.svg, this.resource);
        break;
      case 'error':
        this.deps.output.warn(`DFD preview could not draw the diagram: ${message.message}`);
        break;
    }
  }

  private async reveal(kind: string, id: string): Promise<void> {
    const idRange = revealRange(this.last?.locations, kind, id);
    if (!idRange) return;
    const document = await vscode.workspace.openTextDocument(this.resource);
    const range = new vscode.Range(idRange.start.line, idRange.start.character, idRange.end.line, idRange.end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.resource.toString());
    const column = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.updates.cancel();
    if (this.selectionTimer) clearTimeout(this.selectionTimer);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
    this.deps.onDispose(this);
  }
}

export async function exportSvg(svg: string | undefined, resource: vscode.Uri): Promise<void> {
  if (!svg) {
    void vscode.window.showWarningMessage('Threat Model: there is no diagram to export yet.');
    return;
  }
  const base = resource.path.replace(/\.threatmodel$/, '');
  const target = await vscode.window.showSaveDialog({
    defaultUri: resource.with({ path: `${base}.dfd.svg` }),
    filters: { 'SVG image': ['svg'] },
    saveLabel: 'Export DFD',
  });
  if (!target) return;
  const text = svg.startsWith('<?xml') ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`Threat Model: DFD exported to ${vscode.workspace.asRelativePath(target)}.`);
}
