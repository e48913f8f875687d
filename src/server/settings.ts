// The `threatmodel` configuration section as the server sees it, per document. Read with
// workspace/configuration when the client supports it (scoped to the document), otherwise from
// initializationOptions (or didChangeConfiguration's pushed settings), otherwise defaults. Builds
// the CheckOptions that checkDocument takes, including a sandboxed `fileExists`.
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { SEVERITIES, type CheckOptions, type Severity } from '../core';

/** Default delay between the last keystroke and re-checking a document, in milliseconds. */
export const DEFAULT_DEBOUNCE_MS = 200;

/** How long to wait for the client's answer to workspace/configuration. */
const CONFIGURATION_TIMEOUT_MS = 3000;

export interface ThreatModelSettings {
  diagnostics: {
    severity: Record<string, Severity | 'off'>;
    debounceMs: number;
    /** Other `threatmodel.diagnostics.*` settings (unmitigatedErrorBand, coverageHints, ...). */
    [key: string]: unknown;
  };
  /** Every other `threatmodel.*` setting, passed through to CheckOptions (dreadScale, coverageHints, ...). */
  [key: string]: unknown;
}

export function defaultSettings(): ThreatModelSettings {
  return { diagnostics: { severity: {}, debounceMs: DEFAULT_DEBOUNCE_MS } };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Normalises a raw `threatmodel` section (any shape the client sends) into settings. */
export function normaliseSettings(raw: unknown): ThreatModelSettings {
  const out = defaultSettings();
  if (!isObject(raw)) return out;
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'diagnostics') out[key] = value;
  }
  // Accept both nested objects and flattened dotted keys ("diagnostics.severity").
  const diagnostics = isObject(raw.diagnostics) ? raw.diagnostics : {};
  for (const [key, value] of Object.entries(diagnostics)) {
    if (key !== 'severity' && key !== 'debounceMs') out.diagnostics[key] = value;
  }
  const severity = diagnostics.severity ?? raw['diagnostics.severity'];
  if (isObject(severity)) {
    for (const [code, level] of Object.entries(severity)) {
      if (typeof level === 'string' && (level === 'off' || (SEVERITIES as readonly string[]).includes(level))) {
        out.diagnostics.severity[code] = level as Severity | 'off';
      }
    }
  }
  const debounce = diagnostics.debounceMs ?? raw['diagnostics.debounceMs'];
  if (typeof debounce === 'number' && Number.isFinite(debounce)) {
    out.diagnostics.debounceMs = Math.max(0, Math.min(5000, Math.round(debounce)));
  }
  return out;
}

/**
 * Whether `relative` names an existing file inside `folder`. Absolute paths, `..` escapes, NULs
 * and symlinks leading outside the folder are refused (false): model files are untrusted and must
 * not probe the rest of the disk.
 */
export function existsInFolder(folder: string, relative: string): boolean {
  if (typeof relative !== 'string' || relative.trim() === '' || relative.includes('\0')) return false;
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) return false;
  const segments = relative.split(/[\\/]+/);
  if (segments.includes('..')) return false;
  const root = path.resolve(folder);
  const full = path.resolve(root, relative);
  if (full !== root && !full.startsWith(root + path.sep)) return false;
  try {
    if (!existsSync(full)) return false;
    const realRoot = realpathSync(root);
    const real = realpathSync(full);
    return real === realRoot || real.startsWith(realRoot + path.sep);
  } catch {
    return false;
  }
}

/** Workspace folder paths (file system) from URIs. Non-file URIs are ignored. */
export function folderPaths(uris: readonly string[]): string[] {
  const out: string[] = [];
  for (const uri of uris) {
    try {
      if (uri.startsWith('file:')) out.push(path.resolve(fileURLToPath(uri)));
    } catch {
      // ignore malformed folder URIs
    }
  }
  return out;
}

/** The workspace folder (longest match) that contains a document, if any. */
export function folderOf(documentUri: string, folders: readonly string[]): string | undefined {
  let file: string;
  try {
    if (!documentUri.startsWith('file:')) return undefined;
    file = path.resolve(fileURLToPath(documentUri));
  } catch {
    return undefined;
  }
  let best: string | undefined;
  for (const folder of folders) {
    if ((file === folder || file.startsWith(folder + path.sep)) && (!best || folder.length > best.length)) best = folder;
  }
  return best;
}

