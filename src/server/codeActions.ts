// textDocument/codeAction: quick fixes for the diagnostics in the request (computed by
// src/core/fixes from the diagnostic's code, range and `data`), and the source action
// `source.fixAll.threatmodel` ("Fix all missing mitigations in file").
//
// Placeholders ("Accept risk..." writes a TODO justification, owner and review date): LSP 3.18's
// SnippetTextEdit is not in vscode-languageserver 9, so by default the edit is plain text whose
// placeholders are valid YAML the user then overwrites. When the client announces
// `experimental.snippetTextEdit: true` (the rust-analyzer convention), the edits that hold
// placeholders are sent with `insertTextFormat: 2` and `${n:...}` tab stops instead.
import {
  CodeActionKind,
  InsertTextFormat,
  type CodeAction,
  type Diagnostic as LspDiagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, ParsedDocument, Severity, TextEdit } from '../core';
import { fixAllMissingMitigations, fixesFor, type Fix } from '../core/fixes';
import { toRange } from './convert';
import type { ServerFeature } from './features';

export const FIX_ALL_KIND = 'source.fixAll.threatmodel';

const SEVERITY: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/** Whether a requested `only` filter admits a kind (prefix match on dot-separated parts). */
export function kindWanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/** The core diagnostic behind an LSP diagnostic we published. */
function toCore(doc: ParsedDocument, d: LspDiagnostic): Diagnostic | undefined {
  const data = (d.data && typeof d.data === 'object' ? d.data : {}) as Record<string, unknown>;
  const code = typeof d.code === 'string' ? d.code : typeof data.code === 'string' ? data.code : undefined;
  if (!code || (d.source !== undefined && d.source !== 'threatmodel')) return undefined;
  const start = doc.lines.offsetAt(d.range.start);
  const end = doc.lines.offsetAt(d.range.end);
  return { code, severity: SEVERITY[d.severity ?? 1] ?? 'error', message: d.message, start, end, data };
}

/** `$`, `}` and `\` escaped for snippet syntax. */
function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function lspEdits(doc: ParsedDocument, fix: Fix, snippets: boolean): LspTextEdit[] {
  const placeholders = snippets ? (fix.placeholders ?? []) : [];
  const texts = fix.edits.map((e) => (placeholders.length ? escapeSnippet(e.newText) : e.newText));
  let stop = 1;
  for (const p of placeholders) {
    const escaped = escapeSnippet(p);
    const i = texts.findIndex((t) => t.includes(escaped));
    if (i < 0) continue;
    texts[i] = texts[i].replace(escaped, `\${${stop++}:${escaped}}`);
  }
  return fix.edits.map((e: TextEdit, i) => {
    const edit: LspTextEdit & { insertTextFormat?: InsertTextFormat } = { range: toRange(doc, e.start, e.end), newText: texts[i] };
    if (placeholders.length && stop > 1) edit.insertTextFormat = InsertTextFormat.Snippet;
    return edit;
  });
}

export const codeActionsFeature: ServerFeature = (ctx) => {
  const experimental = ctx.capabilities.experimental as Record<string, unknown> | undefined;
  const snippets = experimental?.snippetTextEdit === true;
  const documentChanges = ctx.capabilities.workspace?.workspaceEdit?.documentChanges === true || snippets;
  ctx.addCapabilities({ codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] } });

  ctx.connection.onCodeAction(
    ctx.safeRequest('codeAction', [] as CodeAction[], (params) => {
      const uri = params.textDocument.uri;
      const doc = ctx.documents.get(uri);
      if (!doc || !doc.yaml.ok) return [];
      const version = ctx.documents.version(uri) ?? null;
      const workspaceEdit = (fix: Fix): WorkspaceEdit => {
        const edits = lspEdits(doc, fix, snippets);
        return documentChanges ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
      };
      const only = params.context.only;
      const out: CodeAction[] = [];
      const unmitigated: LspDiagnostic[] = [];
      for (const lspDiagnostic of params.context.diagnostics ?? []) {
        const d = toCore(doc, lspDiagnostic);
        if (!d) continue;
        if (d.code === 'unmitigated-threat') unmitigated.push(lspDiagnostic);
        if (!kindWanted(only, CodeActionKind.QuickFix)) continue;
        for (const fix of fixesFor(doc, d, { now: new Date() })) {
          out.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [lspDiagnostic],
            isPreferred: fix.isPreferred === true,
            edit: workspaceEdit(fix),
          });
        }
      }
      // The fix-all is offered when asked for (save actions, "Source Action...") or next to an
      // unmitigated threat's quick fixes.
      if ((only && kindWanted(only, FIX_ALL_KIND)) || (unmitigated.length > 0 && kindWanted(only, CodeActionKind.QuickFix))) {
        const all = fixAllMissingMitigations(doc);
        if (all) out.push({ title: all.title, kind: FIX_ALL_KIND, diagnostics: unmitigated, edit: workspaceEdit(all) });
      }
      return out;
    }),
  );
};
