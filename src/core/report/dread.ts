// DREAD as reports and SARIF show it: the analysis engine's score (src/core/analysis/dread.ts,
// the same number the editor shows), and a rating band for the tables.
import { dreadScore as engineScore } from '../analysis/dread';
import type { Dread, Threat } from '../model/types';

/** The threat's DREAD score on the default 0-10 scale; undefined unless all five factors are valid. */
export function dreadScore(dread: Dread | undefined): number | undefined {
  return dread ? engineScore(dread) : undefined;
}

/** Threats ordered by DREAD score (highest first; unscored last), then by id for stable output. */
export function sortByDread(threats: readonly Threat[]): Threat[] {
  // Each score worked out once, not at every comparison.
  const scored = threats.map((t) => ({ t, score: dreadScore(t.dread) ?? -1 }));
  scored.sort((a, b) => b.score - a.score || (a.t.id < b.t.id ? -1 : a.t.id > b.t.id ? 1 : 0));
  return scored.map((x) => x.t);
}

export function dreadRating(score: number | undefined): string {
  if (score === undefined) return 'unscored';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}
