// Growth exponents from pairs: each measure timed once on the smaller model and once on the larger,
// back to back, the order alternating, and the slope log(t_large / t_small) / log(n_large / n_small)
// taken per pair. Measuring one size after the other leaves minutes between the two figures, and
// on a shared machine that drift alone moved slopes by 0.2-0.3 (js-yaml load, linear by any
// reading of its code, came out at 0.87-1.38 from the per-size figures of one day's runs).
import { coreTasks } from './core';
import { pairOrder, pairedSample, type RatioSample } from './pairs';

/**
 * Not paired: every boundary drawn in turn is N/20 views of N elements, quadratic by design and
 * the slowest measure by far. (The floor is paired too: its slope shows what pairing leaves.)
 */
const SKIPPED = ['mermaidAllBoundaries'];

export function measureGrowthPairs(small: number, large: number, pairs: number, log: (line: string) => void): Record<string, RatioSample | undefined> {
  const a = coreTasks(small);
  const b = coreTasks(large);
  const gc = (globalThis as { gc?: () => void }).gc;
  const out: Record<string, RatioSample | undefined> = {};
  for (const key of Object.keys(a.tasks)) {
    const ta = a.tasks[key];
    const tb = b.tasks[key];
    if (SKIPPED.includes(key) || !tb) continue;
    log(`  growth pairs: ${key}`);
    const slopes: number[] = [];
    // Pair 0 warms both up and is not counted.
    for (let i = 0; i <= pairs; i++) {
      const times: Record<string, number> = {};
      // pairOrder's 'preview' is the smaller model here, 'floor' the larger.
      for (const which of pairOrder(i)) {
        const task = which === 'preview' ? ta : tb;
        gc?.();
        const t0 = performance.now();
        task();
        times[which] = performance.now() - t0;
      }
      if (i > 0 && times.preview > 0) slopes.push(Math.log(times.floor / times.preview) / Math.log(large / small));
    }
    out[key] = pairedSample(slopes);
  }
  return out;
}
