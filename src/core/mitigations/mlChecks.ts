// Externally sourced ML artifacts (models, pretrained models, training data, datasets) with no
// artifact verification linked from any threat that targets them.
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import type { Mitigation, MlRole, ThreatModel } from '../model/types';
import { anchorOf, label } from './anchors';

export const ARTIFACT_ROLES: readonly MlRole[] = ['model', 'pretrained_model', 'training_data', 'dataset'];
export const VERIFY_ATLAS = ['AML.M0014', 'AML.M0013'];
export const VERIFY_CONTROLS = ['integrity_check', 'signature_verification'];

export function verifiesArtifacts(m: Mitigation): boolean {
  return m.atlas.some((a) => VERIFY_ATLAS.includes(a)) || m.controls.some((c) => VERIFY_CONTROLS.includes(c));
}

/** Whether some threat targeting `elementId` links a mitigation that verifies artifacts. */
export function artifactVerified(model: ThreatModel, elementId: string): boolean {
  for (const threat of model.threats) {
    if (!threat.targets.includes(elementId)) continue;
    for (const id of threat.mitigations) {
      const m = model.index.mitigations.get(id);
      if (m && verifiesArtifacts(m)) return true;
    }
  }
  return false;
}

/** The ids of every element that `artifactVerified` holds for, in one pass over the threats. */
export function verifiedArtifactIds(model: ThreatModel): Set<string> {
  const verified = new Set<string>();
  for (const threat of model.threats) {
    const verifies = threat.mitigations.some((id) => {
      const m = model.index.mitigations.get(id);
      return m !== undefined && verifiesArtifacts(m);
    });
    if (verifies) for (const target of threat.targets) verified.add(target);
  }
  return verified;
}

export function checkMlArtifacts(doc: ParsedDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { model } = doc;
  // One pass over the threats for all elements (artifactVerified per element was quadratic).
  let verified: Set<string> | undefined;
  for (const element of model.elements) {
    if (!element.id || (element.provenance !== 'external' && element.provenance !== 'vendor')) continue;
    const roles = element.mlRoles.filter((r) => ARTIFACT_ROLES.includes(r));
    if (roles.length === 0) continue;
    verified ??= verifiedArtifactIds(model);
    if (verified.has(element.id)) continue;
    const at = anchorOf(element, 'provenance');
    out.push({
      code: 'unverified-ml-artifact',
      severity: 'warning',
      message: `${capitalise(roles[0].replace('_', ' '))} ${label(element)} comes from ${element.provenance === 'vendor' ? 'a vendor' : 'an external source'} and no threat targeting it links an artifact verification mitigation (AML.M0014 Verify AI Artifacts, AML.M0013 Code Signing).`,
      start: at.start,
      end: at.end,
      data: { elementId: element.id, roles },
    });
  }
  return out;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
