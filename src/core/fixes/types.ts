// A quick fix as core computes it: a title, minimal text edits on the current text, and (for
// editors that can) the placeholder texts the user should fill in after applying it.
import type { TextEdit } from '../edits';

export type FixKind = 'quickfix' | 'source.fixAll';

export interface Fix {
  title: string;
  kind: FixKind;
  /** Non-overlapping edits on the document text the fix was computed for. */
  edits: TextEdit[];
  isPreferred?: boolean;
  /**
   * Placeholder texts inside the edits' new text (first occurrence each), in tab order. Editors
   * that support snippet edits turn them into tab stops; elsewhere they stay as plain text.
   */
  placeholders?: string[];
  /** Codes of the diagnostics the fix answers. */
  answers?: string[];
}
