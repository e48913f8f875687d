// Fixes that add to the model for the mitigation diagnostics on elements, flows and mitigations:
// link an orphan mitigation, add a threat for an unprotected boundary crossing, add artifact
// verification for an external ML artifact.
import { atlasMitigation } from '../catalog';
import { artifactVerified } from '../mitigations/mlChecks';
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import { addToIdList, appendToTopLevelList, formatYamlScalar } from '../edits';
import { IdAllocator } from './ids';
import { createAndLink, newMitigation } from './mitigationItems';
import { EditPlan } from './plan';
import { provides, suggestionsForThreat, type MitigationSuggestion } from './suggestions';
import type { Fix } from './types';

const MAX_LINK_FIXES = 5;

export function orphanMitigationFixes(doc: ParsedDocument, d: Diagnostic): Fix[] {
  const m = doc.model.index.mitigations.get(String(d.data?.mitigationId ?? ''));
  if (!m) return [];
  const out: Fix[] = [];
  for (const t of doc.model.threats) {
    if (out.length >= MAX_LINK_FIXES) break;
    if (!t.id || t.mitigations.includes(m.id) || !suggestionsForThreat(t).some((s) => provides(m, s))) continue;
    const edits = addToIdList(doc, t.node, 'mitigations', m.id);
    if (edits.length) out.push({ title: `Link ${m.id} from threat ${t.id}${t.title ? ` (${t.title})` : ''}`, kind: 'quickfix', edits, answers: [d.code] });
  }
  if (out[0]) out[0].isPreferred = true;
  return out;
}

export function boundaryCrossingFixes(doc: ParsedDocument, d: Diagnostic): Fix[] {
  const flow = doc.model.index.flows.get(String(d.data?.flowId ?? ''));
  if (!flow || doc.model.threats.some((t) => t.targets.includes(flow.id))) return [];
  const stride: string[] = [];
  if (!flow.authenticated) stride.push('spoofing');
  if (!flow.encrypted) stride.push('tampering', 'information_disclosure');
  const how = [!flow.authenticated ? 'unauthenticated' : '', !flow.encrypted ? 'unencrypted' : ''].filter(Boolean).join(' and ');
  const id = new IdAllocator(doc).fresh('threat', `${flow.id}-crossing`);
  const yaml = [
    `id: ${formatYamlScalar(id)}`,
    `title: ${formatYamlScalar(`Data on ${flow.id} crosses ${String(d.data?.fromBoundary)} -> ${String(d.data?.toBoundary)} ${how}`)}`,
    `target: ${formatYamlScalar(flow.id)}`,
    `stride: [${stride.join(', ')}]`,
    'status: open',
  ].join('\n');
  const edits = appendToTopLevelList(doc, 'threats', yaml);
  return edits.length ? [{ title: `Add a threat for the ${how} flow ${flow.id}`, kind: 'quickfix', edits, isPreferred: true, answers: [d.code] }] : [];
}

export function verificationSuggestion(): MitigationSuggestion {
  return {
    key: 'atlas:AML.M0014',
    title: atlasMitigation('AML.M0014')?.name ?? 'Verify AI Artifacts',
    description: 'Check the hash or signature of every downloaded model and dataset against a trusted source before use.',
    atlas: ['AML.M0014'],
    controls: ['integrity_check'],
    because: 'ATLAS AML.T0010',
  };
}

export function mlArtifactFixes(doc: ParsedDocument, d: Diagnostic): Fix[] {
  const element = doc.model.index.elements.get(String(d.data?.elementId ?? ''));
  if (!element || artifactVerified(doc.model, element.id)) return [];
  const plan = new EditPlan(doc);
  const ids = new IdAllocator(doc);
  const suggestion = verificationSuggestion();
  const existing = doc.model.mitigations.find((m) => provides(m, suggestion));
  const targeting = doc.model.threats.filter((t) => t.id && t.targets.includes(element.id));
  const threat = targeting.find((t) => t.atlas.includes('AML.T0010')) ?? targeting[0];
  const mitigation = existing ? { id: existing.id, yaml: undefined } : newMitigation(ids, suggestion);
  if (threat) {
    createAndLink(plan, threat.id, mitigation.id, mitigation.yaml);
  } else {
    const threatId = ids.fresh('threat', `supply-chain-${element.id}`);
    const yaml = [
      `id: ${formatYamlScalar(threatId)}`,
      `title: ${formatYamlScalar(`Poisoned or backdoored ${element.name ?? element.id} from its ${element.provenance ?? 'external'} source`)}`,
      `target: ${formatYamlScalar(element.id)}`,
      'stride: [tampering]',
      'atlas: [AML.T0010]',
      'status: open',
      `mitigations: [${formatYamlScalar(mitigation.id)}]`,
    ].join('\n');
    plan.step((doc2) => appendToTopLevelList(doc2, 'threats', yaml));
    if (mitigation.yaml) plan.step((doc2) => appendToTopLevelList(doc2, 'mitigations', mitigation.yaml!));
  }
  const edits = plan.edits();
  const what = existing ? `link ${existing.id}` : `${suggestion.title} (AML.M0014)`;
  return edits.length ? [{ title: `Add artifact verification for ${element.id}: ${what}`, kind: 'quickfix', edits, isPreferred: true, answers: [d.code] }] : [];
}