export class SettingsService {
  private readonly cache = new Map<string, Promise<ThreatModelSettings>>();
  private readonly resolved = new Map<string, ThreatModelSettings>();
  private pushed: ThreatModelSettings;
  private folders: string[] = [];
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly supportsConfiguration: boolean,
    initializationOptions: unknown,
  ) {
    const init = isObject(initializationOptions) ? initializationOptions : {};
    this.pushed = normaliseSettings(isObject(init.threatmodel) ? init.threatmodel : init);
  }

  setWorkspaceFolders(uris: readonly string[]): void {
    this.folders = folderPaths(uris);
  }

  workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** Called from didChangeConfiguration: drops the cache (and takes pushed settings if any). */
  changed(pushedSettings: unknown): void {
    if (isObject(pushedSettings) && isObject(pushedSettings.threatmodel)) {
      this.pushed = normaliseSettings(pushedSettings.threatmodel);
    }
    this.cache.clear();
    this.resolved.clear();
    for (const listener of [...this.listeners]) listener();
  }

  /** Listeners run after the settings changed (e.g. to re-validate open documents). */
  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Settings for a document (cached until the configuration changes). */
  get(uri: string): Promise<ThreatModelSettings> {
    let pending = this.cache.get(uri);
    if (!pending) {
      pending = this.fetch(uri).then((s) => {
        this.resolved.set(uri, s);
        return s;
      });
      this.cache.set(uri, pending);
    }
    return pending;
  }

  /**
   * Settings not tied to a document (window-scoped ones such as `threatmodel.analysis.atlasCatalog`):
   * workspace/configuration without a scope, else the pushed/default ones. Not cached.
   */
  window(): Promise<ThreatModelSettings> {
    return this.fetch(undefined);
  }

  /** The settings already known for a document (no round trip), else the pushed/default ones. */
  peek(uri: string): ThreatModelSettings {
    return this.resolved.get(uri) ?? this.pushed;
  }

  /** Forget a closed document's settings. */
  forget(uri: string): void {
    this.cache.delete(uri);
    this.resolved.delete(uri);
  }

  /** CheckOptions for a document: severity overrides, fileExists, and the pass-through settings. */
  async checkOptions(uri: string): Promise<CheckOptions> {
    return this.buildOptions(uri, await this.get(uri));
  }

  buildOptions(uri: string, settings: ThreatModelSettings): CheckOptions {
    const options: CheckOptions = {};
    for (const [key, value] of Object.entries(settings)) {
      if (key !== 'diagnostics') options[key] = value;
    }
    // Nested settings are also offered flattened in camelCase (`threatmodel.dread.scale` ->
    // `options.dreadScale`, `threatmodel.coverage.hints` -> `options.coverageHints`).
    // `threatmodel.diagnostics.coverageHints` -> `options.diagnosticsCoverageHints`; severity and
    // debounceMs are the server's own and are not passed on.
    for (const [key, value] of Object.entries(settings)) {
      if (!isObject(value)) continue;
      for (const [sub, subValue] of Object.entries(value)) {
        if (key === 'diagnostics' && (sub === 'severity' || sub === 'debounceMs')) continue;
        const flat = key + sub.charAt(0).toUpperCase() + sub.slice(1);
        if (!(flat in options)) options[flat] = subValue;
      }
    }
    options.severity = { ...settings.diagnostics.severity };
    const folder = folderOf(uri, this.folders);
    // A document outside every workspace folder (untitled, virtual, elsewhere on disk) has no
    // folder to resolve evidence paths against: leave them unchecked rather than report them missing.
    if (folder) options.fileExists = (relative: string) => existsInFolder(folder, relative);
    return options;
  }

  private async fetch(uri: string | undefined): Promise<ThreatModelSettings> {
    if (!this.supportsConfiguration) return this.pushed;
    try {
      // A client that never answers must not stall diagnostics or hovers: fall back after a while.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CONFIGURATION_TIMEOUT_MS)));
      const raw: unknown = await Promise.race([
        this.connection.workspace.getConfiguration(uri === undefined ? { section: 'threatmodel' } : { scopeUri: uri, section: 'threatmodel' }),
        timeout,
      ]).finally(() => clearTimeout(timer));
      if (raw === 'timeout') {
        this.connection.console.warn(`threatmodel: the client did not answer workspace/configuration within ${CONFIGURATION_TIMEOUT_MS} ms; using defaults.`);
        if (uri !== undefined) this.cache.delete(uri);
        return this.pushed;
      }
      return raw === null || raw === undefined ? this.pushed : normaliseSettings(raw);
    } catch (error) {
      this.connection.console.warn(`threatmodel: could not read settings (${String(error)}); using defaults.`);
      return this.pushed;
    }
  }
}
