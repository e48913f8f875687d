// DREAD as the reports and SARIF use it: the mean of the factors that are given, on the 0-10
// scale the format documents. A threat without any factor has no score (undefined).
import type { Dread, Threat } from '../model/types';

const FACTORS: (keyof Dread)[] = ['damage', 'reproducibility', 'exploitability', 'affectedUsers', 'discoverability'];

export function dreadScore(dread: Dread | undefined): number | undefined {
  if (!dread) return undefined;
  const values = FACTORS.map((f) => dread[f]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length === 0) return undefined;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.round(Math.min(10, Math.max(0, mean)) * 10) / 10;
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
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}
