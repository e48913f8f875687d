// Small statistics for the benchmark: repeated timing with warm-up, median and spread, and the
// growth exponent (log-log slope) of a measure between two sizes.

export interface Sample {
  /** Median of the measured runs, milliseconds. */
  median: number;
  min: number;
  max: number;
  /** Interquartile range (q3 - q1), milliseconds. */
  iqr: number;
  runs: number;
}

/** A measurement that could not be made: "n/a" (module missing), "timed out after N s", an error. */
export interface Unavailable {
  na: string;
}

export type Measure = Sample | Unavailable;

export function isSample(m: Measure | undefined): m is Sample {
  return !!m && typeof (m as Sample).median === 'number';
}

/** Quantile with linear interpolation of a sorted array (q in [0, 1]). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarize(times: readonly number[]): Sample {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: round(quantile(sorted, 0.5)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
    iqr: round(quantile(sorted, 0.75) - quantile(sorted, 0.25)),
    runs: sorted.length,
  };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** More runs for fast measures: a few runs of a few milliseconds say little on a shared machine. */
export interface Adaptive {
  /** Keep measuring past `runs` until the measured runs add up to this many milliseconds... */
  minTotalMs: number;
  /** ...or this many runs were made. */
  maxRuns: number;
}

/**
 * Times `fn` `warmup` times unmeasured then `runs` times (more with `adaptive`, for fast
 * measures); returns the summary. `fn` gets the run index. A GC before each measured run (when
 * node runs with --expose-gc) keeps one run's garbage out of the next one's figure.
 */
export function time(fn: (i: number) => unknown, runs: number, warmup = 1, adaptive?: Adaptive): Sample {
  for (let i = 0; i < warmup; i++) fn(i);
  const times: number[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  let total = 0;
  for (let i = 0; i < runs || (adaptive && total < adaptive.minTotalMs && i < adaptive.maxRuns); i++) {
    gc?.();
    const t0 = performance.now();
    fn(i);
    const t = performance.now() - t0;
    times.push(t);
    total += t;
  }
  return summarize(times);
}

/** Async variant of `time`. */
export async function timeAsync(fn: (i: number) => Promise<unknown>, runs: number, warmup = 1): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

/**
 * Growth exponent k of y ~ x^k between two points: log(y2/y1) / log(x2/x1). About 1 means the
 * measure grows linearly with the model, 2 quadratically. Undefined when a value is missing or 0.
 */
export function slope(x1: number, y1: number | undefined, x2: number, y2: number | undefined): number | undefined {
  if (y1 === undefined || y2 === undefined || !(y1 > 0) || !(y2 > 0) || x1 === x2) return undefined;
  return round(Math.log(y2 / y1) / Math.log(x2 / x1), 2);
}

export function ratio(value: number | undefined, floor: number | undefined): number | undefined {
  if (value === undefined || floor === undefined || !(floor > 0)) return undefined;
  return round(value / floor, 2);
}
