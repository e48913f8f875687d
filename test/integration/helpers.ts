// Shared helpers for the integration suites (bundled into each suite by build-tests).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'threatmodel-as-code.threatmodel-vscode';

/** Metrics collected by the suites, reported by index.suite.ts (shared across bundles). */
export const metrics: Record<string, unknown> = ((globalThis as Record<string, unknown>).__threatmodelMetrics ??=
  {}) as Record<string, unknown>;

/** The workspace folder the runner opened (a copy of examples/). */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri;
}

export function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), name);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns a non-undefined value (or throws after `timeoutMs`). */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await sleep(100);
  }
}

/** Opens a workspace file in an editor. */
export async function openFile(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Writes a new file into the workspace (for test models with deliberate mistakes). */
export async function writeFile(name: string, content: string): Promise<vscode.Uri> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  return uri;
}

/** Diagnostics of a document once the server published some satisfying `ready`. */
export function diagnosticsOf(
  uri: vscode.Uri,
  ready: (d: vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return waitFor(`diagnostics for ${path.basename(uri.path)}`, () => {
    const d = vscode.languages.getDiagnostics(uri);
    return ready(d) ? d : undefined;
  }, timeoutMs);
}

export function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  if (typeof code === 'object') return String(code.value);
  return String(code);
}

/** 0-based line of the first line that contains `needle` (asserts it exists). */
export function lineOf(document: vscode.TextDocument, needle: string, from = 0): number {
  for (let i = from; i < document.lineCount; i++) if (document.lineAt(i).text.includes(needle)) return i;
  assert.fail(`"${needle}" not found in ${path.basename(document.uri.path)}`);
}

/** The 0-based position of the first occurrence of `needle` (plus `delta` characters). */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" not found in ${path.basename(document.uri.path)}`);
  return document.positionAt(offset + delta);
}

/** Lines [start, end) of the list entry `- id: <id>` (up to the next entry at the same indent). */
export function entryLines(document: vscode.TextDocument, id: string): [number, number] {
  const start = lineOf(document, `- id: ${id}`);
  const indent = document.lineAt(start).text.indexOf('-');
  let end = start + 1;
  while (end < document.lineCount) {
    const text = document.lineAt(end).text;
    const firstNonSpace = text.search(/\S/);
    if (firstNonSpace >= 0 && firstNonSpace <= indent && !text.trimStart().startsWith('#')) break;
    end++;
  }
  return [start, end];
}

export async function extensionApi(): Promise<{
  activationMs: number;
  activatedAt: number;
  serverReady: Promise<void>;
  serverStartMs(): number | undefined;
}> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** Closes every editor (between tests) without saving. */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
