// In-process measurements of the core at one model size: the js-yaml floor, our parse with the
// source map, validation, the analysis engines, all diagnostics, Mermaid generation and reports.
import { load } from 'js-yaml';
import { analyze } from '../src/core/analysis';
import { checkDocument, type CheckOptions } from '../src/core/check';
import { toMermaid } from '../src/core/diagram';
import { parseDocument, type ParsedDocument } from '../src/core/document';
// Registers every checker (mitigations, DREAD, PyRIT, ...) exactly as the server and CLI do.
import '../src/core/index';
import { buildReport, renderHtml, renderJson, renderMarkdown } from '../src/core/report';
import { validateSchema } from '../src/core/schema/validate';
import { generateModel } from '../src/core/testing/generate';
import { validateReferences } from '../src/core/validate/references';
import { isSample, time, type Adaptive, type Measure } from './stats';

/** Options for the diagnostics run: every registered checker, coverage hints on, evidence files "exist". */
export const CHECK_OPTIONS: CheckOptions = { coverageHints: true, fileExists: () => true };

export interface CoreFacts {
  elements: number;
  bytes: number;
  lines: number;
  diagnostics: number;
  /** Diagnostics per code, to show what the checkers found (and that coverage hints ran). */
  codes: Record<string, number>;
  proposals: number;
  mermaidChars: number;
  boundaries: number;
}

export interface CoreResult {
  facts: CoreFacts;
  measures: Record<string, Measure>;
}

/** The measures, in table order; `floor` is what ratios are taken against. */
export const CORE_MEASURES: { key: string; label: string }[] = [
  { key: 'yamlLoad', label: 'js-yaml load (floor)' },
  { key: 'parse', label: 'parseDocument (tree + source map + model + symbols)' },
  { key: 'validate', label: 'validation (schema + references)' },
  { key: 'analysis', label: 'analysis (STRIDE + LINDDUN + ATLAS)' },
  { key: 'diagnostics', label: 'checkDocument (all checkers + coverage hints = analysis)' },
  { key: 'fullCheck', label: 'full check (parseDocument + checkDocument)' },
  { key: 'mermaidFull', label: 'toMermaid full (overlay)' },
  { key: 'mermaidBoundary', label: 'toMermaid one boundary (overlay)' },
  { key: 'mermaidAllBoundaries', label: 'toMermaid every boundary (overlay)' },
  { key: 'report', label: 'report (build + Markdown + HTML + JSON)' },
];

/**
 * Fast measures (Mermaid generation, small models) get runs until they add up to a second: their
 * fastest run decides the growth budget, and a few runs of a few milliseconds swing with the
 * machine (toMermaid at 1,000 elements: two benchmark runs of 5 gave fastest runs of 29 and 44 ms,
 * 40 runs 38 ms, and the growth budget passed or failed with them).
 */
const ADAPTIVE: Adaptive = { minTotalMs: 1000, maxRuns: 40 };

export function measureCore(elements: number, runs: number, warmup: number): CoreResult {
  const text = generateModel({ elements, seed: 1 });
  const measures: Record<string, Measure> = {};
  const guard = (key: string, fn: () => Measure): void => {
    try {
      measures[key] = fn();
    } catch (error) {
      measures[key] = { na: `error: ${error instanceof Error ? error.message : String(error)}` };
    }
  };

  guard('yamlLoad', () => time(() => load(text), runs, warmup, ADAPTIVE));
  guard('parse', () => time(() => parseDocument(text), runs, warmup, ADAPTIVE));
  const doc: ParsedDocument = parseDocument(text);
  guard('validate', () =>
    time(
      () => {
        validateSchema(doc.yaml.root, doc.text);
        validateReferences(doc.model, doc.symbols, doc.lines);
      },
      runs,
      warmup,
      ADAPTIVE,
    ),
  );
  guard('analysis', () => time(() => analyze(doc), runs, warmup, ADAPTIVE));
  guard('diagnostics', () => time(() => checkDocument(doc, CHECK_OPTIONS), runs, warmup, ADAPTIVE));
  // What the server and the CLI do per check; with coverage hints on, checkDocument runs the
  // whole analysis (STRIDE + LINDDUN + ATLAS) inside the coverage-gap checker.
  guard('fullCheck', () => time(() => checkDocument(parseDocument(text), CHECK_OPTIONS), runs, warmup, ADAPTIVE));
  const boundaries = doc.model.boundaries.map((b) => b.id);
  // zone-1 is a typical leaf-level boundary (zone-0 is a root that others nest in).
  const one = boundaries[1] ?? boundaries[0];
  guard('mermaidFull', () => time(() => toMermaid(doc.model, { overlay: true }), runs, warmup, ADAPTIVE));
  guard('mermaidBoundary', () => (one ? time(() => toMermaid(doc.model, { overlay: true, boundary: one }), runs, warmup, ADAPTIVE) : { na: 'no boundary' }));
  guard('mermaidAllBoundaries', () =>
    time(
      () => {
        for (const b of boundaries) toMermaid(doc.model, { overlay: true, boundary: b });
      },
      runs,
      warmup,
      ADAPTIVE,
    ),
  );
  const diagnostics = checkDocument(doc, CHECK_OPTIONS);
  guard('report', () =>
    time(
      () => {
        const report = buildReport(doc, diagnostics, { today: '2026-01-01', file: 'synthetic.threatmodel' });
        renderMarkdown(report);
        renderHtml(report);
        renderJson(report);
      },
      runs,
      warmup,
      ADAPTIVE,
    ),
  );

  const codes: Record<string, number> = {};
  for (const d of diagnostics) codes[d.code] = (codes[d.code] ?? 0) + 1;
  let proposals = 0;
  try {
    proposals = analyze(doc).proposals.length;
  } catch {
    // reported as an error measure above
  }
  return {
    facts: {
      elements,
      bytes: Buffer.byteLength(text, 'utf8'),
      lines: doc.lines.lineCount,
      diagnostics: diagnostics.length,
      codes,
      proposals,
      mermaidChars: toMermaid(doc.model, { overlay: true }).text.length,
      boundaries: boundaries.length,
    },
    measures,
  };
}

export { isSample };
