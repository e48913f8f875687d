// All diagnostics of a document, in one place: YAML problems, schema, references, and the checkers
// that later features register (mitigation coverage, DREAD, analysis coverage). The language
// server, the CLI and the tests all call `checkDocument`, so they report the same findings.
import { codeInfo } from './diagnostics/codes';
import type { Diagnostic, Severity } from './diagnostics/types';
import type { ParsedDocument } from './document';
import { validateSchema } from './schema/validate';
import { validateReferences } from './validate/references';

/** Options that change what is reported. Environment access is injected, never imported. */
export interface CheckOptions {
  /** Per-code severity override, or 'off' to silence a code. */
  severity?: Record<string, Severity | 'off'>;
  /** Whether a repository-relative path exists (for evidence checks); omitted: not checked. */
  fileExists?: (path: string) => boolean;
  /** Further options used by registered checkers (DREAD scale, coverage hints, rule packs...). */
  [key: string]: unknown;
}

/** A checker adds diagnostics for a document; it must not throw for any model. */
export type Checker = (doc: ParsedDocument, options: CheckOptions) => Diagnostic[];

const checkers: { name: string; run: Checker }[] = [];

/** Registers a checker that runs after the schema and reference checks (when the YAML parsed). */
export function registerChecker(name: string, run: Checker): void {
  if (!checkers.some((c) => c.name === name)) checkers.push({ name, run });
}

export function checkDocument(doc: ParsedDocument, options: CheckOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of doc.yaml.problems) {
    out.push({ code: p.code, severity: codeInfo(p.code)?.severity ?? 'error', message: p.message, start: p.start, end: p.end });
  }
  if (doc.yaml.ok) {
    out.push(...validateSchema(doc.yaml.root, doc.text));
    out.push(...validateReferences(doc.model, doc.symbols, doc.lines));
    const structural = out.some((d) => d.code === 'invalid-root' || d.code === 'empty-model');
    if (!structural) {
      for (const checker of checkers) {
        try {
          out.push(...checker.run(doc, options));
        } catch (error) {
          out.push({
            code: 'internal-error',
            severity: 'error',
            message: `Internal error in the ${checker.name} check: ${String(error)}. Please report it.`,
            start: 0,
            end: 0,
          });
        }
      }
    }
  }
  return applySeverity(out, options.severity).sort((a, b) => a.start - b.start || a.end - b.end);
}

function applySeverity(diagnostics: Diagnostic[], overrides: CheckOptions['severity']): Diagnostic[] {
  if (!overrides) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const o = overrides[d.code];
    if (o === 'off') continue;
    out.push(o ? { ...d, severity: o } : d);
  }
  return out;
}
