// Turning a suggestion into a mitigation entry, and the steps that create it and link it.
import type { ParsedDocument } from '../document';
import { addToIdList, appendToTopLevelList, formatYamlScalar } from '../edits';
import type { Threat } from '../model/types';
import type { IdAllocator } from './ids';
import type { EditPlan } from './plan';
import type { MitigationSuggestion } from './suggestions';

/** The YAML body of a new proposed mitigation for a suggestion. */
export function mitigationYaml(id: string, s: MitigationSuggestion): string {
  const lines = [`id: ${formatYamlScalar(id)}`, `title: ${formatYamlScalar(s.title)}`];
  if (s.description) lines.push(`description: ${formatYamlScalar(s.description)}`);
  lines.push('status: proposed');
  if (s.atlas.length) lines.push(`atlas: [${s.atlas.map(formatYamlScalar).join(', ')}]`);
  if (s.controls.length) lines.push(`controls: [${s.controls.map(formatYamlScalar).join(', ')}]`);
  return lines.join('\n');
}

/** The current mapping of a threat (by id) in a document, for steps after the text changed. */
export function threatNode(doc: ParsedDocument, threatId: string): Threat | undefined {
  return doc.model.index.threats.get(threatId);
}

/** Adds steps that link `mitigationId` from the threat, then create the mitigation (when new). */
export function createAndLink(plan: EditPlan, threatId: string, mitigationId: string, yaml?: string): void {
  plan.step((doc) => {
    const t = threatNode(doc, threatId);
    return t ? addToIdList(doc, t.node, 'mitigations', mitigationId) : [];
  });
  if (yaml !== undefined) plan.step((doc) => appendToTopLevelList(doc, 'mitigations', yaml));
}

export function newMitigation(ids: IdAllocator, s: MitigationSuggestion): { id: string; yaml: string } {
  const id = ids.fresh('mitigation', s.title);
  return { id, yaml: mitigationYaml(id, s) };
}
