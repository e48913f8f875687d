// Reports: build the content once (buildReport), render it as Markdown, HTML or JSON.
export { buildReport, type ReportData, type ReportOptions } from './data';
export { renderMarkdown } from './markdown';
export { renderHtml, scriptText, type HtmlOptions } from './html';
export { dreadScore, dreadRating, sortByDread } from './dread';
export { proposalCounts, type ProposalCount, type FrameworkCoverage, type CoverageRow } from './coverage';
export { mdInline, mdCell, mdBlock, html as escapeHtml } from './escape';

import type { ReportData } from './data';
/** The report as JSON: the same content, stable key order, 2-space indented. */
export function renderJson(r: ReportData): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
