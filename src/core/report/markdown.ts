// The report as GitHub/GitLab-flavoured Markdown: tables, a ```mermaid DFD, attack trees as
// nested lists. Every user string goes through the escapers; ids are shown as inline code.
import type { ReportData, ReportTreeNode } from './data';
import { mdBlock, mdCell, mdCode, mdInline } from './escape';

const fmt = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(1));

export function renderMarkdown(r: ReportData): string {
  const out: string[] = [];
  const p = (s = '') => out.push(s);

  p(`# Threat model: ${mdInline(r.title)}`);
  p();
  const facts: string[] = [];
  if (r.file) facts.push(`Source: ${mdCode(r.file)}`);
  if (r.date) facts.push(`Date: ${mdInline(r.date)}`);
  if (r.owners.length) facts.push(`Owners: ${r.owners.map(mdInline).join(', ')}`);
  facts.push(
    `${r.counts.elements} elements, ${r.counts.flows} data flows, ${r.counts.boundaries} trust boundaries, ${r.counts.dataAssets} data assets, ${r.counts.threats} threats, ${r.counts.mitigations} mitigations`,
  );
  p(facts.join('  \n'));
  p();
  if (r.description) {
    p(mdBlock(r.description));
    p();
  }
  p('## Scope and assumptions');
  p();
  p(r.scope ? mdBlock(r.scope) : '_No scope written._');
  p();
  if (r.assumptions.length) {
    p('Assumptions:');
    p();
    for (const a of r.assumptions) p(`- ${mdInline(a)}`);
  } else {
    p('_No assumptions written._');
  }
  p();

  p('## Data-flow diagram');
  p();
  p('```mermaid');
  p(r.dfd.mermaid.trimEnd());
  p('```');
  p();
  if (r.dfd.skippedFlows.length) {
    p(`Not drawn (an end is not a defined element): ${r.dfd.skippedFlows.map(mdCode).join(', ')}`);
    p();
  }

  p('## Threats by DREAD score');
  p();
  if (r.threats.length === 0) p('_No threats written._');
  else {
    p('| Threat | DREAD | Status | Targets | Categories | Mitigations | Validation |');
    p('|---|---|---|---|---|---|---|');
    for (const t of r.threats) {
      const categories = [...t.stride, ...t.linddun, ...t.atlas, ...t.owaspLlm].join(', ');
      const mitigations = t.mitigations.map((m) => `${m.id} (${m.status})`).join('\n');
      const validation = t.validation ? `${t.validation.result}${t.validation.date ? ` ${t.validation.date}` : ''}${t.validation.source ? ` (${t.validation.source})` : ''}` : '';
      p(
        `| ${mdCode(t.id)} ${mdCell(t.title)} | ${fmt(t.dread)} ${t.rating} | ${t.status} | ${mdCell(t.targets.map((x) => x.name).join('\n'))} | ${mdCell(categories)} | ${mdCell(mitigations) || '**none**'} | ${mdCell(validation)} |`,
      );
    }
  }
  p();

  p('## Mitigations');
  p();
  if (r.mitigations.length === 0) p('_No mitigations written._');
  else {
    p('| Mitigation | Status | Owner | Evidence | Threats |');
    p('|---|---|---|---|---|');
    for (const m of r.mitigations) {
      const evidence = m.evidence.map((e) => `${e.kind}: ${e.text}`).join('\n');
      p(`| ${mdCode(m.id)} ${mdCell(m.title)} | ${m.status} | ${mdCell(m.owner)} | ${mdCell(evidence) || '**none**'} | ${mdCell(m.threats.join(', '))} |`);
    }
  }
  p();

  p('## Coverage per framework');
  p();
  for (const f of r.coverage) {
    p(`### ${f.name}`);
    p();
    if (f.rows.length === 0) {
      p('_No threats name this framework._');
      p();
      continue;
    }
    const withProposals = f.rows.some((x) => x.proposed !== undefined);
    p(withProposals ? '| Category | Proposed | Covered | Documented | Addressed | Open |' : '| Category | Documented | Addressed | Open |');
    p(withProposals ? '|---|---|---|---|---|---|' : '|---|---|---|---|');
    for (const row of f.rows) {
      const name = mdCell(row.name);
      p(withProposals ? `| ${name} | ${row.proposed ?? 0} | ${row.covered ?? 0} | ${row.documented} | ${row.addressed} | ${row.open} |` : `| ${name} | ${row.documented} | ${row.addressed} | ${row.open} |`);
    }
    p();
  }

  p('## Attack trees');
  p();
  if (r.attackTrees.length === 0) p('_No attack trees written._');
  for (const tree of r.attackTrees) {
    p(`### ${mdInline(tree.goal)} (${mdCode(tree.id)})`);
    p();
    treeList(tree.root, 0, out);
    p();
  }
  if (r.attackTrees.length === 0) p();

  p('## Open items');
  p();
  p('### Unmitigated threats');
  p();
  if (r.open.unmitigated.length === 0) p('_None._');
  for (const t of r.open.unmitigated) p(`- ${mdCode(t.id)} ${mdInline(t.title)} (DREAD ${fmt(t.dread)}): ${mdInline(t.reason)}`);
  p();
  p('### Accepted and transferred risks');
  p();
  if (r.open.reviewDue.length === 0) p('_None._');
  for (const t of r.open.reviewDue) {
    const when = t.reviewBy ? `review by ${t.reviewBy}` : 'no review date';
    p(`- ${mdCode(t.id)} ${mdInline(t.title)}: ${t.status}, ${when}${t.owner ? `, owner ${mdInline(t.owner)}` : ''}${t.overdue ? ' — **review due**' : ''}`);
  }
  p();
  p('### Diagnostics');
  p();
  if (r.open.diagnostics.length === 0) p('_None._');
  for (const d of r.open.diagnostics) p(`- line ${d.line}:${d.column} ${d.severity} ${mdCode(d.code)}: ${mdInline(d.message)}`);
  p();
  return out.join('\n');
}

function treeList(node: ReportTreeNode, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const op = node.operator ? `**${node.operator.toUpperCase()}** ` : '';
  const threat = node.threat ? ` — ${mdCode(node.threat.id)} ${mdInline(node.threat.title)} (${node.threat.status})` : '';
  out.push(`${indent}- ${op}${mdInline(node.title)}${threat}`);
  for (const child of node.children) treeList(child, depth + 1, out);
}
