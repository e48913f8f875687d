// Extension entry point. Activation is cheap: create the "Threat Model" log channel and the
// language client, let each feature (featureList.ts) register itself, then start the server in
// the background. A server that fails to start is reported in the output channel and with one
// notification; the editor keeps working.
import * as vscode from 'vscode';
import { createLanguageClient, showServerError } from './client';
import { FEATURES } from './featureList';
import type { LanguageClient } from './lsp/languageClient';

/** What `activate` returns (reachable through `vscode.extensions.getExtension(...).exports`). */
export interface ThreatModelExtensionApi {
  /** Milliseconds spent inside `activate` (features registered, server start requested). */
  readonly activationMs: number;
  /** `Date.now()` when activate was entered. */
  readonly activatedAt: number;
  /** Resolves once the language server is running; rejects if it could not start. */
  readonly serverReady: Promise<void>;
  /** Milliseconds from activation to the running server (undefined until it runs). */
  serverStartMs(): number | undefined;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): ThreatModelExtensionApi {
  const activatedAt = Date.now();
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Threat Model', { log: true });
  context.subscriptions.push(output);
  client = createLanguageClient(context, output);
  const languageClient = client;

  for (const feature of FEATURES) {
    try {
      const pending = feature({ context, client: languageClient, output });
      if (pending) {
        pending.catch((error: unknown) => output.error(`A feature failed to start: ${describe(error)}`));
      }
    } catch (error) {
      output.error(`A feature failed to start: ${describe(error)}`);
    }
  }

  let serverStartMs: number | undefined;
  const serverReady = languageClient.start().then(
    () => {
      serverStartMs = performance.now() - started;
      output.info(`Language server running (${Math.round(serverStartMs)} ms after activation).`);
    },
    (error: unknown) => {
      output.error(`The language server could not start: ${describe(error)}`);
      showServerError('the language server could not start.');
      throw error;
    },
  );
  // Callers that do not await serverReady must not see an unhandled rejection.
  serverReady.catch(() => undefined);

  const activationMs = performance.now() - started;
  output.info(`Activated in ${activationMs.toFixed(1)} ms.`);
  return { activationMs, activatedAt, serverReady, serverStartMs: () => serverStartMs };
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.dispose(2000);
    } catch {
      // The server may already be gone; nothing left to clean up.
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
