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
  return [...threats].sort((a, b) => {
    const sa = dreadScore(a.dread) ?? -1;
    const sb = dreadScore(b.dread) ?? -1;
    return sb - sa || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

export function dreadRating(score: number | undefined): string {
  if (score === undefined) return 'unscored';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}
