// Go to definition, find references and rename for ids. Offsets only; the symbol table of the
// parsed document (src/core/model/symbols.ts) knows every definition and reference.
import type { ParsedDocument } from '../document';
import { resolve, symbolAt, type IdDefinition } from '../model/symbols';
import { ID_PATTERN, KIND_LABEL } from '../schema/fields';

export interface Span {
  start: number;
  end: number;
}

export interface TextEdit extends Span {
  newText: string;
}

/** The definition the symbol at the offset names (a definition names itself). */
export function definitionTarget(doc: ParsedDocument, offset: number): IdDefinition | undefined {
  const hit = symbolAt(doc.symbols, offset);
  if (!hit) return undefined;
  if (hit.definition) return hit.definition;
  if (hit.reference) return resolve(doc.symbols, hit.reference);
  return undefined;
}

/** The span of the definition of the id at the offset (reference or definition itself). */
export function definitionAt(doc: ParsedDocument, offset: number): Span | undefined {
  const def = definitionTarget(doc, offset);
  return def ? { start: def.node.start, end: def.node.end } : undefined;
}

/** Every reference that resolves to a definition. */
function referencesTo(doc: ParsedDocument, def: IdDefinition): Span[] {
  const out: Span[] = [];
  for (const ref of doc.symbols.references) {
    if (ref.id === def.id && resolve(doc.symbols, ref) === def) out.push({ start: ref.node.start, end: ref.node.end });
  }
  return out;
}

function unique(spans: Span[]): Span[] {
  const seen = new Set<number>();
  const out: Span[] = [];
  for (const s of spans.sort((a, b) => a.start - b.start)) {
    if (seen.has(s.start)) continue;
    seen.add(s.start);
    out.push(s);
  }
  return out;
}

/** All references to the id at the offset, in text order; with the declaration when asked. */
export function referencesAt(doc: ParsedDocument, offset: number, includeDeclaration: boolean): Span[] {
  const def = definitionTarget(doc, offset);
  if (!def) {
    // An unresolved reference: list the other references spelling the same id.
    const hit = symbolAt(doc.symbols, offset);
    if (!hit?.reference) return [];
    const ref = hit.reference;
    return unique(
      doc.symbols.references
        .filter((r) => r.id === ref.id && r.kinds.some((k) => ref.kinds.includes(k)))
        .map((r) => ({ start: r.node.start, end: r.node.end })),
    );
  }
  const spans = referencesTo(doc, def);
  if (includeDeclaration) spans.push({ start: def.node.start, end: def.node.end });
  return unique(spans);
}

export type PrepareRenameResult = (Span & { id: string }) | { error: string };

/** Whether the id at the offset can be renamed, and the span to edit. */
export function prepareRename(doc: ParsedDocument, offset: number): PrepareRenameResult {
  const hit = symbolAt(doc.symbols, offset);
  if (!hit) return { error: 'Only ids (definitions and references) can be renamed.' };
  const def = definitionTarget(doc, offset);
  if (!def) return { error: `'${hit.reference?.id}' is not defined in this model, so there is nothing to rename.` };
  const node = hit.definition?.node ?? hit.reference!.node;
  return { start: node.start, end: node.end, id: def.id };
}

export type RenameResult = { edits: TextEdit[] } | { error: string };

/** Why a new id cannot be used, or undefined when it can. */
export function checkNewId(doc: ParsedDocument, newId: string, current?: string): string | undefined {
  if (!ID_PATTERN.test(newId)) {
    return `'${newId}' is not a valid id: ids use letters, digits and \`_ . : -\`, and start with a letter or digit.`;
  }
  if (newId === current) return undefined;
  const taken = doc.symbols.definitions.find((d) => d.id === newId);
  if (taken) {
    const line = doc.lines.positionAt(taken.node.start).line + 1;
    return `The id '${newId}' is already used by the ${KIND_LABEL[taken.kind]} on line ${line}; ids must be unique in the model.`;
  }
  return undefined;
}

/**
 * Renames the id at the offset: its definition and every reference that resolves to it. Edits
 * replace only the id scalars (quotes, comments and layout stay as they are).
 */
export function renameAt(doc: ParsedDocument, offset: number, newId: string): RenameResult {
  const prepared = prepareRename(doc, offset);
  if ('error' in prepared) return prepared;
  const def = definitionTarget(doc, offset)!;
  const problem = checkNewId(doc, newId, def.id);
  if (problem) return { error: problem };
  if (newId === def.id) return { edits: [] };
  // Duplicate definitions of the same id stay as they are: only this definition is renamed.
  const spans = unique([{ start: def.node.start, end: def.node.end }, ...referencesTo(doc, def)]);
  return { edits: spans.map((s) => ({ ...s, newText: newId })) };
}
