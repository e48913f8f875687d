// Cursor -> diagram: which drawn entity (element, flow or boundary) the cursor's line is in. Pure
// (no vscode import) so it is unit-tested with the core diagram tests.
import type { EntityLocation } from '../../core/diagram/preview';

/** The innermost drawn entity whose YAML mapping spans the line. */
export function entityAtLine(locations: readonly EntityLocation[], line: number): EntityLocation | undefined {
  let best: EntityLocation | undefined;
  for (const loc of locations) {
    if (loc.kind !== 'element' && loc.kind !== 'flow' && loc.kind !== 'boundary') continue;
    if (line < loc.startLine || line > loc.endLine) continue;
    if (!best || loc.endLine - loc.startLine < best.endLine - best.startLine) best = loc;
  }
  return best;
}
