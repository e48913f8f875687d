// Quick fixes: for a diagnostic of a document, the fixes that answer it, each as minimal text
// edits on the document text. The language server adapts these to LSP code actions; tests apply
// them to text directly.
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import { coverageGapFixes } from './coverageFixes';
import { boundaryCrossingFixes, mlArtifactFixes, orphanMitigationFixes } from './modelFixes';
import { changeToFix, unresolvedReferenceFixes } from './referenceFixes';
import { decisionFieldFix, statusMismatchFixes, unmitigatedThreatFixes, type FixOptions } from './threatFixes';
import type { Fix } from './types';

export type { Fix, FixKind } from './types';
export type { FixOptions } from './threatFixes';
export { fixAllMissingMitigations, isUnmitigated } from './fixAll';
export { suggestionsForThreat, relatedMitigations, type MitigationSuggestion } from './suggestions';
export { compose, diffEdit, EditPlan } from './plan';
export { IdAllocator } from './ids';

type FixProvider = (doc: ParsedDocument, d: Diagnostic, options: FixOptions) => Fix[];

const PROVIDERS: Record<string, FixProvider> = {
  'unmitigated-threat': unmitigatedThreatFixes,
  'mitigation-status-mismatch': statusMismatchFixes,
  'accepted-without-justification': decisionFieldFix,
  'accepted-without-owner': decisionFieldFix,
  'accepted-without-review-date': decisionFieldFix,
  'orphan-mitigation': orphanMitigationFixes,
  'unprotected-boundary-crossing': boundaryCrossingFixes,
  'unverified-ml-artifact': mlArtifactFixes,
  'unresolved-reference': unresolvedReferenceFixes,
  'unknown-key': changeToFix,
  'invalid-value': changeToFix,
  'coverage-gap': coverageGapFixes,
};

/** Codes that have quick fixes. */
export function fixableCodes(): string[] {
  return Object.keys(PROVIDERS);
}

/** Registers fixes for another code (e.g. the analysis coverage diagnostic). */
export function registerFixProvider(code: string, provider: FixProvider): void {
  PROVIDERS[code] = provider;
}

/** The fixes for one diagnostic; never throws (a failing provider gives no fixes). */
export function fixesFor(doc: ParsedDocument, diagnostic: Diagnostic, options: FixOptions = {}): Fix[] {
  const provider = PROVIDERS[diagnostic.code];
  if (!provider || !doc.yaml.ok) return [];
  try {
    return provider(doc, diagnostic, options).filter((f) => f.edits.length > 0);
  } catch {
    return [];
  }
}
