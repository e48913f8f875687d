// The report's content, computed once from a parsed document and its diagnostics, as plain data
// (no YAML nodes), so the Markdown, HTML and JSON renderers show the same facts. Pure.
import { allCategories } from '../catalog/index';
import { toMermaid } from '../diagram/dfd';
import { attackTreesToMermaid } from '../diagram/attackTree';
import type { Diagnostic } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import type { AttackTreeNode, Threat, ThreatModel } from '../model/types';
import { dreadRating, dreadScore, sortByDread } from './dread';
import { coverage, ProposalCounter, type FrameworkCoverage, type ProposalCount } from './coverage';
import { forEachRuleHit } from '../analysis/engine';
import type { Rule } from '../analysis/rulePack';

export interface ReportOptions {
  /** YYYY-MM-DD printed as the report date and used for review deadlines. Omitted: not printed. */
  date?: string;
  /** Today's date for review deadlines when `date` is omitted (injected; core never reads the clock). */
  today?: string;
  /** The source file name shown in the report. */
  file?: string;
  /** Analysis proposals per framework category; default: run the analysis engine on the model. */
  proposals?: ProposalCount[];
}

export interface ReportThreat {
  id: string;
  title: string;
  description?: string;
  status: string;
  dread?: number;
  rating: string;
  targets: { id: string; name: string }[];
  stride: string[];
  linddun: string[];
  atlas: string[];
  owaspLlm: string[];
  mitigations: { id: string; title: string; status: string }[];
  justification?: string;
  owner?: string;
  reviewBy?: string;
  validation?: { result: string; date?: string; source?: string; details?: string };
}

export interface ReportMitigation {
  id: string;
  title: string;
  status: string;
  owner?: string;
  evidence: { kind: 'path' | 'ticket' | 'url' | 'note'; text: string }[];
  threats: string[];
}

export interface ReportTreeNode {
  title: string;
  operator?: string;
  threat?: { id: string; title: string; status: string };
  children: ReportTreeNode[];
}

export interface ReportAttackTree {
  id: string;
  goal: string;
  root: ReportTreeNode;
  mermaid: string;
}

