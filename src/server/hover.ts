// textDocument/hover: thin adapter over src/core/language/hover.ts (Markdown).
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { hoverAt } from '../core/language/hover';
import { toRange } from './convert';
import type { ServerFeature } from './features';

export const hoverFeature: ServerFeature = (ctx) => {
  const formats = ctx.capabilities.textDocument?.hover?.contentFormat;
  const markdown = !formats || formats.includes(MarkupKind.Markdown);
  ctx.addCapabilities({ hoverProvider: true });
  ctx.connection.onHover(
    ctx.safeRequest('hover', null as Hover | null, async (params) => {
      const doc = ctx.documents.best(params.textDocument.uri);
      if (!doc) return null;
      const options = await ctx.settings.checkOptions(params.textDocument.uri);
      const result = hoverAt(doc, doc.lines.offsetAt(params.position), { dreadScale: options.dreadScale });
      if (!result) return null;
      return {
        contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: result.markdown },
        range: toRange(doc, result.start, result.end),
      };
    }),
  );
};
