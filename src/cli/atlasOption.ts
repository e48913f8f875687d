// The shared `--atlas-catalog FILE` option of the commands that run the analysis engine (analyze,
// check, report): use a MITRE ATLAS catalog imported with `threatmodel catalog import-atlas` instead
// of the bundled one. A file that cannot be used is a usage error (exit 2) naming the file and why.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeUtf8, parseAtlasCatalog, setAtlasCatalog } from '../core';
import { str, type FlagSpec, type ParsedArgs } from './args';
import { readBytes } from './files';
import { UsageError } from './io';

/** Add to a command's flag list. */
export const ATLAS_CATALOG_FLAG: FlagSpec = { name: 'atlas-catalog', type: 'string' };

/** The option's lines for a command's usage text, descriptions starting at `column`. */
export function atlasCatalogUsage(column: number): string {
  const flag = '  --atlas-catalog FILE';
  const pad = (text: string) => ' '.repeat(Math.max(1, column - text.length));
  return `${flag}${pad(flag)}Use this MITRE ATLAS catalog (written by 'threatmodel catalog\n${' '.repeat(column)}import-atlas') instead of the bundled one`;
}

/** Largest catalog file read (bytes); the bundled one is about 45 kB. */
const MAX_BYTES = 8 * 1024 * 1024;

/** Whether a user catalog is installed (commands may run in one process, e.g. in tests). */
let userCatalog = false;

/**
 * Installs the catalog named by `--atlas-catalog`, or the bundled one when the option is absent.
 * Throws a UsageError for a missing, unreadable or inconsistent file. Returns the catalog version in use
 * when a user catalog was installed.
 */
export function useAtlasCatalogOption(args: ParsedArgs, cwd: string): string | undefined {
  const shown = str(args, ATLAS_CATALOG_FLAG.name);
  if (shown === undefined) {
    if (userCatalog) setAtlasCatalog(undefined);
    userCatalog = false;
    return undefined;
  }
  if (shown.trim() === '') throw new UsageError('--atlas-catalog needs a file name.');
  const file = resolve(cwd, shown);
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    // readBytes reports the reason.
  }
  if (size > MAX_BYTES) throw new UsageError(`ATLAS catalog ${shown} is too large (${size} bytes; the limit is ${MAX_BYTES}).`);
  const decoded = decodeUtf8(readBytes(file, shown));
  if ('error' in decoded) throw new UsageError(`ATLAS catalog ${shown}: ${decoded.error}`);
  try {
    const catalog = parseAtlasCatalog(decoded.text, shown);
    setAtlasCatalog(catalog, shown);
    userCatalog = true;
    return catalog.version;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `ATLAS catalog ${message.startsWith(`${shown}: `) ? message : `${shown}: ${message}`} (make one with 'threatmodel catalog import-atlas ATLAS.yaml -o FILE').`,
    );
  }
}
