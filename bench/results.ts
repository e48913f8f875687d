// The shape of bench/results.json (documented in docs/performance.md) and the derived figures:
// ratios against the floors and growth exponents across sizes.
import type { BundleResult } from './bundle';
import type { CoreFacts } from './core';
import type { RatioSample } from './pairs';
import type { PreviewResult } from './preview';
import type { ServerResult } from './server';
import { isSample, ratio, slope, type Measure } from './stats';

export interface CoreSize {
  facts: CoreFacts;
  measures: Record<string, Measure>;
  /** median / js-yaml load median at the same size. */
  ratios: Record<string, number | undefined>;
}

export interface Results {
  schema: 1;
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; loadAverage: number[]; node: string; platform: string; note: string };
  /** `carried`: parts kept from the previous results.json by a run with --only. */
  options: { sizes: number[]; runs: number; quick: boolean; parts: string[]; carried?: string[] };
  /** Keyed by element count. */
  core: Record<string, CoreSize>;
  /** Growth exponent per core measure (log-log slope of the medians), between `growthBasis` sizes. */
  growth: Record<string, number | undefined>;
  /**
   * The same from the fastest run at each size: on a shared machine other processes only ever add
   * time, so the minimum is the least disturbed figure. The linearity budget uses this one.
   */
  growthMin?: Record<string, number | undefined>;
  growthBasis?: [number, number];
  /**
   * Growth exponents from pairs of runs on the two sizes back to back (bench/growth.ts): median
   * and spread of the per-pair slopes. When present, the linearity budget reads these.
   */
  growthPaired?: Record<string, RatioSample | undefined>;
  server?: ServerResult;
  preview?: PreviewResult & { ratios: (number | undefined)[] };
  bundle?: BundleResult;
}

export const median = (m: Measure | undefined): number | undefined => (isSample(m) ? m.median : undefined);

export function coreRatios(measures: Record<string, Measure>): Record<string, number | undefined> {
  const floor = median(measures.yamlLoad);
  const out: Record<string, number | undefined> = {};
  for (const [key, m] of Object.entries(measures)) out[key] = ratio(median(m), floor);
  return out;
}

/**
 * Growth exponents between 1,000 and 5,000 elements when both were measured, otherwise between
 * the two largest sizes measured (the basis says which).
 */
export function coreGrowth(core: Record<string, CoreSize>): {
  growth: Record<string, number | undefined>;
  growthMin?: Record<string, number | undefined>;
  basis?: [number, number];
} {
  const sizes = Object.keys(core)
    .map(Number)
    .sort((a, b) => a - b);
  if (sizes.length < 2) return { growth: {} };
  const basis: [number, number] = sizes.includes(1000) && sizes.includes(5000) ? [1000, 5000] : [sizes[sizes.length - 2], sizes[sizes.length - 1]];
  const [a, b] = basis;
  const growth: Record<string, number | undefined> = {};
  const growthMin: Record<string, number | undefined> = {};
  const min = (m: Measure | undefined) => (isSample(m) ? m.min : undefined);
  for (const key of Object.keys(core[String(b)].measures)) {
    const ma = core[String(a)].measures[key];
    const mb = core[String(b)].measures[key];
    growth[key] = slope(a, median(ma), b, median(mb));
    growthMin[key] = slope(a, min(ma), b, min(mb));
  }
  return { growth, growthMin, basis };
}
