// LSP -> VS Code: the protocol values the server sends, as VS Code API objects. Only the shapes
// this server produces (and the client capabilities in capabilities.ts announce) are handled.
// LSP and VS Code number most enums differently: severities and completion / symbol kinds are
// one lower in VS Code; diagnostic tags and code action trigger kinds are the same.
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';

export function asUri(uri: string): vscode.Uri {
  return vscode.Uri.parse(uri);
}

export function asPosition(p: lsp.Position): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function asRange(r: lsp.Range): vscode.Range {
  return new vscode.Range(asPosition(r.start), asPosition(r.end));
}

export function asLocation(l: lsp.Location): vscode.Location {
  return new vscode.Location(asUri(l.uri), asRange(l.range));
}

/**
 * A diagnostic that keeps the server's `data`. VS Code hands the same objects back in the code
 * action context, where toLsp.asDiagnostic returns `data` to the server (its quick fixes need it).
 */
export class ServerDiagnostic extends vscode.Diagnostic {
  data?: unknown;
}

function asSeverity(severity: lsp.DiagnosticSeverity | undefined): vscode.DiagnosticSeverity {
  return severity && severity >= 1 && severity <= 4 ? ((severity - 1) as vscode.DiagnosticSeverity) : vscode.DiagnosticSeverity.Error;
}

export function asDiagnostic(d: lsp.Diagnostic): ServerDiagnostic {
  const out = new ServerDiagnostic(asRange(d.range), d.message, asSeverity(d.severity));
  if (d.code !== undefined) out.code = d.codeDescription ? { value: d.code, target: asUri(d.codeDescription.href) } : d.code;
  if (d.source !== undefined) out.source = d.source;
  if (d.tags) out.tags = d.tags.filter((t) => t === 1 || t === 2) as number[] as vscode.DiagnosticTag[];
  if (d.relatedInformation) {
    out.relatedInformation = d.relatedInformation.map((r) => new vscode.DiagnosticRelatedInformation(asLocation(r.location), r.message));
  }
  if (d.data !== undefined) out.data = d.data;
  return out;
}

export function asDiagnostics(list: readonly lsp.Diagnostic[]): ServerDiagnostic[] {
  return list.map(asDiagnostic);
}

/** A text edit; `insertTextFormat: 2` (snippet edits in code actions, see capabilities.ts) as a SnippetTextEdit. */
function asTextEdit(e: lsp.TextEdit & { insertTextFormat?: lsp.InsertTextFormat }): vscode.TextEdit | vscode.SnippetTextEdit {
  return e.insertTextFormat === 2
    ? new vscode.SnippetTextEdit(asRange(e.range), new vscode.SnippetString(e.newText))
    : new vscode.TextEdit(asRange(e.range), e.newText);
}

/** Text edits per document, in order. File operations are not announced, so not expected. */
export function asWorkspaceEdit(edit: lsp.WorkspaceEdit): vscode.WorkspaceEdit {
  const byUri = new Map<string, (vscode.TextEdit | vscode.SnippetTextEdit)[]>();
  const add = (uri: string, edits: readonly lsp.TextEdit[]) => {
    const list = byUri.get(uri) ?? [];
    list.push(...edits.map(asTextEdit));
    byUri.set(uri, list);
  };
  if (edit.documentChanges) {
    for (const change of edit.documentChanges) if ('textDocument' in change) add(change.textDocument.uri, change.edits);
  } else {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) add(uri, edits);
  }
  const out = new vscode.WorkspaceEdit();
  // One `set` per document: `set` replaces what an earlier call gave for the same document.
  for (const [uri, edits] of byUri) out.set(asUri(uri), edits);
  return out;
}

export function asMarkdown(content: lsp.MarkupContent | lsp.MarkedString): vscode.MarkdownString {
  if (typeof content === 'string') return new vscode.MarkdownString(content);
  if ('kind' in content) return content.kind === 'markdown' ? new vscode.MarkdownString(content.value) : new vscode.MarkdownString().appendText(content.value);
  return new vscode.MarkdownString().appendCodeblock(content.value, content.language);
}

