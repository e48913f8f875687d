// Catalog mitigations that fit a threat: the ATLAS mitigations linked to its ATLAS techniques
// (most specific first), then the typical controls of its STRIDE categories, then the privacy
// strategies for its LINDDUN categories. Existing mitigations that already provide one are found too.
import { categoryInfo, linddunCatalog, mitigationsForTechnique, strideCatalog, type AtlasMitigation } from '../catalog';
import type { Mitigation, Threat, ThreatModel } from '../model/types';

export interface MitigationSuggestion {
  /** Dedupe key: `atlas:AML.M0004` or `control:rate_limiting`. */
  key: string;
  title: string;
  description?: string;
  atlas: string[];
  controls: string[];
  /** Why it is suggested, short enough for a quick-fix title (e.g. `ATLAS AML.T0029`, `STRIDE: Denial of service`). */
  because: string;
}

const MAX_SUGGESTIONS = 8;

export function suggestionsForThreat(threat: Threat): MitigationSuggestion[] {
  const out: MitigationSuggestion[] = [];
  const seen = new Set<string>();
  const add = (s: MitigationSuggestion): void => {
    if (seen.has(s.key) || out.length >= MAX_SUGGESTIONS) return;
    seen.add(s.key);
    out.push(s);
  };
  // ATLAS mitigations, ranked: those linked to more of the threat's techniques first, then
  // technical ML controls before cyber controls before policies, then by id.
  const atlas = new Map<string, { m: AtlasMitigation; techniques: string[] }>();
  for (const technique of threat.atlas) {
    for (const m of safe(() => mitigationsForTechnique(technique), [])) {
      const entry = atlas.get(m.id) ?? { m, techniques: [] };
      entry.techniques.push(technique);
      atlas.set(m.id, entry);
    }
  }
  const rank = (m: AtlasMitigation): number => (m.category.some((c) => /ML|AI/.test(c)) ? 0 : m.category.some((c) => /Technical/.test(c)) ? 1 : 2);
  const ranked = [...atlas.values()].sort((a, b) => b.techniques.length - a.techniques.length || rank(a.m) - rank(b.m) || (a.m.id < b.m.id ? -1 : 1));
  for (const { m, techniques } of ranked) {
    add({ key: `atlas:${m.id}`, title: m.name, atlas: [m.id], controls: [], because: `ATLAS ${techniques.join(', ')}` });
  }
  const stride = safe(() => strideCatalog().categories, []);
  for (const category of threat.stride) {
    const entry = stride.find((c) => c.id === category);
    for (const c of entry?.mitigations ?? []) {
      add({ key: `control:${c.control}`, title: humanise(c.control), description: c.summary, atlas: [], controls: [c.control], because: `STRIDE: ${categoryInfo(category)?.name ?? category}` });
    }
  }
  const strategies = safe(() => linddunCatalog().strategies, []);
  for (const category of threat.linddun) {
    for (const s of strategies.filter((x) => x.addresses.includes(category))) {
      const control = s.controls[0];
      if (control) add({ key: `control:${control}`, title: humanise(control), description: s.summary, atlas: [], controls: [control], because: `LINDDUN: ${categoryInfo(category)?.name ?? category}` });
    }
  }
  return out;
}

/** Whether an existing mitigation already provides the suggestion (same ATLAS id or control). */
export function provides(m: Mitigation, s: MitigationSuggestion): boolean {
  return s.atlas.some((a) => m.atlas.includes(a)) || s.controls.some((c) => m.controls.includes(c));
}

/**
 * Existing mitigations relevant to a threat, best first: those providing a suggestion, then those
 * linked from other threats with the same ATLAS technique or STRIDE/LINDDUN category.
 */
export function relatedMitigations(model: ThreatModel, threat: Threat, suggestions = suggestionsForThreat(threat)): Mitigation[] {
  const out: Mitigation[] = [];
  const add = (m: Mitigation | undefined): void => {
    if (m && m.id && !threat.mitigations.includes(m.id) && !out.includes(m)) out.push(m);
  };
  for (const s of suggestions) for (const m of model.mitigations) if (provides(m, s)) add(m);
  for (const other of model.threats) {
    if (other === threat) continue;
    const shares =
      other.atlas.some((a) => threat.atlas.includes(a)) ||
      other.stride.some((c) => threat.stride.includes(c)) ||
      other.linddun.some((c) => threat.linddun.includes(c));
    if (shares) for (const id of other.mitigations) add(model.index.mitigations.get(id));
  }
  return out.slice(0, MAX_SUGGESTIONS);
}

export function humanise(control: string): string {
  const s = control.replace(/_/g, ' ').replace(/\b(tls|mfa|api|dpia)\b/g, (w) => w.toUpperCase());
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
