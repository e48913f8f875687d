// Client-level commands: restart the language server, show the "Threat Model" output channel.
import * as vscode from 'vscode';
import type { ExtensionFeature } from './features';

export const RESTART_COMMAND = 'threatmodel.restartServer';
export const SHOW_OUTPUT_COMMAND = 'threatmodel.showOutput';

export const clientCommandsFeature: ExtensionFeature = ({ context, client, output }) => {
  context.subscriptions.push(
    vscode.commands.registerCommand(RESTART_COMMAND, async () => {
      output.info('Restarting the language server on request.');
      try {
        await client.restart();
        output.info('The language server is running.');
      } catch (error) {
        output.error(`Could not restart the language server: ${String(error)}`);
        void vscode.window.showErrorMessage(`Threat Model: could not restart the language server (${String(error)}).`);
      }
    }),
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
  );
};
