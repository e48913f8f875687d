// DREAD scoring with one documented scale, chosen by the `threatmodel.dread.scale` setting:
//   average-0-10 (default): each factor 0-10, score = average of the five; bands >= 7 high, >= 4 medium, else low.
//   sum-1-3: each factor 1-3, score = sum (5-15); bands 12-15 high, 8-11 medium, 5-7 low.
// Missing and out-of-range factors are diagnostics (`dread-incomplete`, `dread-out-of-range`).
import { registerChecker, type CheckOptions } from '../check';
import { registerCodes } from '../diagnostics/codes';
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import type { Dread } from '../model/types';
import { indexOfKey, keyAt, scalarValueAt, valueAt, valueTextAt } from '../yaml/nodes';
import { asMap, asScalar } from '../yaml/tree';

export const DREAD_SCALES = ['average-0-10', 'sum-1-3'] as const;
export type DreadScale = (typeof DREAD_SCALES)[number];
export const DEFAULT_DREAD_SCALE: DreadScale = 'average-0-10';
export type DreadBand = 'high' | 'medium' | 'low';

/** YAML key and model property of each factor, in DREAD order. */
export const DREAD_FACTORS: readonly { key: string; prop: keyof Dread; label: string }[] = [
  { key: 'damage', prop: 'damage', label: 'Damage' },
  { key: 'reproducibility', prop: 'reproducibility', label: 'Reproducibility' },
  { key: 'exploitability', prop: 'exploitability', label: 'Exploitability' },
  { key: 'affected_users', prop: 'affectedUsers', label: 'Affected users' },
  { key: 'discoverability', prop: 'discoverability', label: 'Discoverability' },
];

export function scaleRange(scale: DreadScale): { min: number; max: number } {
  return scale === 'sum-1-3' ? { min: 1, max: 3 } : { min: 0, max: 10 };
}

/** Reads the scale from check options / settings; anything unknown gives the default. */
export function dreadScaleOf(value: unknown): DreadScale {
  return (DREAD_SCALES as readonly unknown[]).includes(value) ? (value as DreadScale) : DEFAULT_DREAD_SCALE;
}

/**
 * The DREAD score of a threat (or of its `dread` factors), or undefined when a factor is missing
 * or out of range for the scale. average-0-10: the mean (rounded to one decimal); sum-1-3: the sum.
 */
export function dreadScore(threat: { dread?: Dread } | Dread | undefined, scale: DreadScale = DEFAULT_DREAD_SCALE): number | undefined {
  const d: Dread | undefined = threat && 'dread' in threat ? (threat as { dread?: Dread }).dread : (threat as Dread | undefined);
  if (!d) return undefined;
  const { min, max } = scaleRange(scale);
  let sum = 0;
  for (const f of DREAD_FACTORS) {
    const v = d[f.prop];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) return undefined;
    sum += v;
  }
  return scale === 'sum-1-3' ? sum : Math.round((sum / 5) * 10) / 10;
}

/** The band of a score on a scale. */
export function dreadBand(score: number, scale: DreadScale = DEFAULT_DREAD_SCALE): DreadBand {
  if (scale === 'sum-1-3') return score >= 12 ? 'high' : score >= 8 ? 'medium' : 'low';
  return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
}

/** Converts a 1-10 estimate (as rules give them) to a factor on the scale (1-3: 1-3 -> 1, 4-7 -> 2, 8-10 -> 3). */
export function convertEstimate(value: number, scale: DreadScale): number {
  if (scale === 'average-0-10') return value;
  return value <= 3 ? 1 : value <= 7 ? 2 : 3;
}

export function convertDread(d: Dread, scale: DreadScale): Dread {
  const out: Dread = {};
  for (const f of DREAD_FACTORS) {
    const v = d[f.prop];
    if (typeof v === 'number') out[f.prop] = convertEstimate(v, scale);
  }
  return out;
}

registerCodes([
  {
    code: 'dread-incomplete',
    severity: 'warning',
    category: 'dread',
    title: 'A DREAD rating is missing factors.',
    help: 'Give all five factors (damage, reproducibility, exploitability, affected_users, discoverability); without them the threat has no score and is not ranked.',
  },
  {
    code: 'dread-out-of-range',
    severity: 'error',
    category: 'dread',
    title: 'A DREAD factor is outside the range of the configured scale.',
    help: 'With `threatmodel.dread.scale` = `average-0-10` factors are 0-10; with `sum-1-3` they are 1-3. Change the value or the setting.',
  },
]);

/** DREAD diagnostics for every threat with a `dread:` mapping. Options key: `dreadScale`. */
export function checkDread(doc: ParsedDocument, options: CheckOptions): Diagnostic[] {
  const scale = dreadScaleOf(options.dreadScale);
  const { min, max } = scaleRange(scale);
  const out: Diagnostic[] = [];
  for (const threat of doc.model.threats) {
    const at = indexOfKey(threat.node, 'dread');
    if (at < 0) continue;
    const map = asMap(valueAt(threat.node, at));
    if (!map) continue; // the schema check reports a non-mapping
    const missing: string[] = [];
    for (const f of DREAD_FACTORS) {
      // Read by index: a plain value's node is made only for a diagnostic (yaml/nodes.ts MapNode).
      const factor = indexOfKey(map, f.key);
      if (factor < 0 || valueTextAt(map, factor) === undefined) {
        missing.push(f.key);
        continue;
      }
      const value = scalarValueAt(map, factor);
      if (typeof value !== 'number') continue; // the schema check reports the type
      if (value < min || value > max || !Number.isFinite(value)) {
        const node = asScalar(valueAt(map, factor))!;
        out.push({
          code: 'dread-out-of-range',
          severity: 'error',
          message: `${f.label} is ${node.text}; on the ${scale} scale factors are ${min}-${max}.`,
          start: node.start,
          end: node.end,
          data: { factor: f.key, value: node.value, min, max, scale },
        });
      }
    }
    if (missing.length > 0) {
      out.push({
        code: 'dread-incomplete',
        severity: 'warning',
        message: `The DREAD rating of \`${threat.id}\` lacks ${missing.join(', ')}; it has no score until all five factors are given.`,
        start: keyAt(threat.node, at).start,
        end: keyAt(threat.node, at).end,
        data: { missing, threat: threat.id },
      });
    }
  }
  return out;
}

registerChecker('dread', checkDread);
