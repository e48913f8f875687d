// The memory floor for the language server: the smallest server that holds the model at all. It
// uses the same library, transport and document store as ours (vscode-languageserver over stdio,
// TextDocuments), loads each version with js-yaml `load` (plain values: no positions, no checks,
// no analysis), keeps the result while the document is open, and publishes an empty diagnostics
// list so the benchmark can wait for it the way it waits for ours. Like ours, it gives memory back
// once idle after a large model (src/server/memory.ts), so the settled figures compare the same
// thing. bench/memory.ts measures its resident memory exactly as it measures ours; the memory
// budget's report puts the two side by side.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { load } from 'js-yaml';
import { describeRelease, v8Collector, MemoryReleaser } from '../src/server/memory';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const loaded = new Map<string, unknown>();
const memory = new MemoryReleaser(v8Collector(), (release) => connection.console.log(describeRelease(release)));

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

documents.onDidChangeContent((e) => {
  let value: unknown;
  try {
    value = load(e.document.getText());
  } catch (error) {
    value = error;
  }
  loaded.set(e.document.uri, value);
  void connection.sendDiagnostics({ uri: e.document.uri, version: e.document.version, diagnostics: [] });
  memory.worked(e.document.getText().length);
});
documents.onDidClose((e) => {
  loaded.delete(e.document.uri);
});

documents.listen(connection);
connection.listen();
