// Turning command-line operands into files: plain paths (must exist), directories (their
// .threatmodel files) and globs (must match something); the repository root; reading bytes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { expandGlob, hasMagic } from './glob';
import { UsageError } from './io';

/** The git toplevel above `cwd` (a directory holding `.git`), else `cwd` itself. */
export function repositoryRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}

/** Forward-slash path of `file` relative to `base` (used for display and SARIF URIs). */
export function relativePath(base: string, file: string): string {
  const rel = relative(base, file);
  return (rel === '' ? '.' : rel).split('\\').join('/');
}

/**
 * Expands operands to absolute file paths, in the order given, without duplicates. A plain path
 * that does not exist, or a glob that matches nothing, is a usage error with a clear message.
 */
export function resolveInputs(operands: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const abs = resolve(cwd, file);
    if (!seen.has(abs)) {
      seen.add(abs);
      out.push(abs);
    }
  };
  for (const operand of operands) {
    if (hasMagic(operand) && !existsSync(resolve(cwd, operand))) {
      let matches: string[];
      try {
        matches = expandGlob(operand, cwd);
      } catch (error) {
        throw new UsageError(`Bad pattern: ${error instanceof Error ? error.message : String(error)}.`);
      }
      if (matches.length === 0) {
        throw new UsageError(`No files match '${operand}' (searched from ${cwd}; node_modules and .git are skipped). Quote the pattern so the shell does not expand it.`);
      }
      matches.forEach(add);
      continue;
    }
    const abs = isAbsolute(operand) ? operand : resolve(cwd, operand);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new UsageError(`File not found: ${operand}`);
    }
    if (isDir) {
      const inDir = expandGlob('**/*.threatmodel', abs).map((p) => join(abs, p));
      if (inDir.length === 0) throw new UsageError(`The directory '${operand}' holds no .threatmodel files.`);
      inDir.forEach(add);
    } else {
      add(abs);
    }
  }
  return out;
}

/** Reads a file's bytes; unreadable files become a usage error naming the reason. */
export function readBytes(file: string, shown: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code === 'ENOENT' ? 'file not found' : String((error as Error).message ?? error);
    throw new UsageError(`Cannot read ${shown}: ${reason}.`);
  }
}
