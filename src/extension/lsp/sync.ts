// Text document synchronisation for the documents the selector matches: didOpen with the text
// (for the ones already open when the server starts, too), didChange (incremental ranges, or the
// whole text if the server asks for full sync), didClose. A document whose language changes is
// closed and reopened by VS Code, which this follows. Nothing is sent when the session ends: the
// next server starts with a fresh didOpen for every open document.
import * as vscode from 'vscode';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { TextDocumentSyncKind } from 'vscode-languageserver-protocol';
import { asContentChange } from './toLsp';
import { notify } from './process';

export class DocumentSync implements vscode.Disposable {
  private readonly synced = new Set<string>();
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly connection: MessageConnection,
    private readonly selector: vscode.DocumentSelector,
    private readonly change: TextDocumentSyncKind,
  ) {
    this.listeners = [
      vscode.workspace.onDidOpenTextDocument((d) => this.didOpen(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.didChange(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.didClose(d)),
    ];
    for (const document of vscode.workspace.textDocuments) this.didOpen(document);
  }

  private didOpen(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    if (this.synced.has(uri) || vscode.languages.match(this.selector, document) === 0) return;
    this.synced.add(uri);
    notify(this.connection, 'textDocument/didOpen', {
      textDocument: { uri, languageId: document.languageId, version: document.version, text: document.getText() },
    });
  }

  private didChange({ document, contentChanges }: vscode.TextDocumentChangeEvent): void {
    const uri = document.uri.toString();
    // Dirty-state-only events carry no change.
    if (!this.synced.has(uri) || contentChanges.length === 0 || this.change === 0) return;
    notify(this.connection, 'textDocument/didChange', {
      textDocument: { uri, version: document.version },
      contentChanges: this.change === 1 ? [{ text: document.getText() }] : contentChanges.map(asContentChange),
    });
  }

  private didClose(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    if (!this.synced.delete(uri)) return;
    notify(this.connection, 'textDocument/didClose', { textDocument: { uri } });
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.synced.clear();
  }
}
