// Order of the Threat Analysis view (no `vscode` import, so it is unit-tested): the riskiest first.
// Targets by the highest DREAD score among their new proposals (then by how many are new, then by
// name); proposals new before covered, each by DREAD score, highest first, then by id.

export interface Rankable {
  id: string;
  target: string;
  covered: unknown;
  dread?: { score: number };
}

const score = (p: Rankable): number => p.dread?.score ?? -1;

/** Proposals of one group: new before covered, then by DREAD score (highest first), then by id. */
export function compareInView(a: Rankable, b: Rankable): number {
  return Number(!!a.covered) - Number(!!b.covered) || score(b) - score(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Proposals grouped by target, targets in view order; each group keeps its proposals in view order. */
export function groupByTarget<P extends Rankable>(proposals: readonly P[]): [string, P[]][] {
  const byTarget = new Map<string, P[]>();
  for (const p of proposals) {
    const list = byTarget.get(p.target) ?? [];
    list.push(p);
    byTarget.set(p.target, list);
  }
  const rank = (ps: P[]) => {
    const fresh = ps.filter((p) => !p.covered);
    return { top: fresh.reduce((m, p) => Math.max(m, score(p)), -1), fresh: fresh.length };
  };
  return [...byTarget.entries()]
    .map(([target, ps]) => ({ target, ps: [...ps].sort(compareInView), r: rank(ps) }))
    .sort((a, b) => b.r.top - a.r.top || b.r.fresh - a.r.fresh || a.target.localeCompare(b.target))
    .map(({ target, ps }) => [target, ps]);
}
