// The report as one self-contained HTML page. Diagrams are Mermaid sources in <pre class="mermaid">
// that the inlined renderer (dist/webview/mermaid.js, then report.js, as two scripts) draws in the
// browser; no network is needed or allowed: the CSP has default-src 'none' and admits only the
// inlined scripts by their SHA-256 hashes. All user text is entity-escaped; no user text is placed in
// attributes.
import type { ReportData, ReportTreeNode } from './data';
import { html } from './escape';

export interface HtmlOptions {
  /**
   * The renderer scripts to inline, in order, each as its own element (so each keeps its own
   * "use strict" prologue): Mermaid, then the few lines that draw the diagrams.
   */
  scripts?: string[];
  /** base64 SHA-256 of a text, for the CSP hash of the inlined script (core has no crypto). */
  sha256Base64?: (text: string) => string;
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:1.5rem;color:#1b1f24;background:#fff}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:0 .2rem;border-radius:3px}
.meta{color:#57606a}.none{color:#cf222e;font-weight:600}.due{color:#cf222e;font-weight:600}
.status-open{color:#cf222e}.status-mitigated{color:#1a7f37}.status-accepted,.status-transferred{color:#9a6700}
.r-critical,.r-high{color:#cf222e;font-weight:600}.r-medium{color:#9a6700}
pre.mermaid{background:#fff;overflow:auto}pre.mermaid:not([data-processed]){white-space:pre-wrap;color:#57606a;font-size:12px}
.diagram-error{color:#cf222e}
@media print{pre.mermaid{break-inside:avoid}}
`;

export function renderHtml(r: ReportData, options: HtmlOptions = {}): string {
  const out: string[] = [];
  const p = (s: string) => out.push(s);
  const hash = options.sha256Base64;
  const inlined = options.scripts?.length && hash ? options.scripts.map(scriptText) : undefined;
  const scriptSrc = inlined ? inlined.map((text) => `'sha256-${hash!(text)}'`).join(' ') : `'none'`;
  const csp = `default-src 'none'; script-src ${scriptSrc}; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'`;

  p('<!DOCTYPE html>');
  p('<html lang="en">');
  p('<head>');
  p('<meta charset="utf-8">');
  p(`<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  p('<meta name="viewport" content="width=device-width, initial-scale=1">');
  p(`<title>Threat model: ${html(r.title)}</title>`);
  p(`<style>${STYLE}</style>`);
  p('</head>');
  p('<body>');
  p(`<h1>Threat model: ${html(r.title)}</h1>`);
  const meta: string[] = [];
  if (r.file) meta.push(`Source: <code>${html(r.file)}</code>`);
  if (r.date) meta.push(`Date: ${html(r.date)}`);
  if (r.owners.length) meta.push(`Owners: ${r.owners.map(html).join(', ')}`);
  meta.push(
    `${r.counts.elements} elements, ${r.counts.flows} data flows, ${r.counts.boundaries} trust boundaries, ${r.counts.dataAssets} data assets, ${r.counts.threats} threats, ${r.counts.mitigations} mitigations`,
  );
  p(`<p class="meta">${meta.join('<br>')}</p>`);
  if (r.description) p(block(r.description));

  p('<h2>Scope and assumptions</h2>');
  p(r.scope ? block(r.scope) : '<p><em>No scope written.</em></p>');
  if (r.assumptions.length) p(`<p>Assumptions:</p><ul>${r.assumptions.map((a) => `<li>${html(a)}</li>`).join('')}</ul>`);
  else p('<p><em>No assumptions written.</em></p>');

  p('<h2>Data-flow diagram</h2>');
  p(diagram(r.dfd.mermaid));
  if (r.dfd.skippedFlows.length) p(`<p>Not drawn (an end is not a defined element): ${r.dfd.skippedFlows.map((f) => `<code>${html(f)}</code>`).join(', ')}</p>`);

  p('<h2>Threats by DREAD score</h2>');
  if (r.threats.length === 0) p('<p><em>No threats written.</em></p>');
  else {
    p('<table><thead><tr><th>Threat</th><th>DREAD</th><th>Status</th><th>Targets</th><th>Categories</th><th>Mitigations</th><th>Validation</th></tr></thead><tbody>');
    for (const t of r.threats) {
      const cats = [...t.stride, ...t.linddun, ...t.atlas, ...t.owaspLlm].map(html).join(', ');
      const mits = t.mitigations.length ? t.mitigations.map((m) => `<code>${html(m.id)}</code> ${html(m.status)}`).join('<br>') : '<span class="none">none</span>';
      const v = t.validation ? `${html(t.validation.result)}${t.validation.date ? ` ${html(t.validation.date)}` : ''}${t.validation.source ? ` (${html(t.validation.source)})` : ''}` : '';
      p(
        `<tr><td><code>${html(t.id)}</code> ${html(t.title)}${t.description ? `<br><small>${html(t.description)}</small>` : ''}</td>` +
          `<td class="r-${html(t.rating)}">${t.dread === undefined ? '–' : t.dread.toFixed(1)} ${html(t.rating)}</td>` +
          `<td class="status-${html(t.status)}">${html(t.status)}</td>` +
          `<td>${t.targets.map((x) => html(x.name)).join('<br>')}</td><td>${cats}</td><td>${mits}</td><td>${v}</td></tr>`,
      );
    }
    p('</tbody></table>');
  }

  p('<h2>Mitigations</h2>');
  if (r.mitigations.length === 0) p('<p><em>No mitigations written.</em></p>');
  else {
    p('<table><thead><tr><th>Mitigation</th><th>Status</th><th>Owner</th><th>Evidence</th><th>Threats</th></tr></thead><tbody>');
    for (const m of r.mitigations) {
      const ev = m.evidence.length ? m.evidence.map((e) => `${html(e.kind)}: ${html(e.text)}`).join('<br>') : '<span class="none">none</span>';
      p(`<tr><td><code>${html(m.id)}</code> ${html(m.title)}</td><td>${html(m.status)}</td><td>${html(m.owner)}</td><td>${ev}</td><td>${m.threats.map((t) => `<code>${html(t)}</code>`).join(', ')}</td></tr>`);
    }
    p('</tbody></table>');
  }

  p('<h2>Coverage per framework</h2>');
  for (const f of r.coverage) {
    p(`<h3>${html(f.name)}</h3>`);
    if (f.rows.length === 0) {
      p('<p><em>No threats name this framework.</em></p>');
      continue;
    }
    const withProposals = f.rows.some((x) => x.proposed !== undefined);
    p(`<table><thead><tr><th>Category</th>${withProposals ? '<th>Proposed</th><th>Covered</th>' : ''}<th>Documented</th><th>Addressed</th><th>Open</th></tr></thead><tbody>`);
    for (const row of f.rows) {
      p(`<tr><td>${html(row.name)}</td>${withProposals ? `<td>${row.proposed ?? 0}</td><td>${row.covered ?? 0}</td>` : ''}<td>${row.documented}</td><td>${row.addressed}</td><td>${row.open}</td></tr>`);
    }
    p('</tbody></table>');
  }

  p('<h2>Attack trees</h2>');
  if (r.attackTrees.length === 0) p('<p><em>No attack trees written.</em></p>');
  for (const tree of r.attackTrees) {
    p(`<h3>${html(tree.goal)} (<code>${html(tree.id)}</code>)</h3>`);
    p(`<ul>${treeList(tree.root)}</ul>`);
    p(diagram(tree.mermaid));
  }

  p('<h2>Open items</h2>');
  p('<h3>Unmitigated threats</h3>');
  p(list(r.open.unmitigated.map((t) => `<code>${html(t.id)}</code> ${html(t.title)} (DREAD ${t.dread === undefined ? '–' : t.dread.toFixed(1)}): ${html(t.reason)}`)));
  p('<h3>Accepted and transferred risks</h3>');
  p(
    list(
      r.open.reviewDue.map(
        (t) =>
          `<code>${html(t.id)}</code> ${html(t.title)}: ${html(t.status)}, ${t.reviewBy ? `review by ${html(t.reviewBy)}` : 'no review date'}${t.owner ? `, owner ${html(t.owner)}` : ''}${t.overdue ? ' <span class="due">review due</span>' : ''}`,
      ),
    ),
  );
  p('<h3>Diagnostics</h3>');
  p(list(r.open.diagnostics.map((d) => `line ${d.line}:${d.column} ${html(d.severity)} <code>${html(d.code)}</code>: ${html(d.message)}`)));
  if (inlined) for (const text of inlined) p(`<script>${text}</script>`);
  else p('<p class="meta">The diagrams are shown as Mermaid source: this page was written without the diagram renderer.</p>');
  p('</body>');
  p('</html>');
  return out.join('\n') + '\n';
}

function diagram(source: string): string {
  // Mermaid reads the element's text content, so HTML escaping round-trips the source exactly.
  return `<pre class="mermaid">${html(source)}</pre>`;
}

function block(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => `<p>${para.split('\n').map((l) => html(l.trim())).join('<br>')}</p>`)
    .join('\n');
}

function list(items: string[]): string {
  return items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '<p><em>None.</em></p>';
}

function treeList(node: ReportTreeNode): string {
  const op = node.operator ? `<strong>${html(node.operator.toUpperCase())}</strong> ` : '';
  const threat = node.threat ? ` — <code>${html(node.threat.id)}</code> ${html(node.threat.title)} (${html(node.threat.status)})` : '';
  const children = node.children.length ? `<ul>${node.children.map(treeList).join('')}</ul>` : '';
  return `<li>${op}${html(node.title)}${threat}${children}</li>`;
}

/** Keeps an inlined script from closing its own element or opening a comment-state trap. */
export function scriptText(script: string): string {
  return script.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
