// Unit tests of the benchmark's own logic: statistics, growth exponents, argument parsing, the
// LSP position helper and the budget checks (pass, miss, and "not checked" in quick mode).
import * as assert from 'node:assert/strict';
import { checkBudgets } from '../budgets';
import { coreGrowth, coreRatios, type Results } from '../results';
import { parseArgs } from '../run';
import { positionAt } from '../server';
import { quantile, slope, summarize, type Sample } from '../stats';

const s = (median: number): Sample => ({ median, min: median, max: median, iqr: 0, runs: 3 });

function results(overrides: Partial<Results> = {}): Results {
  const facts = { elements: 0, bytes: 0, lines: 0, diagnostics: 0, codes: {}, proposals: 0, mermaidChars: 0, boundaries: 0 };
  const size = (floor: number, k: number) => {
    const measures = { yamlLoad: s(floor), fullCheck: s(floor * k), mermaidFull: s(floor * 0.1), parse: s(floor * 2) };
    return { facts, measures, ratios: coreRatios(measures) };
  };
  const core = { '1000': size(100, 2.5), '5000': size(500, 2.5) };
  const g = coreGrowth(core);
  return {
    schema: 1,
    generatedAt: 'now',
    machine: { cpus: 2, cpuModel: 'x', loadAverage: [0, 0, 0], node: 'v20', platform: 'linux', note: '' },
    options: { sizes: [1000, 5000], runs: 3, quick: false, parts: [] },
    core,
    growth: g.growth,
    growthMin: g.growthMin,
    growthBasis: g.basis,
    server: {
      debounceMs: 200,
      rssIdleMB: 50,
      sizes: [
        { elements: 1000, bytes: 1e6, openToDiagnostics: s(300), editToDiagnostics: s(350), editToDiagnosticsNoDebounce: s(150), completion: s(5), hover: s(5), rssAfterOpenMB: 80 },
        { elements: 5000, bytes: 5 * 1048576, openToDiagnostics: s(900), editToDiagnostics: s(1200), editToDiagnosticsNoDebounce: s(900), completion: s(9), hover: s(9), rssAfterOpenMB: 90 },
      ],
      edits: { model: 5000, edits: 1000, bursts: 20, rssBeforeMB: 90, rssHalfwayMB: 95, rssAfterMB: 100, seconds: 10 },
    },
    preview: { cases: [{ elements: 100, view: 'full', nodes: 100, edges: 200, mermaidChars: 1, preview: s(105), mermaidAlone: s(100) }], defaultMaxNodes: 150, maxEdges: 1000, timeoutSeconds: 60, ratios: [1.05] },
    bundle: { extensionKB: 800, extensionProductionKB: 250, mermaidInExtension: false, notes: [] },
    ...overrides,
  };
}

describe('bench: statistics', () => {
  it('median, quartiles and spread', () => {
    assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
    const sum = summarize([5, 1, 9, 3, 7]);
    assert.deepEqual(sum, { median: 5, min: 1, max: 9, iqr: 4, runs: 5 });
  });

  it('growth exponent: 1 for linear, 2 for quadratic, undefined without data', () => {
    assert.equal(slope(1000, 10, 5000, 50), 1);
    assert.equal(slope(1000, 10, 5000, 250), 2);
    assert.equal(slope(1000, undefined, 5000, 50), undefined);
    assert.equal(slope(1000, 0, 5000, 50), undefined);
  });

  it('uses 1,000 -> 5,000 as the growth basis when both are there, else the two largest sizes', () => {
    const m = (x: number) => ({ facts: results().core['1000'].facts, measures: { parse: s(x) }, ratios: {} });
    assert.deepEqual(coreGrowth({ '100': m(1), '1000': m(10), '5000': m(50) }).basis, [1000, 5000]);
    assert.deepEqual(coreGrowth({ '100': m(1), '1000': m(10) }), { growth: { parse: 1 }, growthMin: { parse: 1 }, basis: [100, 1000] });
    assert.deepEqual(coreGrowth({ '100': m(1) }), { growth: {} });
  });
});

describe('bench: arguments and positions', () => {
  it('parses --sizes, --quick and --only', () => {
    const a = parseArgs(['--sizes', '1000,100', '--quick', '--only=core,bundle']);
    assert.deepEqual(a.sizes, [100, 1000]);
    assert.equal(a.runs, 3);
    assert.equal(a.edits, 100);
    assert.deepEqual(a.parts, ['core', 'bundle']);
    assert.deepEqual(parseArgs([]).sizes, [100, 1000, 5000]);
    assert.throws(() => parseArgs(['--sizes', 'ten']), /--sizes/);
    assert.throws(() => parseArgs(['--only', 'gpu']), /--only/);
  });

  it('converts offsets to LSP positions', () => {
    assert.deepEqual(positionAt('ab\ncd\n', 4), { line: 1, character: 1 });
    assert.deepEqual(positionAt('ab\ncd\n', 0), { line: 0, character: 0 });
    assert.deepEqual(positionAt('ab\ncd\n', 3), { line: 1, character: 0 });
  });
});

