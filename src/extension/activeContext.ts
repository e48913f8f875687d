// Maintains the `threatmodel.active` context key: true while the active text editor shows a
// threat model. Teammates' menus and keybindings use it in their `when` clauses.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from './client';
import type { ExtensionFeature } from './features';

export const ACTIVE_CONTEXT_KEY = 'threatmodel.active';

export function isThreatModelEditor(editor: vscode.TextEditor | undefined): boolean {
  return !!editor && editor.document.languageId === LANGUAGE_ID;
}

export const activeEditorContextFeature: ExtensionFeature = ({ context }) => {
  let last: boolean | undefined;
  const update = () => {
    const active = isThreatModelEditor(vscode.window.activeTextEditor);
    if (active === last) return;
    last = active;
    void vscode.commands.executeCommand('setContext', ACTIVE_CONTEXT_KEY, active);
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(update),
    // A file's language can change after it opened (e.g. "Change Language Mode").
    vscode.workspace.onDidOpenTextDocument(() => update()),
  );
  update();
};
