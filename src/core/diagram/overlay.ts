// Threats per diagram target, for the overlay: how many are still open (unmitigated) and how many
// are addressed (mitigated, accepted or transferred).
import type { ThreatModel } from '../model/types';

export interface ThreatCount {
  open: number;
  addressed: number;
}

export function threatCounts(model: ThreatModel): Map<string, ThreatCount> {
  const counts = new Map<string, ThreatCount>();
  for (const threat of model.threats) {
    if (model.index.threats.get(threat.id) !== threat) continue;
    for (const target of new Set(threat.targets)) {
      let count = counts.get(target);
      if (!count) counts.set(target, (count = { open: 0, addressed: 0 }));
      if (threat.status === 'open') count.open++;
      else count.addressed++;
    }
  }
  return counts;
}
