// Core (offsets, plain objects) -> LSP (line/character, protocol types). Thin and total.
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type Range,
} from 'vscode-languageserver/node';
import type { Diagnostic, ParsedDocument, Severity } from '../core';

export function toRange(doc: ParsedDocument, start: number, end: number): Range {
  return doc.lines.range(start, Math.max(start, end));
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A core diagnostic as an LSP diagnostic. `data` carries the core data plus the code. */
export function toLspDiagnostic(uri: string, doc: ParsedDocument, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(doc, d.start, d.end),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: 'threatmodel',
    message: d.message,
    data: { ...(d.data ?? {}), code: d.code },
  };
  if (d.related && d.related.length > 0) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri, range: toRange(doc, r.start, r.end) },
      message: r.message,
    }));
  }
  if (d.tags && d.tags.length > 0) {
    out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  return out;
}
