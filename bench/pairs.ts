// Paired comparison of a measure with its floor: the preview with Mermaid alone, the server's
// edit-to-diagnostics with js-yaml load. Each iteration measures both, back to back, so a pair
// shares the machine's load of that moment; the ratio per pair cancels the slow swings of a shared
// machine that the ratio of two medians keeps. The order inside a pair alternates (measure first,
// then floor first, ...) so neither always inherits the other's leftover work (raster, garbage
// collection) at its start.
import { quantile, round, summarize, type Sample } from './stats';

/** What a pair holds: the measure (named for the preview, its first user) and its floor. */
export type Page = 'preview' | 'floor';

/** The order of the two renders in iteration `i` (0 is the warm-up). */
export function pairOrder(i: number): [Page, Page] {
  return i % 2 === 0 ? ['preview', 'floor'] : ['floor', 'preview'];
}

/** Median, spread and quartiles of preview / floor over the pairs where both were measured. */
export interface RatioSample extends Sample {
  q1: number;
  q3: number;
  /**
   * A distribution-free confidence interval of the median (order statistics, at least 90%
   * coverage; absent below 5 pairs): a budget the interval straddles was not decided by this run.
   */
  ci90?: [number, number];
}

/**
 * Largest k such that [x(k), x(n+1-k)] (1-based order statistics) covers the median with
 * probability >= `level`: P(k <= Binomial(n, 1/2) <= n - k) >= level. Undefined when even the
 * whole range does not reach the level (n < 5 for 90%).
 */
export function medianCiRank(n: number, level = 0.9): number | undefined {
  // Binomial(n, 1/2) probabilities, built up as p(j) = C(n, j) / 2^n.
  const p: number[] = [];
  let c = 1;
  for (let j = 0; j <= n; j++) {
    p.push(c / 2 ** n);
    c = (c * (n - j)) / (j + 1);
  }
  let best: number | undefined;
  for (let k = 1; k <= Math.floor((n + 1) / 2); k++) {
    let below = 0;
    for (let j = 0; j < k; j++) below += p[j];
    if (1 - 2 * below >= level) best = k;
    else break;
  }
  return best;
}

export function pairedRatio(preview: readonly (number | undefined)[], floor: readonly (number | undefined)[]): RatioSample | undefined {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(preview.length, floor.length); i++) {
    const p = preview[i];
    const f = floor[i];
    if (p !== undefined && f !== undefined && f > 0) ratios.push(p / f);
  }
  return pairedSample(ratios);
}

/** Median, spread, quartiles and the median's 90% interval of per-pair values (ratios, slopes). */
export function pairedSample(values: readonly number[]): RatioSample | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const k = medianCiRank(sorted.length);
  const result: RatioSample = { ...summarize(values), q1: round(quantile(sorted, 0.25)), q3: round(quantile(sorted, 0.75)) };
  if (k !== undefined) result.ci90 = [round(sorted[k - 1]), round(sorted[sorted.length - k])];
  return result;
}
