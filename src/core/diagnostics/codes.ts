// Every diagnostic code the product emits, with its default severity and its documentation.
// `docs/diagnostics.md`, the SARIF rules and the severity settings are derived from this table;
// a test checks that every code emitted anywhere is registered here and documented.
import type { Severity } from './types';

export interface CodeInfo {
  code: string;
  severity: Severity;
  /** One line: what is wrong. */
  title: string;
  /** Why it matters and how to fix it. */
  help: string;
  /** Grouping for docs and settings. */
  category: 'yaml' | 'schema' | 'reference' | 'mitigation' | 'analysis' | 'dread' | 'rules';
}

const codes = new Map<string, CodeInfo>();

export function registerCodes(infos: CodeInfo[]): void {
  for (const info of infos) codes.set(info.code, info);
}

export function codeInfo(code: string): CodeInfo | undefined {
  return codes.get(code);
}

export function allCodes(): CodeInfo[] {
  return [...codes.values()];
}

registerCodes([
  { code: 'yaml-syntax', severity: 'error', category: 'yaml', title: 'The file is not valid YAML.', help: 'Fix the YAML at the position shown; until then the editor keeps serving the last valid version of the model.' },
  { code: 'yaml-duplicate-key', severity: 'error', category: 'yaml', title: 'A key appears twice in the same mapping.', help: 'Only the first occurrence is used. Remove or rename the second one.' },
  { code: 'yaml-too-large', severity: 'error', category: 'yaml', title: 'The file is too large to analyse.', help: 'Split the model into several files.' },
  { code: 'yaml-too-many-aliases', severity: 'error', category: 'yaml', title: 'The file uses too many YAML aliases.', help: 'Aliases are bounded to protect against alias bombs. Write the values out.' },
  { code: 'yaml-unknown-alias', severity: 'error', category: 'yaml', title: 'An alias refers to an anchor that is not defined before it.', help: 'Define the anchor (`&name`) before using the alias (`*name`).' },
  { code: 'yaml-multiple-documents', severity: 'warning', category: 'yaml', title: 'The file holds more than one YAML document.', help: 'Only the first document is read. Move other models to their own files.' },
  { code: 'invalid-encoding', severity: 'error', category: 'yaml', title: 'The file is not valid UTF-8 text.', help: 'Save the file as UTF-8.' },
  { code: 'empty-model', severity: 'error', category: 'schema', title: 'The file is empty.', help: 'Start with `threatmodel: 1` and a `title:`; the `Threat Model: New Model` snippet gives a skeleton.' },
  { code: 'invalid-root', severity: 'error', category: 'schema', title: 'The top level of the file is not a mapping.', help: 'A threat model is a YAML mapping that starts with `threatmodel: 1`.' },
  { code: 'missing-version', severity: 'error', category: 'schema', title: 'The `threatmodel:` version key is missing.', help: 'Add `threatmodel: 1` at the top of the file.' },
  { code: 'unsupported-version', severity: 'error', category: 'schema', title: 'The format version is not supported.', help: 'This extension reads version 1 of the format.' },
  { code: 'unknown-key', severity: 'warning', category: 'schema', title: 'A key that the format does not define.', help: 'Check the spelling (the message suggests the closest key) or remove it. Keys starting with `x-` are reserved for your own extensions and never flagged.' },
  { code: 'missing-key', severity: 'error', category: 'schema', title: 'A required key is missing.', help: 'Add the key named in the message.' },
  { code: 'invalid-type', severity: 'error', category: 'schema', title: 'A value has the wrong type.', help: 'The message says which type is expected (text, number, true/false, list, mapping).' },
  { code: 'invalid-value', severity: 'error', category: 'schema', title: 'A value is not one of the allowed values.', help: 'Use one of the values listed in the message; completion (Ctrl+Space) offers them.' },
  { code: 'invalid-id', severity: 'error', category: 'schema', title: 'An id contains characters that are not allowed.', help: 'Ids use letters, digits and `_ . : -`, and start with a letter or digit.' },
  { code: 'duplicate-id', severity: 'error', category: 'reference', title: 'Two entries of the model share an id.', help: 'Ids must be unique within the model; references would be ambiguous. Rename one of them (F2 renames all references).' },
  { code: 'unresolved-reference', severity: 'error', category: 'reference', title: 'A reference names an id that is not defined.', help: 'Define the missing entry or correct the id; the quick fix suggests the closest existing id.' },
  { code: 'boundary-cycle', severity: 'error', category: 'reference', title: 'Trust boundaries nest inside each other in a cycle.', help: 'A boundary cannot be its own ancestor. Fix the `parent:` chain.' },
  { code: 'self-flow', severity: 'warning', category: 'reference', title: 'A data flow goes from an element to itself.', help: 'Model the internal step as a separate process, or remove the flow.' },
]);

registerCodes([
  { code: 'internal-error', severity: 'error', category: 'schema', title: 'A check failed unexpectedly.', help: 'This is a bug in the extension; the other checks still ran. Please report it with the model that triggers it.' },
]);
