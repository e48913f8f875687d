// The "Threat Analysis" view: proposals grouped by target (element or flow), then framework, new
// before covered, riskiest first by DREAD (order.ts). The data comes from the server's `threatmodel/analyze` result.
import * as vscode from 'vscode';
import type { Proposal } from '../../core/analysis/engine';
import { compareInView, groupByTarget } from './order';
import { validationDescription, validationLines, type ViewValidation } from './validationText';

/**
 * A proposal as the server's `threatmodel/analyze` sends it (core's Proposal, type only: nothing of
 * core is bundled here), plus the validation runs of the threats that cover it.
 */
export type ViewProposal = Pick<
  Proposal,
  'id' | 'framework' | 'categories' | 'atlas' | 'owasp' | 'target' | 'targetKind' | 'title' | 'rationale' | 'facts' | 'rule' | 'mitigations' | 'covered'
> & {
  dread?: { score: number; band: string };
  /** Latest validation run of each validated covering threat (most severe first). */
  validation?: ViewValidation[];
};

export type Node =
  | { kind: 'target'; target: string; targetKind: 'element' | 'flow'; proposals: ViewProposal[] }
  | { kind: 'framework'; target: string; framework: string; proposals: ViewProposal[] }
  | { kind: 'proposal'; proposal: ViewProposal };

const FRAMEWORK_LABEL: Record<string, string> = { stride: 'STRIDE', linddun: 'LINDDUN', atlas: 'MITRE ATLAS' };

export class AnalysisTree implements vscode.TreeDataProvider<Node> {
  private proposals: ViewProposal[] = [];
  /** The model the results belong to. */
  uri: vscode.Uri | undefined;
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  set(uri: vscode.Uri, proposals: ViewProposal[]): void {
    this.uri = uri;
    this.proposals = proposals;
    this.changed.fire(undefined);
  }

  clear(): void {
    this.uri = undefined;
    this.proposals = [];
    this.changed.fire(undefined);
  }

  newProposals(): ViewProposal[] {
    return this.proposals.filter((p) => !p.covered);
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      return groupByTarget(this.proposals).map(([target, proposals]) => ({ kind: 'target', target, targetKind: proposals[0].targetKind, proposals }));
    }
    if (node.kind === 'target') {
      return ['atlas', 'stride', 'linddun']
        .map((framework) => ({ kind: 'framework' as const, target: node.target, framework, proposals: node.proposals.filter((p) => p.framework === framework) }))
        .filter((n) => n.proposals.length > 0);
    }
    if (node.kind === 'framework') {
      return [...node.proposals].sort(compareInView).map((proposal) => ({ kind: 'proposal', proposal }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'target') {
      const item = new vscode.TreeItem(node.target, vscode.TreeItemCollapsibleState.Expanded);
      const fresh = newCount(node.proposals);
      item.description = `${node.targetKind} · ${fresh} new, ${node.proposals.length - fresh} covered`;
      item.iconPath = new vscode.ThemeIcon(node.targetKind === 'flow' ? 'arrow-right' : 'symbol-class');
      item.contextValue = 'target';
      item.command = { command: 'threatmodel.analysis.goToTarget', title: 'Go to Element', arguments: [node] };
      return item;
    }
    if (node.kind === 'framework') {
      const item = new vscode.TreeItem(FRAMEWORK_LABEL[node.framework] ?? node.framework, vscode.TreeItemCollapsibleState.Collapsed);
      const fresh = newCount(node.proposals);
      item.description = `${fresh} new, ${node.proposals.length - fresh} covered`;
      item.contextValue = 'framework';
      return item;
    }
    const p = node.proposal;
    const item = new vscode.TreeItem(p.title, vscode.TreeItemCollapsibleState.None);
    const ids = [...p.categories, ...p.atlas.map((a) => a.technique), ...p.owasp].join(', ');
    const validated = validationDescription(p.validation);
    item.description = `${p.covered ? 'covered' : 'new'}${validated ? ` · ${validated}` : ''}${p.dread ? ` · DREAD ${p.dread.score} ${p.dread.band}` : ''} · ${ids}`;
    // A covering threat whose validation attack succeeded is not really handled: flag it.
    item.iconPath = new vscode.ThemeIcon(p.validation?.[0]?.result === 'succeeded' ? 'error' : p.covered ? 'pass' : 'warning');
    item.contextValue = p.covered ? 'proposal.covered' : 'proposal.new';
    item.id = p.id;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escape(p.title)}**\n\n${escape(p.rationale)}\n\n`);
    for (const a of p.atlas) md.appendMarkdown(`- ${a.technique} ${escape(a.name ?? '')}${a.tactics.length ? ` (${a.tactics.map((t) => escape(t.name ?? t.id)).join(', ')})` : ''}\n`);
    if (p.owasp.length) md.appendMarkdown(`- OWASP ${p.owasp.join(', ')}\n`);
    md.appendMarkdown(`\nRule \`${escape(p.rule)}\` fired on: ${p.facts.map(escape).join('; ')}\n\n`);
    if (p.covered) md.appendMarkdown(`Covered: ${escape(p.covered.reason)}\n`);
    else for (const m of p.mitigations) md.appendMarkdown(`- Suggested: ${m.atlas ? `${m.atlas} ` : ''}\`${escape(m.control)}\` ${escape(m.text)}\n`);
    for (const line of validationLines(p.validation)) md.appendMarkdown(`\n- Validation: ${escape(line)}\n`);
    item.tooltip = md;
    item.command = { command: 'threatmodel.analysis.goToTarget', title: 'Go to Element', arguments: [node] };
    return item;
  }
}

function newCount(ps: ViewProposal[]): number {
  return ps.filter((p) => !p.covered).length;
}

/** Model text in a tooltip is untrusted: escape Markdown so it renders as text. */
function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, (c) => `\\${c}`);
}
