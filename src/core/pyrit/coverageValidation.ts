// The validation state behind an analysis proposal: when a proposal is covered by threats in the
// model, the latest validation run (e.g. a PyRIT attack imported with `import pyrit`) of each of
// those threats. The Threat Analysis view shows it next to the proposal. Pure; linear in the ids.
import { latestValidation } from '../language/hover';
import type { ThreatModel, ValidationResult } from '../model/types';

export interface CoveringValidation {
  /** The covering threat. */
  threat: string;
  /** Its latest run (latest date; undated runs count as oldest). */
  result: ValidationResult;
  date?: string;
  source?: string;
  /** How many runs the threat records. */
  runs: number;
}

/** Most severe first: an attack that succeeded matters more than an undetermined run or one that held. */
const RANK: Record<ValidationResult, number> = { succeeded: 0, undetermined: 1, failed: 2 };

/**
 * The latest validation of each covering threat that has been validated, most severe first
 * (succeeded, undetermined, failed), then in the order given. Empty when none was validated.
 */
export function coveringValidation(model: ThreatModel, threatIds: readonly string[]): CoveringValidation[] {
  const out: CoveringValidation[] = [];
  for (const id of new Set(threatIds)) {
    const threat = model.index.threats.get(id);
    const latest = threat ? latestValidation(threat.validation) : undefined;
    if (!threat || !latest) continue;
    out.push({ threat: id, result: latest.result, date: latest.date, source: latest.source, runs: threat.validation.length });
  }
  return out.sort((a, b) => RANK[a.result] - RANK[b.result]);
}
