// Creates the language client for the bundled server (dist/server.js, next to dist/extension.js).
// The server runs in a separate Node process over IPC; `--inspect` is added in debug mode.
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

export const CLIENT_ID = 'threatmodel';
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

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const debugPort = vscode.workspace.getConfiguration(CONFIG_SECTION).get<number>('server.debugPort', 6009);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', `--inspect=${debugPort}`] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: CONFIG_SECTION },
    initializationOptions: {
      threatmodel: currentSettings(),
      workspaceTrusted: vscode.workspace.isTrusted,
    },
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, uri.scheme === 'file' ? diagnostics : diagnostics.filter((d) => !DISK_ONLY_CODES.has(codeOf(d))));
      },
    },
    outputChannel: output,
    traceOutputChannel: output,
    // A broken server must not take the editor down; restarts are bounded by the library.
    initializationFailedHandler: (error) => {
      output.error(`The language server failed to initialise: ${String(error)}`);
      return false;
    },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
