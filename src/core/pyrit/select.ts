// Which threats PyRIT can exercise: OPEN threats on an LLM or agent (or named with the OWASP LLM /
// ATLAS ids of LLM attacks), in categories that an attack against a chat endpoint can test.
import type { Element, Threat, ThreatModel } from '../model/types';

export const PYRIT_CATEGORIES = ['prompt_injection', 'jailbreak', 'system_prompt_leakage', 'sensitive_data_disclosure', 'excessive_agency'] as const;
export type PyritCategory = (typeof PYRIT_CATEGORIES)[number];

/** OWASP Top 10 for LLM Applications (2025) ids -> category. */
const OWASP: Record<string, PyritCategory> = { LLM01: 'prompt_injection', LLM02: 'sensitive_data_disclosure', LLM06: 'excessive_agency', LLM07: 'system_prompt_leakage' };
/** MITRE ATLAS technique ids (sub-techniques included) -> category. */
const ATLAS: Record<string, PyritCategory> = {
  'AML.T0051': 'prompt_injection', // LLM Prompt Injection
  'AML.T0054': 'jailbreak', // LLM Jailbreak
  'AML.T0056': 'system_prompt_leakage', // Extract LLM System Prompt
  'AML.T0057': 'sensitive_data_disclosure', // LLM Data Leakage
  'AML.T0053': 'excessive_agency', // AI Agent Tool Invocation
  'AML.T0086': 'excessive_agency', // Exfiltration via AI Agent Tool Invocation
};

export interface PyritTarget {
  threat: Threat;
  categories: PyritCategory[];
  /** LLM / agent elements the threat concerns (directly, or at the ends of a targeted flow). */
  llmElements: Element[];
}

const isLlm = (e: Element | undefined): e is Element => !!e && (e.mlRoles.includes('llm') || e.mlRoles.includes('agent'));

export function llmElementsOf(threat: Threat, model: ThreatModel): Element[] {
  const out = new Map<string, Element>();
  for (const id of threat.targets) {
    const element = model.index.elements.get(id);
    if (isLlm(element)) out.set(element.id, element);
    const flow = model.index.flows.get(id);
    if (flow) {
      for (const end of [flow.to, flow.from]) {
        const e = model.index.elements.get(end);
        if (isLlm(e)) out.set(e.id, e);
      }
    }
  }
  return [...out.values()];
}

export function categoriesOf(threat: Threat, llm: readonly Element[]): PyritCategory[] {
  const out = new Set<PyritCategory>();
  for (const id of threat.owaspLlm) {
    const c = OWASP[id.slice(0, 5).toUpperCase()];
    if (c) out.add(c);
  }
  for (const id of threat.atlas) {
    const c = ATLAS[id.split('.').slice(0, 2).join('.')];
    if (c) out.add(c);
  }
  // Threats on an LLM or agent written with STRIDE only: the LLM reading of the category.
  if (out.size === 0 && llm.length > 0) {
    if (threat.stride.includes('information_disclosure')) out.add('sensitive_data_disclosure');
    if (threat.stride.includes('elevation_of_privilege') && llm.some((e) => e.mlRoles.includes('agent'))) out.add('excessive_agency');
    if (threat.stride.includes('tampering')) out.add('prompt_injection');
  }
  return PYRIT_CATEGORIES.filter((c) => out.has(c));
}

/** Open threats PyRIT can exercise, in model order (first definition of each id). */
export function pyritTargets(model: ThreatModel): PyritTarget[] {
  const out: PyritTarget[] = [];
  for (const threat of model.threats) {
    if (model.index.threats.get(threat.id) !== threat || threat.status !== 'open') continue;
    const llmElements = llmElementsOf(threat, model);
    const named = threat.owaspLlm.some((id) => OWASP[id.slice(0, 5).toUpperCase()]) || threat.atlas.some((id) => ATLAS[id.split('.').slice(0, 2).join('.')]);
    if (llmElements.length === 0 && !named) continue;
    const categories = categoriesOf(threat, llmElements);
    if (categories.length > 0) out.push({ threat, categories, llmElements });
  }
  return out;
}
