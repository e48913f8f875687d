// Reference integrity: duplicate ids, references to ids that do not exist (with the closest id
// as a suggestion), cycles in boundary nesting, and flows from an element to itself.
import type { Diagnostic } from '../diagnostics/types';
import { KIND_LABEL } from '../schema/fields';
import type { ThreatModel } from '../model/types';
import type { LineIndex } from '../text/lineIndex';
import { idsOf, resolve, type SymbolTable } from '../model/symbols';
import { closest } from '../text/similar';
import { getValue } from '../yaml/tree';

/**
 * Bound on the "did you mean" work per check, in candidate comparisons. Each unresolved reference
 * is compared with every id of its kinds, so a file of n broken references to n ids cost n² edit
 * distances (8,000 broken flows: 31 s); past the bound the errors come without a suggestion.
 */
export const MAX_SUGGESTION_COMPARISONS = 500_000;

export function validateReferences(model: ThreatModel, symbols: SymbolTable, lines: LineIndex): Diagnostic[] {
  const out: Diagnostic[] = [];

  // Ids are unique across the whole model: a threat target may name an element or a flow,
  // so an element and a flow sharing an id would be ambiguous.
  const seen = new Map<string, (typeof symbols.definitions)[number]>();
  for (const def of symbols.definitions) {
    const first = seen.get(def.id);
    if (!first) {
      seen.set(def.id, def);
      continue;
    }
    out.push({
      code: 'duplicate-id',
      severity: 'error',
      message: `Duplicate id '${def.id}': already used by the ${KIND_LABEL[first.kind]} on line ${lines.positionAt(first.node.start).line + 1}.`,
      start: def.node.start,
      end: def.node.end,
      data: { id: def.id, firstStart: first.node.start },
      related: [{ start: first.node.start, end: first.node.end, message: `First definition of '${def.id}'` }],
    });
  }

  const candidatesByKinds = new Map<string, string[]>();
  let comparisons = 0;
  for (const ref of symbols.references) {
    if (resolve(symbols, ref)) continue;
    const kindsKey = ref.kinds.join(',');
    let candidates = candidatesByKinds.get(kindsKey);
    if (!candidates) candidatesByKinds.set(kindsKey, (candidates = idsOf(symbols, ref.kinds)));
    let suggestion: string | undefined;
    if (comparisons + candidates.length <= MAX_SUGGESTION_COMPARISONS) {
      comparisons += candidates.length;
      suggestion = closest(ref.id, candidates);
    }
    const what = ref.kinds.map((k) => KIND_LABEL[k]).join(' or ');
    out.push({
      code: 'unresolved-reference',
      severity: 'error',
      message: `No ${what} with id '${ref.id}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
      start: ref.node.start,
      end: ref.node.end,
      data: { id: ref.id, kinds: [...ref.kinds], field: ref.field, suggestion },
    });
  }

  // Boundary nesting must be a forest.
  const reported = new Set<string>();
  for (const boundary of model.boundaries) {
    const chain = new Set<string>([boundary.id]);
    let parent = boundary.parent;
    let steps = 0;
    while (parent && steps++ < 1000) {
      if (chain.has(parent)) {
        if (!reported.has(boundary.id)) {
          const node = getValue(boundary.node, 'parent');
          if (node) {
            out.push({
              code: 'boundary-cycle',
              severity: 'error',
              message: `Trust boundary '${boundary.id}' is nested inside itself (${[...chain, parent].join(' -> ')}).`,
              start: node.start,
              end: node.end,
            });
          }
          for (const id of chain) reported.add(id);
        }
        break;
      }
      chain.add(parent);
      parent = model.index.boundaries.get(parent)?.parent;
    }
  }

  for (const flow of model.flows) {
    if (flow.from && flow.from === flow.to) {
      const node = getValue(flow.node, 'to');
      if (node) {
        out.push({
          code: 'self-flow',
          severity: 'warning',
          message: `Data flow '${flow.id}' goes from '${flow.from}' to itself.`,
          start: node.start,
          end: node.end,
        });
      }
    }
  }
  return out;
}
