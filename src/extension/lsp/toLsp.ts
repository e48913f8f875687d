// VS Code -> LSP: the values the client sends to the server (positions, document identifiers,
// content changes, and the diagnostics of a code action request).
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import { ServerDiagnostic } from './toCode';

export function asPosition(p: vscode.Position): lsp.Position {
  return { line: p.line, character: p.character };
}

export function asRange(r: vscode.Range): lsp.Range {
  return { start: asPosition(r.start), end: asPosition(r.end) };
}

export function asTextDocument(document: vscode.TextDocument): lsp.TextDocumentIdentifier {
  return { uri: document.uri.toString() };
}

export function asPositionParams(document: vscode.TextDocument, position: vscode.Position): lsp.TextDocumentPositionParams {
  return { textDocument: asTextDocument(document), position: asPosition(position) };
}

export function asContentChange(c: vscode.TextDocumentContentChangeEvent): lsp.TextDocumentContentChangeEvent {
  return { range: asRange(c.range), rangeLength: c.rangeLength, text: c.text };
}

/** A diagnostic VS Code passes back in a code action context; the server's `data` is returned with it. */
export function asDiagnostic(d: vscode.Diagnostic): lsp.Diagnostic {
  const out: lsp.Diagnostic = { range: asRange(d.range), message: d.message, severity: (d.severity + 1) as lsp.DiagnosticSeverity };
  if (typeof d.code === 'object' && d.code !== null) {
    out.code = d.code.value;
    out.codeDescription = { href: d.code.target.toString() };
  } else if (d.code !== undefined) {
    out.code = d.code;
  }
  if (d.source !== undefined) out.source = d.source;
  if (d.tags) out.tags = d.tags as number[] as lsp.DiagnosticTag[];
  if (d.relatedInformation) {
    out.relatedInformation = d.relatedInformation.map((r) => ({
      location: { uri: r.location.uri.toString(), range: asRange(r.location.range) },
      message: r.message,
    }));
  }
  if (d instanceof ServerDiagnostic && d.data !== undefined) out.data = d.data;
  return out;
}

export function asCodeActionContext(context: vscode.CodeActionContext): lsp.CodeActionContext {
  return {
    diagnostics: context.diagnostics.map(asDiagnostic),
    only: context.only ? [context.only.value] : undefined,
    triggerKind: context.triggerKind as number as lsp.CodeActionTriggerKind,
  };
}
