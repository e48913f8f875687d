// A user-imported MITRE ATLAS catalog in the language server.
// - Setting `threatmodel.analysis.atlasCatalog`: path of a catalog file written by the importer
//   (`threatmodel catalog import-atlas` or the "Import MITRE ATLAS Catalog..." command); relative
//   paths resolve against the first workspace folder, `~/` against the home folder. The file is read
//   here (core never touches the disk), parsed and installed with setAtlasCatalog, and every open
//   document is re-validated. A file that cannot be used is reported with a window/showMessage
//   warning naming it and the reason, and the bundled catalog stays in use. Re-read when the
//   configuration changes and on the `threatmodel/atlasCatalogChanged` notification (sent by the
//   extension after it rewrote the file at an unchanged path).
// - Request `threatmodel/importAtlas {text}`: converts an official ATLAS.yaml into catalog text, so
//   the extension bundle does not carry the importer.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { LSPErrorCodes, MessageType, ResponseError } from 'vscode-languageserver/node';
import {
  atlasCatalog,
  bundledAtlasSummaries,
  decodeUtf8,
  importAtlas,
  parseAtlasCatalog,
  serializeAtlasCatalog,
  setAtlasCatalog,
  type AtlasCatalog,
} from '../core';
import type { ServerFeature } from './features';
import type { ThreatModelSettings } from './settings';

/** Largest catalog file read (bytes). The bundled catalog is about 45 kB. */
export const MAX_ATLAS_CATALOG_BYTES = 8 * 1024 * 1024;

export interface ImportAtlasParams {
  /** The text of an official ATLAS.yaml. */
  text: string;
}

export interface ImportAtlasResult {
  /** The catalog file to write (the format `threatmodel.analysis.atlasCatalog` reads). */
  catalogYaml: string;
  version: string;
  counts: { tactics: number; techniques: number; mitigations: number };
  warnings: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `analysis.atlasCatalog` value of a settings section (nested, dotted or flattened), trimmed; '' when unset. */
export function atlasCatalogSetting(settings: ThreatModelSettings | Record<string, unknown>): string {
  const analysis = settings.analysis;
  const value = (isObject(analysis) ? analysis.atlasCatalog : undefined) ?? settings['analysis.atlasCatalog'] ?? settings.analysisAtlasCatalog;
  return typeof value === 'string' ? value.trim() : '';
}

/** Absolute path of the setting's value: `~/` is the home folder, relative paths start at `folder`. */
export function resolveCatalogPath(value: string, folder: string | undefined): string {
  if (value.includes('\0')) throw new Error('the path contains a NUL character');
  if (value === '~' || value.startsWith('~/') || value.startsWith('~\\')) return path.join(homedir(), value.slice(1));
  if (path.isAbsolute(value)) return path.normalize(value);
  if (!folder) throw new Error('it is a relative path and no workspace folder is open to resolve it against; use an absolute path');
  return path.resolve(folder, value);
}

/** Reads and validates a catalog file; throws an Error saying what is wrong (the file is named by the caller). */
export function readAtlasCatalogFile(file: string, shown: string): AtlasCatalog {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('it is not a file');
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error('the file does not exist');
    throw error instanceof Error ? error : new Error(String(error));
  }
  if (size > MAX_ATLAS_CATALOG_BYTES) throw new Error(`the file is too large (${size} bytes; the limit is ${MAX_ATLAS_CATALOG_BYTES})`);
  const decoded = decodeUtf8(readFileSync(file));
  if ('error' in decoded) throw new Error(decoded.error);
  // parseAtlasCatalog prefixes its messages with `shown`; strip it so the caller names the file once.
  try {
    return parseAtlasCatalog(decoded.text, shown);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.startsWith(`${shown}: `) ? message.slice(shown.length + 2) : message);
  }
}

function fileKey(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return `${file}|${stat.size}|${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function counts(c: AtlasCatalog): ImportAtlasResult['counts'] {
  return { tactics: c.tactics.length, techniques: c.techniques.length, mitigations: c.mitigations.length };
}

export const atlasCatalogFeature: ServerFeature = (ctx) => {
  const { connection, settings } = ctx;
  /** Bumped per reload: a slower, older reload never overrides a newer one. */
  let generation = 0;
  /** The value the installed user catalog came from ('' = the bundled catalog). */
  let installed = '';
  /** Path, size and modification time of the installed file. */
  let installedKey: string | undefined;

  const reload = ctx.safeNotify('ATLAS catalog', async (force: boolean) => {
    const mine = ++generation;
    const value = atlasCatalogSetting(await settings.window());
    if (mine !== generation) return;
    if (!value) {
      if (installed) {
        setAtlasCatalog(undefined);
        installed = '';
        installedKey = undefined;
        connection.console.info('threatmodel: using the bundled ATLAS catalog.');
        ctx.revalidateAll();
      }
      return;
    }
    try {
      const file = resolveCatalogPath(value, settings.workspaceFolders()[0]);
      // Unchanged setting and file (e.g. another setting changed): nothing to re-read.
      const key = fileKey(file);
      if (!force && key && key === installedKey && installed === value) return;
      const catalog = readAtlasCatalogFile(file, value);
      installedKey = key;
      setAtlasCatalog(catalog, value);
      installed = value;
      const c = counts(catalog);
      connection.console.info(
        `threatmodel: using the ATLAS catalog ${value} (ATLAS ${catalog.version}: ${c.tactics} tactics, ${c.techniques} techniques, ${c.mitigations} mitigations).`,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      setAtlasCatalog(undefined);
      installed = '';
      installedKey = undefined;
      const bundled = atlasCatalog().version;
      const message = `Threat Model: the ATLAS catalog ${value} (setting threatmodel.analysis.atlasCatalog) cannot be used: ${reason}. Using the bundled ATLAS ${bundled} catalog instead.`;
      connection.console.warn(`threatmodel: ATLAS catalog ${value}: ${reason}`);
      void connection.sendNotification('window/showMessage', { type: MessageType.Warning, message });
    }
    ctx.revalidateAll();
  });

  ctx.onInitialized(() => reload(false));
  settings.onDidChange(() => reload(false));
  connection.onNotification('threatmodel/atlasCatalogChanged', () => reload(true));

  connection.onRequest(
    'threatmodel/importAtlas',
    ctx.safeRequest<ImportAtlasParams, ImportAtlasResult | null>('importAtlas', null, (params) => {
      if (!params || typeof params.text !== 'string') {
        throw new ResponseError(LSPErrorCodes.RequestFailed, 'threatmodel/importAtlas needs {text}: the contents of an ATLAS.yaml file.');
      }
      let catalogYaml: string;
      let result;
      try {
        result = importAtlas(params.text, bundledAtlasSummaries());
        catalogYaml = serializeAtlasCatalog(result.catalog);
        // What the setting will read back must be accepted, or nothing is worth writing.
        parseAtlasCatalog(catalogYaml, 'imported catalog');
      } catch (error) {
        throw new ResponseError(LSPErrorCodes.RequestFailed, error instanceof Error ? error.message : String(error));
      }
      return { catalogYaml, version: result.catalog.version, counts: counts(result.catalog), warnings: result.warnings };
    }),
  );
};
