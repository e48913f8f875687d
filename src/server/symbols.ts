// textDocument/documentSymbol: the outline from core, as hierarchical DocumentSymbols (or flat
// SymbolInformation for clients without hierarchy support). While the text is broken it serves
// the last good parse.
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver/node';
import type { ParsedDocument } from '../core';
import { outline, type OutlineKind, type OutlineSymbol } from '../core/language/outline';
import { toRange } from './convert';
import type { ServerFeature } from './features';

const KIND: Record<OutlineKind, SymbolKind> = {
  section: SymbolKind.Namespace,
  data_asset: SymbolKind.Object,
  boundary: SymbolKind.Package,
  element: SymbolKind.Class,
  flow: SymbolKind.Function,
  threat: SymbolKind.Event,
  mitigation: SymbolKind.Struct,
  attack_tree: SymbolKind.Module,
  attack_node: SymbolKind.EnumMember,
};

function toDocumentSymbol(doc: ParsedDocument, s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: KIND[s.kind],
    range: toRange(doc, s.start, s.end),
    selectionRange: toRange(doc, s.selectionStart, s.selectionEnd),
    children: s.children.map((c) => toDocumentSymbol(doc, c)),
  };
}

function flatten(uri: string, doc: ParsedDocument, symbols: OutlineSymbol[], container: string | undefined, out: SymbolInformation[]): void {
  for (const s of symbols) {
    out.push({ name: s.name, kind: KIND[s.kind], location: { uri, range: toRange(doc, s.start, s.end) }, containerName: container });
    flatten(uri, doc, s.children, s.name, out);
  }
}

export const symbolsFeature: ServerFeature = (ctx) => {
  const hierarchical = !!ctx.capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport;
  ctx.addCapabilities({ documentSymbolProvider: { label: 'Threat model' } });
  ctx.connection.onDocumentSymbol(
    ctx.safeRequest('documentSymbol', [] as DocumentSymbol[] | SymbolInformation[], (params) => {
      const doc = ctx.documents.best(params.textDocument.uri);
      if (!doc) return [];
      const symbols = outline(doc);
      if (hierarchical) return symbols.map((s) => toDocumentSymbol(doc, s));
      const flat: SymbolInformation[] = [];
      flatten(params.textDocument.uri, doc, symbols, undefined, flat);
      return flat;
    }),
  );
};
