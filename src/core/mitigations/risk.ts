// The DREAD risk band of a threat, for escalating an unmitigated threat to an error. The scoring
// itself is the analysis module's (src/core/analysis/dread.ts), so the editor, the CLI and the
// reports agree on one scale.
import { dreadBand, dreadScaleOf, dreadScore } from '../analysis/dread';
import type { CheckOptions } from '../check';
import type { Threat } from '../model/types';

export const RISK_BANDS = ['low', 'medium', 'high'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** The configured threshold band (option `highRiskBand`, setting `diagnostics.unmitigatedErrorBand`), default `high`; 'off' never escalates. */
export function errorBandThreshold(options: CheckOptions): RiskBand | 'off' {
  const nested = options.diagnostics && typeof options.diagnostics === 'object' ? (options.diagnostics as Record<string, unknown>).unmitigatedErrorBand : undefined;
  const raw = options.highRiskBand ?? options.unmitigatedErrorBand ?? options.diagnosticsUnmitigatedErrorBand ?? nested;
  if (raw === 'off' || raw === 'none') return 'off';
  return typeof raw === 'string' && (RISK_BANDS as readonly string[]).includes(raw) ? (raw as RiskBand) : 'high';
}

export function bandAtLeast(band: RiskBand, threshold: RiskBand): boolean {
  return RISK_BANDS.indexOf(band) >= RISK_BANDS.indexOf(threshold);
}

/** DREAD band of a threat on the configured scale (option `dreadScale`), or undefined without a complete rating. */
export function threatBand(threat: Threat, options: CheckOptions): RiskBand | undefined {
  const scale = dreadScaleOf(options.dreadScale);
  const score = dreadScore(threat, scale);
  return score === undefined ? undefined : dreadBand(score, scale);
}
