// One parsed .threatmodel text: the YAML tree (the source map), the model, the symbol table and
// the line index. Everything that answers questions about a file starts from a ParsedDocument.
import { buildModel } from './model/build';
import { collectSymbols, type SymbolTable } from './model/symbols';
import type { ThreatModel } from './model/types';
import { LineIndex } from './text/lineIndex';
import { parseYaml, type YamlParseResult } from './yaml/parse';

export interface ParsedDocument {
  text: string;
  lines: LineIndex;
  yaml: YamlParseResult;
  model: ThreatModel;
  symbols: SymbolTable;
}

export function parseDocument(text: string): ParsedDocument {
  const yaml = parseYaml(text);
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
    // Find the first invalid byte for the message.
    let offset = 0;
    for (let i = 0; i < bytes.length; i++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, i + 1), { stream: true });
      } catch {
        offset = i;
        break;
      }
    }
    return { error: `The file is not valid UTF-8 (first invalid byte at offset ${offset}).`, offset };
  }
}
