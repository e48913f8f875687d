// A diagnostic as core produces it: offsets into the text, a stable code, and optional data that
// code actions use to repair it. Adapters (language server, CLI) convert offsets to line/character.

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  /** Machine-readable facts for quick fixes (ids, suggestions, ...). Must be JSON-serialisable. */
  data?: Record<string, unknown>;
  /** Related places (e.g. the first definition of a duplicate id). */
  related?: { start: number; end: number; message: string }[];
  /** Marks code that is unused or deprecated (rendered faded / struck through). */
  tags?: ('unnecessary' | 'deprecated')[];
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** Severity order, most severe first (error = 0). */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
