// How the Threat Analysis view words the validation state of a covered proposal: the latest
// validation run (e.g. PyRIT results brought in with "Import PyRIT Results") of the threats that
// cover it, as the server's `threatmodel/analyze` returns them. No `vscode` import, so it is
// unit-tested with the core tests.

export interface ViewValidation {
  threat: string;
  result: 'succeeded' | 'failed' | 'undetermined';
  date?: string;
  source?: string;
  runs: number;
}

const OUTCOME: Record<ViewValidation['result'], string> = {
  succeeded: 'attack SUCCEEDED',
  failed: 'held (attack failed)',
  undetermined: 'undetermined',
};

/** Short form for the tree item's description: the most severe state first (the list comes sorted). */
export function validationDescription(validation: readonly ViewValidation[] | undefined): string | undefined {
  const first = validation?.[0];
  if (!first) return undefined;
  const more = validation!.length > 1 ? ` (+${validation!.length - 1})` : '';
  return `validated: ${OUTCOME[first.result]}${more}`;
}

/** One plain-text line per validated covering threat, for the tooltip (the caller escapes Markdown). */
export function validationLines(validation: readonly ViewValidation[] | undefined): string[] {
  return (validation ?? []).map((v) => {
    let line = `${v.threat}: ${OUTCOME[v.result]}`;
    if (v.date) line += ` on ${v.date}`;
    if (v.source) line += ` (${v.source})`;
    if (v.result === 'succeeded') line += ' — the threat is confirmed';
    line += ` · ${v.runs} run${v.runs === 1 ? '' : 's'}`;
    return line;
  });
}