export interface ReportDiagnostic {
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

export interface ReportData {
  title: string;
  file?: string;
  date?: string;
  description?: string;
  owners: string[];
  scope?: string;
  assumptions: string[];
  counts: { elements: number; flows: number; boundaries: number; dataAssets: number; threats: number; mitigations: number };
  dfd: { mermaid: string; skippedFlows: string[] };
  threats: ReportThreat[];
  mitigations: ReportMitigation[];
  coverage: FrameworkCoverage[];
  attackTrees: ReportAttackTree[];
  open: {
    unmitigated: { id: string; title: string; dread?: number; reason: string }[];
    reviewDue: { id: string; title: string; status: string; reviewBy?: string; owner?: string; overdue: boolean }[];
    diagnostics: ReportDiagnostic[];
  };
}

/** Attack tree nodes shown in reports, bounded like the diagrams. */
const MAX_TREE_NODES = 300;

export function buildReport(doc: ParsedDocument, diagnostics: readonly Diagnostic[], options: ReportOptions = {}): ReportData {
  const model = doc.model;
  const threats = firstOf(model.threats, model.index.threats);
  const mitigations = firstOf(model.mitigations, model.index.mitigations);
  const nameOf = (id: string) => model.index.elements.get(id)?.name ?? model.index.flows.get(id)?.name ?? id;

  const reportThreats: ReportThreat[] = sortByDread(threats).map((t) => {
    const score = dreadScore(t.dread);
    const latest = t.validation.length ? t.validation[t.validation.length - 1] : undefined;
    return {
      id: t.id,
      title: t.title ?? t.id,
      description: t.description,
      status: t.status,
      dread: score,
      rating: dreadRating(score),
      targets: t.targets.map((id) => ({ id, name: nameOf(id) })),
      stride: t.stride,
      linddun: t.linddun,
      atlas: t.atlas,
      owaspLlm: t.owaspLlm,
      mitigations: t.mitigations.map((id) => {
        const m = model.index.mitigations.get(id);
        return { id, title: m?.title ?? '(not defined)', status: m?.status ?? 'missing' };
      }),
      justification: t.justification,
      owner: t.owner,
      reviewBy: t.reviewBy,
      validation: latest ? { result: latest.result, date: latest.date, source: latest.source, details: latest.details } : undefined,
    };
  });

  // Threat ids per mitigation id, in threat order, built once (a scan of every threat per
  // mitigation made reports quadratic: 80 s for the 5,000 element model).
  const threatsByMitigation = new Map<string, string[]>();
  for (const t of threats) {
    for (const id of new Set(t.mitigations)) {
      const list = threatsByMitigation.get(id);
      if (list) list.push(t.id);
      else threatsByMitigation.set(id, [t.id]);
    }
  }
  const reportMitigations: ReportMitigation[] = mitigations.map((m) => ({
    id: m.id,
    title: m.title ?? m.id,
    status: m.status,
    owner: m.owner,
    evidence: m.evidence.flatMap((e) => {
      const out: ReportMitigation['evidence'] = [];
      if (e.path) out.push({ kind: 'path', text: e.path });
      if (e.ticket) out.push({ kind: 'ticket', text: e.ticket });
      if (e.url) out.push({ kind: 'url', text: e.url });
      if (e.note) out.push({ kind: 'note', text: e.note });
      return out;
    }),
    threats: [...(threatsByMitigation.get(m.id) ?? [])],
  }));

  const asOf = options.date ?? options.today;
  const unmitigated = sortByDread(threats)
    .filter((t) => t.status === 'open')
    .map((t) => ({ id: t.id, title: t.title ?? t.id, dread: dreadScore(t.dread), reason: openReason(t, model) }));
  const reviewDue = threats
    .filter((t) => t.status === 'accepted' || t.status === 'transferred')
    .map((t) => ({
      id: t.id,
      title: t.title ?? t.id,
      status: t.status,
      reviewBy: t.reviewBy,
      owner: t.owner,
      overdue: !t.reviewBy || (asOf !== undefined && t.reviewBy <= asOf),
    }))
    .sort((a, b) => (a.reviewBy ?? '').localeCompare(b.reviewBy ?? '') || a.id.localeCompare(b.id));

  const dfd = toMermaid(model);
  return {
    title: model.metadata.title ?? options.file ?? 'Threat model',
    file: options.file,
    date: options.date,
    description: model.metadata.description,
    owners: model.metadata.owners,
    scope: model.metadata.scope,
    assumptions: model.metadata.assumptions,
    counts: {
      elements: model.index.elements.size,
      flows: model.index.flows.size,
      boundaries: model.index.boundaries.size,
      dataAssets: model.index.dataAssets.size,
      threats: threats.length,
      mitigations: mitigations.length,
    },
    dfd: { mermaid: dfd.text, skippedFlows: dfd.stats.skippedFlows },
    threats: reportThreats,
    mitigations: reportMitigations,
    coverage: coverage(threats, model, allCategories(), options.proposals ?? analysisCounts(doc)),
    attackTrees: attackTreesToMermaid(model).map((diagram) => {
      const tree = model.index.attackTrees.get(diagram.id)!;
      const budget = { left: MAX_TREE_NODES };
      return { id: tree.id, goal: tree.goal ?? tree.root.title ?? tree.id, root: treeNode(tree.root, model, budget, tree.goal), mermaid: diagram.text };
    }),
    open: {
      unmitigated,
      reviewDue,
      diagnostics: diagnostics.map((d) => {
        const p = doc.lines.positionAt(d.start);
        return { line: p.line + 1, column: p.character + 1, severity: d.severity, code: d.code, message: d.message };
      }),
    },
  };
}

/** Proposed vs covered per category from the analysis engine; undefined if it cannot run. */
function analysisCounts(doc: ParsedDocument): ProposalCount[] | undefined {
  try {
    // Counts need only which rules fire and whether they are covered: no proposals are built.
    // Hits are tallied per rule (in the order each rule first fires) and then replayed per rule,
    // which lists categories in the order the proposals would first show them.
    const perRule = new Map<Rule, { fired: number; covered: number }>();
    forEachRuleHit(doc, {}, (rule, _target, covered) => {
      let n = perRule.get(rule);
      if (!n) perRule.set(rule, (n = { fired: 0, covered: 0 }));
      n.fired++;
      if (covered) n.covered++;
    });
    const counter = new ProposalCounter();
    for (const [rule, n] of perRule) {
      const p = rule.proposes;
      if (n.covered > 0) counter.add(p.stride, p.linddun, p.atlas, true, n.covered);
      if (n.fired > n.covered) counter.add(p.stride, p.linddun, p.atlas, false, n.fired - n.covered);
    }
    return counter.counts();
  } catch {
    return undefined;
  }
}

function firstOf<T extends { id: string }>(list: T[], index: Map<string, T>): T[] {
  return list.filter((x) => index.get(x.id) === x);
}

function openReason(t: Threat, model: ThreatModel): string {
  if (t.mitigations.length === 0) return 'no mitigation';
  const statuses = t.mitigations.map((id) => model.index.mitigations.get(id)?.status ?? 'missing');
  if (statuses.some((s) => s === 'implemented' || s === 'verified')) return 'mitigation in place, threat not yet marked mitigated';
  return `mitigations not in place (${[...new Set(statuses)].join(', ')})`;
}

function treeNode(node: AttackTreeNode, model: ThreatModel, budget: { left: number }, goal?: string): ReportTreeNode {
  budget.left--;
  const threat = node.threat ? model.index.threats.get(node.threat) : undefined;
  const children: ReportTreeNode[] = [];
  for (const child of node.children) {
    if (budget.left <= 0) break;
    children.push(treeNode(child, model, budget));
  }
  return {
    title: goal ?? node.title ?? node.id ?? '(untitled step)',
    operator: node.children.length ? (node.operator ?? 'or') : undefined,
    threat: node.threat ? { id: node.threat, title: threat?.title ?? '(not defined)', status: threat?.status ?? 'missing' } : undefined,
    children,
  };
}
