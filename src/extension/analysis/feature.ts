// Client side of the analysis: the "Threat Model: Run ... Analysis" commands, the "Threat Analysis"
// view with "Add to model" / "Add all new" / "Go to element", and rule-pack diagnostics for open
// `*.rules.yaml` files. All the work runs in the language server.
import * as vscode from 'vscode';
import type { WorkspaceEdit as LspWorkspaceEdit, Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol';
import { LANGUAGE_ID } from '../client';
import { whenClientReady, type ExtensionFeature } from '../features';
import { asDiagnostics, asWorkspaceEdit } from '../lsp/toCode';
import { AnalysisTree, type Node, type ViewProposal } from './tree';

export const VIEW_ID = 'threatmodel.analysis';
const HAS_RESULTS = 'threatmodel.analysis.hasResults';
type Framework = 'stride' | 'linddun' | 'atlas';

const RUNS: { command: string; frameworks: Framework[]; label: string }[] = [
  { command: 'threatmodel.analyze.stride', frameworks: ['stride'], label: 'STRIDE' },
  { command: 'threatmodel.analyze.linddun', frameworks: ['linddun'], label: 'LINDDUN' },
  { command: 'threatmodel.analyze.atlas', frameworks: ['atlas'], label: 'MITRE ATLAS' },
  { command: 'threatmodel.analyze.all', frameworks: ['stride', 'linddun', 'atlas'], label: 'STRIDE, LINDDUN and MITRE ATLAS' },
];

export const analysisFeature: ExtensionFeature = ({ context, client, output }) => {
  const tree = new AnalysisTree();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const packDiagnostics = vscode.languages.createDiagnosticCollection('threatmodel-rules');
  let lastFrameworks: Framework[] = ['stride', 'linddun', 'atlas'];
  context.subscriptions.push(view, packDiagnostics);

  const modelEditor = (): vscode.TextDocument | undefined => {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && doc.languageId === LANGUAGE_ID) return doc;
    if (tree.uri) return vscode.workspace.textDocuments.find((d) => d.uri.toString() === tree.uri!.toString());
    return undefined;
  };

  const run = async (frameworks: Framework[], label: string, doc = modelEditor()): Promise<void> => {
    if (!doc) {
      void vscode.window.showInformationMessage('Open a .threatmodel file to analyse it.');
      return;
    }
    lastFrameworks = frameworks;
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: `Running ${label} analysis` }, async () => {
      await whenClientReady(client);
      const result = (await client.sendRequest('threatmodel/analyze', { uri: doc.uri.toString(), frameworks })) as {
        proposals: ViewProposal[];
        warnings: string[];
        rulePacks: { uri: string; diagnostics: LspDiagnostic[] }[];
        error?: string;
      };
      if (result.error) {
        void vscode.window.showWarningMessage(result.error);
        return;
      }
      tree.set(doc.uri, result.proposals);
      void vscode.commands.executeCommand('setContext', HAS_RESULTS, true);
      const fresh = result.proposals.filter((p) => !p.covered).length;
      view.message = `${label}: ${fresh} new, ${result.proposals.length - fresh} covered`;
      for (const w of result.warnings) output.warn(w);
      for (const pack of result.rulePacks) {
        packDiagnostics.set(vscode.Uri.parse(pack.uri), asDiagnostics(pack.diagnostics));
      }
      if (result.rulePacks.length > 0) void vscode.window.showWarningMessage('Some analysis rule packs have problems; see the Problems panel.');
    });
  };

  const add = async (ids: string[]): Promise<void> => {
    const uri = tree.uri;
    if (!uri || ids.length === 0) return;
    await whenClientReady(client);
    const edit = (await client.sendRequest('threatmodel/addProposals', { uri: uri.toString(), ids })) as LspWorkspaceEdit | null;
    if (!edit) {
      void vscode.window.showWarningMessage('The model could not be edited (is it valid YAML?).');
      return;
    }
    const applied = await vscode.workspace.applyEdit(asWorkspaceEdit(edit));
    if (!applied) {
      void vscode.window.showWarningMessage('The edit was not applied.');
      return;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc) await run(lastFrameworks, 'the', doc);
  };

  const goTo = async (node: Node | undefined): Promise<void> => {
    const target = node?.kind === 'proposal' ? node.proposal.target : node?.kind === 'target' || node?.kind === 'framework' ? node.target : undefined;
    if (!target || !tree.uri) return;
    const doc = await vscode.workspace.openTextDocument(tree.uri);
    // The language server's outline knows where each id is defined (its selection range is the
    // id scalar); asking it keeps the parser out of the extension bundle.
    const def = await definitionInOutline(doc.uri, target);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    if (def) {
      editor.selection = new vscode.Selection(def.start, def.end);
      editor.revealRange(def, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  };

  for (const r of RUNS) context.subscriptions.push(vscode.commands.registerCommand(r.command, () => run(r.frameworks, r.label)));
  context.subscriptions.push(
    vscode.commands.registerCommand('threatmodel.analysis.addProposal', (node?: Node) => (node?.kind === 'proposal' && !node.proposal.covered ? add([node.proposal.id]) : undefined)),
    vscode.commands.registerCommand('threatmodel.analysis.addAllNew', () => add(tree.newProposals().map((p) => p.id))),
    vscode.commands.registerCommand('threatmodel.analysis.goToTarget', goTo),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (tree.uri && d.uri.toString() === tree.uri.toString()) {
        tree.clear();
        view.message = undefined;
        void vscode.commands.executeCommand('setContext', HAS_RESULTS, false);
      }
    }),
  );

  // Rule packs opened in the editor get anchored diagnostics from the server (debounced).
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const validatePack = (doc: vscode.TextDocument) => {
    if (!doc.uri.path.endsWith('.rules.yaml')) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(async () => {
        timers.delete(key);
        try {
          await whenClientReady(client);
          const diags = (await client.sendRequest('threatmodel/validateRulePack', { uri: key, text: doc.getText() })) as LspDiagnostic[];
          packDiagnostics.set(doc.uri, asDiagnostics(diags));
        } catch (error) {
          output.error(`Rule pack validation failed: ${String(error)}`);
        }
      }, 300),
    );
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(validatePack),
    vscode.workspace.onDidChangeTextDocument((e) => validatePack(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.path.endsWith('.rules.yaml')) packDiagnostics.delete(d.uri);
    }),
  );
  for (const doc of vscode.workspace.textDocuments) validatePack(doc);
};

/** The range of an element's or flow's id, from the server's document symbols (sections Elements / Data flows). */
async function definitionInOutline(uri: vscode.Uri, id: string): Promise<vscode.Range | undefined> {
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
  for (const section of symbols ?? []) {
    if (section.name !== 'Elements' && section.name !== 'Data flows') continue;
    const hit = section.children.find((c) => c.name === id || c.name.startsWith(`${id}: `));
    if (hit) return hit.selectionRange;
  }
  return undefined;
}
