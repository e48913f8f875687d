// The DREAD risk band of a threat, for escalating an unmitigated threat to an error. Kept in one
// small function so the scoring lives in one place.
import type { CheckOptions } from '../check';
import type { Threat } from '../model/types';

export const RISK_BANDS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** The configured threshold band (option `highRiskBand`, setting `diagnostics.unmitigatedErrorBand`), default `high`; 'off' never escalates. */
export function errorBandThreshold(options: CheckOptions): RiskBand | 'off' {
  const nested = options.diagnostics && typeof options.diagnostics === 'object' ? (options.diagnostics as Record<string, unknown>).unmitigatedErrorBand : undefined;
  const raw = options.highRiskBand ?? options.unmitigatedErrorBand ?? nested;
  if (raw === 'off' || raw === 'none') return 'off';
  return typeof raw === 'string' && (RISK_BANDS as readonly string[]).includes(raw) ? (raw as RiskBand) : 'high';
}

export function bandAtLeast(band: RiskBand, threshold: RiskBand): boolean {
  return RISK_BANDS.indexOf(band) >= RISK_BANDS.indexOf(threshold);
}

/**
 * DREAD band of a threat, or undefined when it has no complete DREAD rating.
 * Scale (option `dreadScale`): '1-10' (default; average of the five factors: < 4 low, < 7 medium,
 * < 9 high, else critical) or '1-3' (sum 5..15: 5-7 low, 8-11 medium, 12-14 high, 15 critical).
 */
export function threatBand(threat: Threat, options: CheckOptions): RiskBand | undefined {
  const d = threat.dread;
  if (!d) return undefined;
  const factors = [d.damage, d.reproducibility, d.exploitability, d.affectedUsers, d.discoverability];
  if (factors.some((f) => typeof f !== 'number' || !Number.isFinite(f))) return undefined;
  const sum = (factors as number[]).reduce((a, b) => a + b, 0);
  if (options.dreadScale === '1-3') return sum >= 15 ? 'critical' : sum >= 12 ? 'high' : sum >= 8 ? 'medium' : 'low';
  const average = sum / 5;
  return average >= 9 ? 'critical' : average >= 7 ? 'high' : average >= 4 ? 'medium' : 'low';
}
