// Creates the language client for the bundled server (dist/server.js, next to dist/extension.js).
// The server runs in a separate Node process over IPC; `--inspect` is added in debug mode.
// The client itself is ours (src/extension/lsp/), on vscode-jsonrpc: vscode-languageclient was
// most of the extension bundle.
import * as vscode from 'vscode';
import { SHOW_OUTPUT_COMMAND } from './commands';
import { LanguageClient } from './lsp/languageClient';

export const CLIENT_NAME = 'Threat Model Language Server';
export const LANGUAGE_ID = 'threatmodel';
export const CONFIG_SECTION = 'threatmodel';

/**
 * Documents the server handles: threat models on disk, unsaved ones, and those of virtual
 * workspaces (`vscode-vfs`, e.g. Remote Repositories). Not `git:` and other read-only views, which
 * would duplicate the diagnostics of the file they show.
 */
export const DOCUMENT_SELECTOR = [
  { language: LANGUAGE_ID, scheme: 'file' },
  { language: LANGUAGE_ID, scheme: 'untitled' },
  { language: LANGUAGE_ID, scheme: 'vscode-vfs' },
];

/**
 * Codes that need the document's folder on disk. For documents that are not files (unsaved,
 * virtual) the server cannot look, so these findings would be false and are dropped.
 */
export const DISK_ONLY_CODES = new Set(['evidence-not-found']);

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}

/** The `threatmodel` configuration section as a plain object (sent as initializationOptions). */
export function currentSettings(): Record<string, unknown> {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION);
  // WorkspaceConfiguration is a proxy with methods; JSON round-trip keeps only the values.
  return JSON.parse(JSON.stringify(section)) as Record<string, unknown>;
}

/** An error notification with a "Show Output" button. */
export function showServerError(message: string): void {
  void vscode.window.showErrorMessage(`Threat Model: ${message} See the output for details.`, 'Show Output').then((choice) => {
    if (choice) void vscode.commands.executeCommand(SHOW_OUTPUT_COMMAND);
  });
}

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  return new LanguageClient({
    name: CLIENT_NAME,
    serverModule: context.asAbsolutePath('dist/server.js'),
    debugPort: vscode.workspace.getConfiguration(CONFIG_SECTION).get<number>('server.debugPort', 6009),
    selector: DOCUMENT_SELECTOR,
    section: CONFIG_SECTION,
    initializationOptions: () => ({ threatmodel: currentSettings(), workspaceTrusted: vscode.workspace.isTrusted }),
    filterDiagnostics: (uri, diagnostics) => (uri.scheme === 'file' ? diagnostics : diagnostics.filter((d) => !DISK_ONLY_CODES.has(codeOf(d)))),
    output,
    reportFailure: showServerError,
  });
}
