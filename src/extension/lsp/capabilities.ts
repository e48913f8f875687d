// What this client tells the server it supports (initialize). Only what the client really
// implements is announced; the server reads: workspace/configuration, workspace folders,
// documentChanges in workspace edits, snippet completions (and insert modes, Markdown), Markdown
// hovers, hierarchical document symbols and `experimental.snippetTextEdit` (tab stops in the
// "Accept risk" quick fix, applied as SnippetTextEdits by toCode.asWorkspaceEdit).
import type { ClientCapabilities, CompletionItemKind, SymbolKind } from 'vscode-languageserver-protocol';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: false },
    workspaceEdit: { documentChanges: true },
  },
  window: { showMessage: {} },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false, willSave: false, willSaveWaitUntil: false },
    publishDiagnostics: {
      relatedInformation: true,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    completion: {
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        insertTextModeSupport: { valueSet: [1, 2] },
        labelDetailsSupport: true,
      },
      completionItemKind: { valueSet: range(1, 25) as CompletionItemKind[] },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    definition: { linkSupport: false },
    references: {},
    rename: { prepareSupport: true },
    documentSymbol: {
      hierarchicalDocumentSymbolSupport: true,
      symbolKind: { valueSet: range(1, 26) as SymbolKind[] },
      tagSupport: { valueSet: [1] },
      labelSupport: true,
    },
    codeAction: {
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports', 'source.fixAll'] },
      },
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
    },
  },
  experimental: { snippetTextEdit: true },
};
