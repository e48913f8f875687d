// Definition, references, rename and prepareRename for ids: thin adapters over
// src/core/language/navigation.ts. Read-only requests serve the last good parse while the text is
// broken (positions from that text are fine when the broken edit comes after them); rename needs
// the current text to be valid YAML, so its edits land exactly where they should.
import { LSPErrorCodes, ResponseError, type Location, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { ParsedDocument } from '../core';
import { definitionAt, prepareRename, referencesAt, renameAt } from '../core/language/navigation';
import { isGood } from './documents';
import { toRange } from './convert';
import type { ServerFeature, ServerContext } from './features';

function offsetIn(doc: ParsedDocument, position: Position): number {
  return doc.lines.offsetAt(position);
}

function refuse(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

/** The current parse, only when it is good (rename must not edit from a stale text). */
function currentGood(ctx: ServerContext, uri: string): ParsedDocument {
  const doc = ctx.documents.get(uri);
  if (!doc) throw refuse('The document is not open.');
  if (!isGood(doc)) throw refuse('Fix the YAML syntax errors first: ids cannot be renamed safely while the file does not parse.');
  return doc;
}

export const navigationFeature: ServerFeature = (ctx) => {
  const { connection, documents } = ctx;
  ctx.addCapabilities({ definitionProvider: true, referencesProvider: true, renameProvider: { prepareProvider: true } });

  connection.onDefinition(
    ctx.safeRequest('definition', null as Location | null, (params) => {
      const doc = documents.best(params.textDocument.uri);
      if (!doc) return null;
      const span = definitionAt(doc, offsetIn(doc, params.position));
      return span ? { uri: params.textDocument.uri, range: toRange(doc, span.start, span.end) } : null;
    }),
  );

  connection.onReferences(
    ctx.safeRequest('references', [] as Location[], (params) => {
      const doc = documents.best(params.textDocument.uri);
      if (!doc) return [];
      const spans = referencesAt(doc, offsetIn(doc, params.position), !!params.context?.includeDeclaration);
      return spans.map((s) => ({ uri: params.textDocument.uri, range: toRange(doc, s.start, s.end) }));
    }),
  );

  connection.onPrepareRename(
    ctx.safeRequest('prepareRename', null as { range: Range; placeholder: string } | null, (params) => {
      const doc = currentGood(ctx, params.textDocument.uri);
      const result = prepareRename(doc, offsetIn(doc, params.position));
      if ('error' in result) throw refuse(result.error);
      return { range: toRange(doc, result.start, result.end), placeholder: result.id };
    }),
  );

  connection.onRenameRequest(
    ctx.safeRequest('rename', null as WorkspaceEdit | null, (params) => {
      const doc = currentGood(ctx, params.textDocument.uri);
      const result = renameAt(doc, offsetIn(doc, params.position), params.newName.trim());
      if ('error' in result) throw refuse(result.error);
      const edits: TextEdit[] = result.edits.map((e) => ({ range: toRange(doc, e.start, e.end), newText: e.newText }));
      const version = documents.version(params.textDocument.uri) ?? null;
      if (ctx.capabilities.workspace?.workspaceEdit?.documentChanges) {
        return { documentChanges: [{ textDocument: { uri: params.textDocument.uri, version }, edits }] };
      }
      return { changes: { [params.textDocument.uri]: edits } };
    }),
  );
};
