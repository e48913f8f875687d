// "Threat Model: Open Example": opens one of the reference models shipped with the extension
// (examples/*.threatmodel inside the extension folder) as a new untitled document, so trying the
// language never edits files inside the extension. Works in virtual and untrusted workspaces.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from './client';
import type { ExtensionFeature } from './features';

export const OPEN_EXAMPLE_COMMAND = 'threatmodel.openExample';

export interface ExampleInfo {
  file: string;
  label: string;
  detail: string;
}

export const EXAMPLES: readonly ExampleInfo[] = [
  {
    file: 'spam-classifier.threatmodel',
    label: 'E-mail spam classifier',
    detail: 'A classifier behind a public REST inference API (model, dataset, inference API)',
  },
  {
    file: 'federated-imaging.threatmodel',
    label: 'Federated learning on medical images',
    detail: 'Hospitals train a shared model without sharing images (federated clients and aggregator)',
  },
  {
    file: 'rag-assistant.threatmodel',
    label: 'RAG assistant over proprietary documents',
    detail: 'A commercial LLM, a retriever, a vector store and an agent tool',
  },
];

/** Opens an example by file name (or asks with a quick pick). Returns the editor, if one opened. */
async function openExample(
  context: vscode.ExtensionContext,
  file?: string,
): Promise<vscode.TextEditor | undefined> {
  let chosen = EXAMPLES.find((e) => e.file === file);
  if (!chosen) {
    const pick = await vscode.window.showQuickPick(
      EXAMPLES.map((e) => ({ label: e.label, detail: e.detail, example: e })),
      { title: 'Open an example threat model', matchOnDetail: true },
    );
    if (!pick) return undefined;
    chosen = pick.example;
  }
  const uri = vscode.Uri.joinPath(context.extensionUri, 'examples', chosen.file);
  const bytes = await vscode.workspace.fs.readFile(uri);
  const content = new TextDecoder('utf-8').decode(bytes);
  const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content });
  return vscode.window.showTextDocument(document, { preview: false });
}

export const examplesFeature: ExtensionFeature = ({ context, output }) => {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_EXAMPLE_COMMAND, async (file?: unknown) => {
      try {
        return await openExample(context, typeof file === 'string' ? file : undefined);
      } catch (error) {
        output.error(`Could not open the example: ${String(error)}`);
        void vscode.window.showErrorMessage(`Threat Model: could not open the example (${String(error)}).`);
        return undefined;
      }
    }),
  );
};
