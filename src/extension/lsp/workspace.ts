// The server's requests to the client (workspace/configuration, workspace/workspaceFolders,
// client/registerCapability, window/showMessage, window/logMessage), and the client's
// notifications when the configuration section or the workspace folders change.
import * as vscode from 'vscode';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type * as lsp from 'vscode-languageserver-protocol';
import { notify } from './process';

/** A setting as plain JSON (VS Code's configuration objects are proxies); null when unset. */
function plain(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** One workspace/configuration item: `section` (e.g. `threatmodel`), scoped to `scopeUri` when given. */
function configurationValue({ scopeUri, section }: lsp.ConfigurationItem): unknown {
  // The server always names a section; the whole configuration is not something to send.
  if (!section) return null;
  const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
  const dot = section.lastIndexOf('.');
  const config = vscode.workspace.getConfiguration(dot < 0 ? undefined : section.slice(0, dot), scope);
  return plain(config.get(dot < 0 ? section : section.slice(dot + 1)));
}

function asFolder(folder: vscode.WorkspaceFolder): lsp.WorkspaceFolder {
  return { uri: folder.uri.toString(), name: folder.name };
}

export function workspaceFolders(): lsp.WorkspaceFolder[] | null {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders.map(asFolder) : null;
}

function showMessage({ type, message }: lsp.ShowMessageParams): void {
  const show = type === 1 ? vscode.window.showErrorMessage : type === 2 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message);
}

function logMessage(output: vscode.LogOutputChannel, { type, message }: lsp.LogMessageParams): void {
  if (type === 1) output.error(message);
  else if (type === 2) output.warn(message);
  else if (type === 5) output.debug(message);
  else output.info(message);
}

export function handleServerRequests(connection: MessageConnection, output: vscode.LogOutputChannel): void {
  connection.onRequest('workspace/configuration', (params: lsp.ConfigurationParams) => params.items.map(configurationValue));
  connection.onRequest('workspace/workspaceFolders', () => workspaceFolders());
  // vscode-languageserver registers workspace folder change notifications dynamically; they are
  // sent anyway (the server also announces them in its capabilities). Anything else is ignored.
  connection.onRequest('client/registerCapability', (params: lsp.RegistrationParams) => {
    for (const r of params.registrations) {
      if (r.method !== 'workspace/didChangeWorkspaceFolders') output.info(`The language server asked for ${r.method}, which this client does not provide.`);
    }
    return null;
  });
  connection.onRequest('client/unregisterCapability', () => null);
  connection.onNotification('window/showMessage', showMessage);
  connection.onNotification('window/logMessage', (params: lsp.LogMessageParams) => logMessage(output, params));
}

/** Forwards changes of the configuration `section` (its values) and of the workspace folders. */
export function watchWorkspace(connection: MessageConnection, section: string, folderChanges: boolean): vscode.Disposable {
  const subscriptions = [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(section)) return;
      notify(connection, 'workspace/didChangeConfiguration', { settings: { [section]: plain(vscode.workspace.getConfiguration().get(section)) } });
    }),
  ];
  if (folderChanges) {
    subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        notify(connection, 'workspace/didChangeWorkspaceFolders', { event: { added: e.added.map(asFolder), removed: e.removed.map(asFolder) } });
      }),
    );
  }
  return vscode.Disposable.from(...subscriptions);
}
