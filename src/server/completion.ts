// textDocument/completion: thin adapter over src/core/language/completion.ts. The context comes
// from the current text (which may be broken YAML mid-typing) and the ids from the last good parse.
// Trigger characters: `:` ` ` `[` `,` `-`.
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
} from 'vscode-languageserver/node';
import { complete, type CompletionEntry } from '../core/language/completion';
import type { ServerFeature } from './features';

export const COMPLETION_TRIGGERS = [':', ' ', '[', ',', '-'];

const KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  enum: CompletionItemKind.EnumMember,
  boolean: CompletionItemKind.Value,
  id: CompletionItemKind.Reference,
  category: CompletionItemKind.EnumMember,
};

/** A snippet as plain text, for clients without snippet support (choices -> first choice). */
export function snippetToPlain(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

export const completionFeature: ServerFeature = (ctx) => {
  const caps = ctx.capabilities.textDocument?.completion?.completionItem;
  const snippets = !!caps?.snippetSupport;
  const insertModes = caps?.insertTextModeSupport?.valueSet ?? [];
  const asIs = insertModes.includes(InsertTextMode.asIs);
  const docFormats = caps?.documentationFormat;
  const markdown = !docFormats || docFormats.includes(MarkupKind.Markdown);
  // Re-opening the suggest widget after `key: ` is a VS Code command; other clients would try to
  // run it on the server, so it is only attached for VS Code.
  const retrigger = /visual studio code|vscode/i.test(ctx.clientName ?? '');

  ctx.addCapabilities({ completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false } });
  ctx.connection.onCompletion(
    ctx.safeRequest('completion', null as CompletionList | null, (params) => {
      const uri = params.textDocument.uri;
      const textDocument = ctx.documents.textDocument(uri);
      if (!textDocument) return null;
      const text = textDocument.getText();
      const offset = textDocument.offsetAt(params.position);
      const entries = complete(text, offset, ctx.documents.recentGood(uri));
      const items: CompletionItem[] = entries.map((e) => {
        const snippet = e.snippet && snippets;
        const newText = e.snippet && !snippets ? snippetToPlain(e.insertText) : e.insertText;
        const item: CompletionItem = {
          label: e.label,
          kind: KIND[e.kind],
          detail: e.detail,
          sortText: e.sortText,
          filterText: e.filterText,
          textEdit: { range: { start: textDocument.positionAt(e.start), end: textDocument.positionAt(e.end) }, newText },
          insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        };
        if (e.documentation) item.documentation = { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: e.documentation };
        if (newText.includes('\n') && asIs) item.insertTextMode = InsertTextMode.asIs;
        if (e.retrigger && retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
        return item;
      });
      return { isIncomplete: false, items };
    }),
  );
};
