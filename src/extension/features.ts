// How client features plug in. A feature is a function that receives the extension context, the
// (not necessarily started) language client and the "Threat Model" log channel once, at
// activation. It registers its commands, views and listeners and pushes every disposable onto
// `context.subscriptions`. To add one: write `src/extension/<name>/...` exporting an
// ExtensionFeature, then add one import and one array entry in `src/extension/featureList.ts`.
//
// Keep activation cheap: register handlers, do the work when a command runs. If a feature needs
// the server, await `client.start()`-independent readiness through `whenClientReady(client)`.
import * as vscode from 'vscode';
import type { LanguageClient } from './lsp/languageClient';

export interface ExtensionFeatureContext {
  context: vscode.ExtensionContext;
  client: LanguageClient;
  output: vscode.LogOutputChannel;
}

export type ExtensionFeature = (ctx: ExtensionFeatureContext) => void | Promise<void>;

/** Resolves when the client is running (immediately if it already is). Rejects after `timeoutMs`. */
export function whenClientReady(client: LanguageClient, timeoutMs = 30_000): Promise<void> {
  if (client.state === 'running') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the Threat Model language server did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = client.onDidChangeState((state) => {
      if (state === 'running') {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  });
}
