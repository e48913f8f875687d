// The threat model language server. Runs as `node dist/server.js --stdio` (editors) or over IPC
// when the VS Code client starts it. Features live in their own files (see featureList.ts); this
// file only wires the connection, the documents and the settings, and collects capabilities.
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentStore } from './documents';
import type { ServerContext } from './features';
import { FEATURES } from './featureList';
import { describeRelease, v8Collector, MemoryReleaser } from './memory';
import { safeNotify, safeRequest } from './runSafe';
import { SettingsService } from './settings';

const connection = createConnection(ProposedFeatures.all);
const textDocuments = new TextDocuments(TextDocument);
const documents = new DocumentStore(textDocuments);
const memory = new MemoryReleaser(v8Collector(), (release) => connection.console.log(describeRelease(release)));
const initializedListeners: (() => void)[] = [];
let settings: SettingsService | undefined;
let followFolders = false;

/** Merges capabilities per key; object values (e.g. workspace) are merged one level deep. */
function mergeCapabilities(target: ServerCapabilities, extra: ServerCapabilities): void {
  const t = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(extra)) {
    const existing = t[key];
    if (existing && typeof existing === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
      t[key] = { ...existing, ...value };
    } else {
      t[key] = value;
    }
  }
}

connection.onInitialize((params): InitializeResult => {
  const capabilities: ClientCapabilities = params.capabilities ?? {};
  settings = new SettingsService(connection, !!capabilities.workspace?.configuration, params.initializationOptions);
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  settings.setWorkspaceFolders(folders);

  const serverCapabilities: ServerCapabilities = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  };
  if (capabilities.workspace?.workspaceFolders) {
    followFolders = true;
    serverCapabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
  }
  const ctx: ServerContext = {
    connection,
    documents,
    settings,
    capabilities,
    clientName: params.clientInfo?.name,
    addCapabilities: (extra) => mergeCapabilities(serverCapabilities, extra),
    onInitialized: (listener) => initializedListeners.push(listener),
    revalidateAll: () => documents.revalidateAll(),
    memory,
    safeRequest: (name, empty, handler) =>
      safeRequest(connection, name, empty, (params, token) => {
        memory.busy();
        return handler(params, token);
      }),
    safeNotify: (name, handler) =>
      safeNotify(connection, name, (...args) => {
        memory.busy();
        return handler(...args);
      }),
  };
  for (const feature of FEATURES) {
    try {
      feature(ctx);
    } catch (error) {
      connection.console.error(`threatmodel: a server feature failed to start: ${String(error)}`);
    }
  }
  return { capabilities: serverCapabilities, serverInfo: { name: 'threatmodel-language-server', version: '0.1.0' } };
});

connection.onInitialized(
  safeNotify(connection, 'initialized', () => {
    if (followFolders) {
      try {
        connection.workspace.onDidChangeWorkspaceFolders(
          safeNotify(connection, 'workspace folders', async () => {
            const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
            settings?.setWorkspaceFolders(folders.map((f) => f.uri));
            documents.revalidateAll();
          }),
        );
      } catch {
        // The client did not announce workspace folder support; nothing to follow.
      }
    }
    for (const listener of initializedListeners) safeNotify(connection, 'initialized listener', listener)();
  }),
);

connection.onDidChangeConfiguration(
  safeNotify(connection, 'configuration change', (params) => settings?.changed(params?.settings)),
);

textDocuments.listen(connection);
connection.listen();
