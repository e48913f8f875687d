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

/** Documents the server handles: threat models on disk and unsaved ones. */
export const DOCUMENT_SELECTOR = [
  { language: LANGUAGE_ID, scheme: 'file' },
  { language: LANGUAGE_ID, scheme: 'untitled' },
];

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