describe('bench: budgets', () => {
  it('passes when every figure is within its budget', () => {
    const out = checkBudgets(results());
    assert.deepEqual(
      out.filter((o) => o.status !== 'pass').map((o) => `${o.status}: ${o.budget}: ${o.detail}`),
      [],
    );
    assert.ok(out.length >= 8);
  });

  it('reports each missed budget with its figures', () => {
    const r = results();
    r.core['5000'].measures.fullCheck = s(500 * 4); // 4x the floor; and grows faster than linear
    r.core['5000'].ratios = coreRatios(r.core['5000'].measures);
    const g = coreGrowth(r.core);
    r.growth = g.growth;
    r.growthMin = g.growthMin;
    r.bundle = { extensionKB: 800, extensionProductionKB: 400, mermaidInExtension: true, notes: [] };
    r.preview!.cases[0].preview = s(150);
    r.server!.sizes[0].editToDiagnostics = s(500); // > 200 + 2 x 100
    r.server!.sizes[1].rssAfterOpenMB = 200; // > 50 + 10 x 5 MB
    r.server!.edits!.rssAfterMB = 200;
    const failed = checkBudgets(r).filter((o) => o.status === 'fail').map((o) => o.budget);
    assert.equal(failed.length, 8, failed.join('\n'));
    assert.ok(failed.some((b) => b.startsWith('full check')));
    assert.ok(failed.some((b) => b.startsWith('every core measure')));
    assert.ok(failed.some((b) => b.startsWith('edit-to-diagnostics')));
    assert.ok(failed.some((b) => b.startsWith('preview render')));
    assert.ok(failed.some((b) => b.startsWith('extension bundle')));
    assert.ok(failed.some((b) => b.startsWith('Mermaid is not')));
    assert.ok(failed.some((b) => b.startsWith('server memory with')));
    assert.ok(failed.some((b) => b.startsWith('server memory does not grow')));
  });

  it('judges growth on the fastest runs, and not for the every-boundary sum (quadratic by construction)', () => {
    const r = results();
    // Load on the machine slowed the median at 5,000 elements, not the fastest run.
    r.core['5000'].measures.parse = { median: 400 * 5 * 2, min: 200 * 5, max: 9000, iqr: 1, runs: 3 };
    r.core['1000'].measures.parse = { median: 400, min: 200, max: 500, iqr: 1, runs: 3 };
    r.core['1000'].measures.mermaidAllBoundaries = s(10);
    r.core['5000'].measures.mermaidAllBoundaries = s(250);
    const g = coreGrowth(r.core);
    Object.assign(r, { growth: g.growth, growthMin: g.growthMin });
    assert.equal(r.growth.parse! > 1.15, true);
    const linear = checkBudgets(r).find((o) => o.budget.startsWith('every core measure'))!;
    assert.equal(linear.status, 'pass', linear.detail);
    r.core['5000'].measures.parse = s(200 * 5 * 2);
    const g2 = coreGrowth(r.core);
    Object.assign(r, { growth: g2.growth, growthMin: g2.growthMin });
    const missed = checkBudgets(r).find((o) => o.budget.startsWith('every core measure'))!;
    assert.equal(missed.status, 'fail');
    assert.match(missed.detail, /over: parse 1\.43/);
  });

  it('says which budgets were not checked in quick mode (only the 100 element model)', () => {
    const quick = results({
      core: { '100': { ...results().core['1000'] } },
      growth: {},
      growthBasis: undefined,
      server: { debounceMs: 200, rssIdleMB: 50, sizes: [] },
      preview: undefined,
    });
    const out = checkBudgets(quick);
    const unchecked = out.filter((o) => o.status === 'unchecked').map((o) => o.budget);
    assert.ok(unchecked.some((b) => b.startsWith('full check of the 5,000')));
    assert.ok(unchecked.some((b) => b.startsWith('every core measure')));
    assert.ok(unchecked.some((b) => b.startsWith('edit-to-diagnostics')));
    assert.ok(unchecked.some((b) => b.startsWith('preview render')));
    assert.ok(unchecked.some((b) => b.startsWith('server memory with')));
    assert.ok(out.some((o) => o.budget.startsWith('Mermaid generation') && o.status === 'pass'));
  });
});
