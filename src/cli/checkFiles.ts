// Runs the editor's checks over files from disk: bytes -> UTF-8 (invalid bytes become an
// `invalid-encoding` diagnostic) -> parseDocument -> checkDocument with evidence paths resolved
// against the repository root.
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { checkDocument, codeInfo, decodeUtf8, LineIndex, parseDocument, type Diagnostic, type ParsedDocument } from '../core/index';
import { readBytes, relativePath } from './files';

export interface CheckedFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the working directory, forward slashes (for people). */
  shown: string;
  /** Path relative to the repository root, forward slashes (for SARIF). */
  uri: string;
  text: string;
  lines: LineIndex;
  /** Absent when the file could not be decoded. */
  doc?: ParsedDocument;
  diagnostics: Diagnostic[];
}

/** Whether a repository-relative path exists, refusing paths that climb out of the root. */
export function evidenceExists(root: string): (path: string) => boolean {
  return (path: string) => {
    if (!path || isAbsolute(path)) return false;
    const abs = resolve(root, path);
    const rel = relative(root, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) return false;
    return existsSync(abs);
  };
}

export function checkFile(path: string, cwd: string, root: string): CheckedFile {
  const shown = relativePath(cwd, path);
  const rel = relativePath(root, path);
  // Outside the repository: an absolute path (SARIF writes it as a file: URI).
  const uri = rel.startsWith('../') ? path.split('\\').join('/') : rel;
  const bytes = readBytes(path, shown);
  return checkBytes(bytes, { path, shown, uri, root });
}

export function checkBytes(bytes: Uint8Array, where: { path: string; shown: string; uri: string; root: string }): CheckedFile {
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) {
    // Show the valid prefix so the position of the bad byte is a real line/column.
    const text = new TextDecoder('utf-8').decode(bytes.subarray(0, decoded.offset));
    const lines = new LineIndex(text);
    const diagnostic: Diagnostic = {
      code: 'invalid-encoding',
      severity: codeInfo('invalid-encoding')?.severity ?? 'error',
      message: decoded.error,
      start: text.length,
      end: text.length,
    };
    return { ...where, text, lines, diagnostics: [diagnostic] };
  }
  const doc = parseDocument(decoded.text);
  const diagnostics = checkDocument(doc, { fileExists: evidenceExists(where.root) });
  return { ...where, text: doc.text, lines: doc.lines, doc, diagnostics };
}
