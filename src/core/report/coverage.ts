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
  const out: FrameworkCoverage[] = [];
  const row = (framework: 'stride' | 'linddun' | 'atlas', category: string, name: string, matching: Threat[]): CoverageRow => {
    const addressed = matching.filter((t) => t.status !== 'open').length;
    const r: CoverageRow = { category, name, documented: matching.length, addressed, open: matching.length - addressed };
    const p = proposals?.find((x) => x.framework === framework && x.category === category);
    if (proposals) {
      r.proposed = p?.proposed ?? 0;
      r.covered = p?.covered ?? 0;
    }
    return r;
  };
  for (const framework of ['stride', 'linddun'] as const) {
    const rows = categories
      .filter((c) => c.framework === framework)
      .map((c) => row(framework, c.id, `${c.letter} ${c.name}`, threats.filter((t) => (framework === 'stride' ? t.stride : t.linddun).includes(c.id as never))));
    out.push({ framework, name: NAMES[framework], rows });
  }
  const techniques = new Set<string>();
  for (const t of threats) for (const a of t.atlas) techniques.add(a);
  for (const p of proposals ?? []) if (p.framework === 'atlas') techniques.add(p.category);
  out.push({
    framework: 'atlas',
    name: NAMES.atlas,
    rows: [...techniques].sort().map((id) => row('atlas', id, id, threats.filter((t) => t.atlas.includes(id)))),
  });
  return out;
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
