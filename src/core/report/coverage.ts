// Coverage per framework: for each STRIDE / LINDDUN category and each ATLAS technique named in the
// model, how many threats the model documents, how many are addressed (mitigated, accepted or
// transferred), and how many the analysis proposed when it ran.
import type { CategoryInfo } from '../catalog/index';
import type { Threat, ThreatModel } from '../model/types';

export interface ProposalCount {
  framework: 'stride' | 'linddun' | 'atlas';
  category: string;
  /** Proposals of the analysis for this category. */
  proposed: number;
  /** Of those, how many are already written in the model (or suppressed). */
  covered: number;
}

export interface CoverageRow {
  category: string;
  name: string;
  documented: number;
  addressed: number;
  open: number;
  proposed?: number;
  covered?: number;
}

export interface FrameworkCoverage {
  framework: 'stride' | 'linddun' | 'atlas';
  name: string;
  rows: CoverageRow[];
}

const NAMES = { stride: 'STRIDE', linddun: 'LINDDUN', atlas: 'MITRE ATLAS' } as const;

export function coverage(threats: readonly Threat[], _model: ThreatModel, categories: readonly CategoryInfo[], proposals?: readonly ProposalCount[]): FrameworkCoverage[] {
  // Threats per category and proposal counts per category, indexed once (each row used to scan
  // every threat and every count).
  const byCategory = {
    stride: threatsBy(threats, (t) => t.stride),
    linddun: threatsBy(threats, (t) => t.linddun),
    atlas: threatsBy(threats, (t) => t.atlas),
  };
  const counts = new Map<string, ProposalCount>();
  for (const p of proposals ?? []) {
    const key = `${p.framework}:${p.category}`;
    if (!counts.has(key)) counts.set(key, p);
  }
  const out: FrameworkCoverage[] = [];
  const row = (framework: 'stride' | 'linddun' | 'atlas', category: string, name: string): CoverageRow => {
    const matching = byCategory[framework].get(category) ?? [];
    const addressed = matching.filter((t) => t.status !== 'open').length;
    const r: CoverageRow = { category, name, documented: matching.length, addressed, open: matching.length - addressed };
    const p = counts.get(`${framework}:${category}`);
    if (proposals) {
      r.proposed = p?.proposed ?? 0;
      r.covered = p?.covered ?? 0;
    }
    return r;
  };
  for (const framework of ['stride', 'linddun'] as const) {
    const rows = categories.filter((c) => c.framework === framework).map((c) => row(framework, c.id, `${c.letter} ${c.name}`));
    out.push({ framework, name: NAMES[framework], rows });
  }
  const techniques = new Set<string>();
  for (const t of threats) for (const a of t.atlas) techniques.add(a);
  for (const p of proposals ?? []) if (p.framework === 'atlas') techniques.add(p.category);
  out.push({
    framework: 'atlas',
    name: NAMES.atlas,
    rows: [...techniques].sort().map((id) => row('atlas', id, id)),
  });
  return out;
}

/** The threats listing each category (each threat once per category, in model order). */
function threatsBy(threats: readonly Threat[], categoriesOf: (t: Threat) => readonly string[]): Map<string, Threat[]> {
  const map = new Map<string, Threat[]>();
  for (const t of threats) {
    for (const c of categoriesOf(t)) {
      const list = map.get(c);
      if (!list) map.set(c, [t]);
      else if (list[list.length - 1] !== t) list.push(t);
    }
  }
  return map;
}

/** Proposal counts per framework category from the analysis engine's proposals. */
export function proposalCounts(proposals: readonly { stride: string[]; linddun: string[]; atlas: { technique: string }[]; covered: unknown }[]): ProposalCount[] {
  const counter = new ProposalCounter();
  for (const p of proposals) counter.add(p.stride, p.linddun, p.atlas.map((a) => a.technique), p.covered !== false, 1);
  return counter.counts();
}

/** Counts proposals per category; categories are listed in the order they first appear. */
export class ProposalCounter {
  private readonly byKey = new Map<string, ProposalCount>();

  /** Adds `times` proposals of these categories, covered or not. */
  add(stride: readonly string[], linddun: readonly string[], atlas: readonly string[], covered: boolean, times: number): void {
    for (const s of stride) this.bump('stride', s, covered, times);
    for (const l of linddun) this.bump('linddun', l, covered, times);
    for (const a of atlas) this.bump('atlas', a, covered, times);
  }

  private bump(framework: ProposalCount['framework'], category: string, covered: boolean, times: number): void {
    const key = `${framework}:${category}`;
    const c = this.byKey.get(key) ?? { framework, category, proposed: 0, covered: 0 };
    c.proposed += times;
    if (covered) c.covered += times;
    this.byKey.set(key, c);
  }

  counts(): ProposalCount[] {
    return [...this.byKey.values()];
  }
}
