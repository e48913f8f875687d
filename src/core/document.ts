// One parsed .threatmodel text: the YAML tree (the source map), the model, the symbol table and
// the line index. Everything that answers questions about a file starts from a ParsedDocument.
import { buildModel } from './model/build';
import { collectSymbols, type SymbolTable } from './model/symbols';
import type { ThreatModel } from './model/types';
import { LineIndex } from './text/lineIndex';
import { parseYaml, type YamlParseResult } from './yaml/parse';
import { updateYaml } from './yaml/update';

export interface ParsedDocument {
  text: string;
  lines: LineIndex;
  yaml: YamlParseResult;
  model: ThreatModel;
  symbols: SymbolTable;
}

export function parseDocument(text: string): ParsedDocument {
  return fromYaml(text, parseYaml(text));
}

/** Documents made from their previous version without parsing the whole text (see updatedIncrementally). */
const incremental = new WeakSet<ParsedDocument>();

/**
 * The parse of `text`, a new version of `previous.text`: exactly parseDocument(text), but the YAML
 * of an edit inside one list item or top-level value is re-parsed on its own (yaml/update.ts) and
 * the rest of the tree reused. `previous` is left as it was. Model, symbols and lines are rebuilt
 * (linear, and much cheaper than parsing).
 */
export function updateDocument(previous: ParsedDocument, text: string): ParsedDocument {
  return updateDocumentIncrementally(previous, text) ?? parseDocument(text);
}

/**
 * updateDocument when the text need not be parsed whole, else undefined: a caller holding a large
 * previous parse can then let it go before parsing the whole text.
 */
export function updateDocumentIncrementally(previous: ParsedDocument, text: string): ParsedDocument | undefined {
  if (text === previous.text) return previous;
  const yaml = updateYaml(previous.text, previous.yaml, text);
  if (!yaml) return undefined;
  const doc = fromYaml(text, yaml);
  incremental.add(doc);
  return doc;
}

/** True when updateDocument made `doc` from its previous version without parsing the whole text. */
export function updatedIncrementally(doc: ParsedDocument): boolean {
  return incremental.has(doc);
}

function fromYaml(text: string, yaml: YamlParseResult): ParsedDocument {
  const model = buildModel(yaml.root);
  const symbols = collectSymbols(yaml.root);
  return { text, lines: new LineIndex(text), yaml, model, symbols };
}

/**
 * Decodes file bytes as UTF-8. Returns undefined (and the offset of the first bad byte) when the
 * bytes are not valid UTF-8, so callers can report `invalid-encoding` instead of analysing garbage.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: string; offset: number } {
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return { error: `The file is not valid UTF-8 (first invalid byte at offset ${offset}).`, offset };
  }
}

/**
 * Offset of the first byte that starts an invalid or truncated UTF-8 sequence (WHATWG rules:
 * no overlongs, no surrogates, nothing above U+10FFFF). One linear pass.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
