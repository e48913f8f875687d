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

/** The work each core measure times, on one model (shared by measureCore and the growth pairs). */
export interface CoreTasks {
  text: string;
  doc: ParsedDocument;
  boundaries: string[];
  diagnostics: ReturnType<typeof checkDocument>;
  /** By measure key; absent when the model has nothing to measure (no boundary). */
  tasks: Record<string, () => unknown>;
}

export function coreTasks(elements: number): CoreTasks {
  const text = generateModel({ elements, seed: 1 });
  const doc: ParsedDocument = parseDocument(text);
  const boundaries = doc.model.boundaries.map((b) => b.id);
  // zone-1 is a typical leaf-level boundary (zone-0 is a root that others nest in).
  const one = boundaries[1] ?? boundaries[0];
  const diagnostics = checkDocument(doc, CHECK_OPTIONS);
  const tasks: Record<string, () => unknown> = {
    yamlLoad: () => load(text),
    parse: () => parseDocument(text),
    validate: () => {
      validateSchema(doc.yaml.root, doc.text);
      validateReferences(doc.model, doc.symbols, doc.lines);
    },
    analysis: () => analyze(doc),
    diagnostics: () => checkDocument(doc, CHECK_OPTIONS),
    // What the server and the CLI do per check; with coverage hints on, checkDocument runs the
    // whole analysis (STRIDE + LINDDUN + ATLAS) inside the coverage-gap checker.
    fullCheck: () => checkDocument(parseDocument(text), CHECK_OPTIONS),
    mermaidFull: () => toMermaid(doc.model, { overlay: true }),
    mermaidAllBoundaries: () => {
      for (const b of boundaries) toMermaid(doc.model, { overlay: true, boundary: b });
    },
    report: () => {
      const report = buildReport(doc, diagnostics, { today: '2026-01-01', file: 'synthetic.threatmodel' });
      renderMarkdown(report);
      renderHtml(report);
      renderJson(report);
    },
  };
  if (one) tasks.mermaidBoundary = () => toMermaid(doc.model, { overlay: true, boundary: one });
  return { text, doc, boundaries, diagnostics, tasks };
}

export function measureCore(elements: number, runs: number, warmup: number): CoreResult {
  const { text, doc, boundaries, diagnostics, tasks } = coreTasks(elements);
  const measures: Record<string, Measure> = {};
  for (const { key } of CORE_MEASURES) {
    const task = tasks[key];
    if (!task) {
      measures[key] = { na: 'no boundary' };
      continue;
    }
    try {
      measures[key] = time(task, runs, warmup, ADAPTIVE);
    } catch (error) {
      measures[key] = { na: `error: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

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
