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
    // Each target once (nearly every threat has one target: no Set for those).
    const targets = threat.targets.length > 1 ? new Set(threat.targets) : threat.targets;
    for (const target of targets) {
      let count = counts.get(target);
      if (!count) counts.set(target, (count = { open: 0, addressed: 0 }));
      if (threat.status === 'open') count.open++;
      else count.addressed++;
    }
  }
  return counts;
}