export function asHover(hover: lsp.Hover): vscode.Hover {
  const contents = Array.isArray(hover.contents) ? hover.contents.map(asMarkdown) : [asMarkdown(hover.contents)];
  return new vscode.Hover(contents, hover.range && asRange(hover.range));
}

function asDocumentation(d: string | lsp.MarkupContent): string | vscode.MarkdownString {
  if (typeof d === 'string') return d;
  return d.kind === 'markdown' ? new vscode.MarkdownString(d.value) : d.value;
}

export function asCommand(c: lsp.Command): vscode.Command {
  return { title: c.title, command: c.command, arguments: c.arguments };
}

export function asCompletionItem(i: lsp.CompletionItem): vscode.CompletionItem {
  const item = new vscode.CompletionItem(i.labelDetails ? { label: i.label, ...i.labelDetails } : i.label);
  if (i.kind) item.kind = (i.kind - 1) as vscode.CompletionItemKind;
  item.detail = i.detail;
  if (i.documentation !== undefined) item.documentation = asDocumentation(i.documentation);
  item.sortText = i.sortText;
  item.filterText = i.filterText;
  item.preselect = i.preselect;
  if (i.tags) item.tags = i.tags.filter((t) => t === 1) as number[] as vscode.CompletionItemTag[];
  const text = i.textEdit?.newText ?? i.insertText;
  if (text !== undefined) item.insertText = i.insertTextFormat === 2 ? new vscode.SnippetString(text) : text;
  if (i.textEdit) {
    item.range = 'range' in i.textEdit ? asRange(i.textEdit.range) : { inserting: asRange(i.textEdit.insert), replacing: asRange(i.textEdit.replace) };
  }
  if (i.additionalTextEdits) item.additionalTextEdits = i.additionalTextEdits.map((e) => new vscode.TextEdit(asRange(e.range), e.newText));
  if (i.commitCharacters) item.commitCharacters = i.commitCharacters;
  if (i.command) item.command = asCommand(i.command);
  // InsertTextMode.asIs: multi-line text keeps its own indentation.
  if (i.insertTextMode === 1) item.keepWhitespace = true;
  return item;
}

export function asCompletionList(result: lsp.CompletionList | lsp.CompletionItem[]): vscode.CompletionList {
  return Array.isArray(result)
    ? new vscode.CompletionList(result.map(asCompletionItem))
    : new vscode.CompletionList(result.items.map(asCompletionItem), result.isIncomplete);
}

export function asDocumentSymbol(s: lsp.DocumentSymbol): vscode.DocumentSymbol {
  const out = new vscode.DocumentSymbol(s.name, s.detail ?? '', (s.kind - 1) as vscode.SymbolKind, asRange(s.range), asRange(s.selectionRange));
  if (s.tags) out.tags = s.tags.filter((t) => t === 1) as number[] as vscode.SymbolTag[];
  out.children = (s.children ?? []).map(asDocumentSymbol);
  return out;
}

export function asCodeAction(a: lsp.CodeAction | lsp.Command): vscode.CodeAction | vscode.Command {
  if (typeof a.command === 'string') return asCommand(a as lsp.Command);
  const action = a as lsp.CodeAction;
  const out = new vscode.CodeAction(action.title, action.kind === undefined ? undefined : vscode.CodeActionKind.Empty.append(action.kind));
  if (action.diagnostics) out.diagnostics = asDiagnostics(action.diagnostics);
  if (action.edit) out.edit = asWorkspaceEdit(action.edit);
  if (action.command) out.command = asCommand(action.command);
  if (action.isPreferred !== undefined) out.isPreferred = action.isPreferred;
  if (action.disabled) out.disabled = { reason: action.disabled.reason };
  return out;
}
