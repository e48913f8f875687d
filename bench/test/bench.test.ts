// Unit tests of the benchmark's own logic: statistics, growth exponents, argument parsing, the
// LSP position helper and the budget checks (pass, miss, and "not checked" in quick mode).
import * as assert from 'node:assert/strict';
import { checkBudgets, memoryFloorNote } from '../budgets';
import { medianCiRank, pairOrder, pairedRatio } from '../pairs';
import { compareProfiles, profilePage } from '../preview/trace';
import { coreGrowth, coreRatios, type Results } from '../results';
import { parseArgs } from '../run';
import { memoryAtOpen, type MemoryAtOpen } from '../memory';
import { FLOOR_SERVER_PATH, positionAt } from '../server';
import { SERVER_PATH } from '../../test/server/lspClient';
import { DEFAULT_RELEASE } from '../../src/server/memory';
import { quantile, slope, summarize, time, type Sample } from '../stats';

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

  it('times fast measures until they add up to the minimum total, within the cap; slow ones get their runs', () => {
    const busy = (ms: number) => () => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    // Only bounds that hold on a loaded machine: a run takes at least its busy time, maybe more.
    assert.equal(time(busy(0.1), 3, 0).runs, 3);
    const fast = time(busy(1), 3, 0, { minTotalMs: 20, maxRuns: 100 });
    assert.ok(fast.runs >= 3 && fast.runs <= 20, `runs ${fast.runs}`);
    assert.ok(fast.runs * fast.max >= 20, 'stopped only once the runs added up to the minimum total');
    assert.equal(time(() => undefined, 3, 0, { minTotalMs: 1000, maxRuns: 8 }).runs, 8);
    assert.equal(time(busy(10), 3, 0, { minTotalMs: 20, maxRuns: 100 }).runs, 3);
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

describe('bench: preview pairs', () => {
  it('alternates which page renders first, starting with the preview in the warm-up', () => {
    assert.deepEqual([0, 1, 2, 3].map(pairOrder), [
      ['preview', 'floor'],
      ['floor', 'preview'],
      ['preview', 'floor'],
      ['floor', 'preview'],
    ]);
  });

  it('takes the ratio per pair, skipping pairs with a missing run', () => {
    // A load spike doubles both runs of the second pair: the per-pair ratio does not move.
    const r = pairedRatio([110, 220, undefined, 105, 100], [100, 200, 90, 100, 100])!;
    assert.equal(r.runs, 4);
    assert.equal(r.median, 1.075);
    assert.equal(r.min, 1);
    assert.equal(r.max, 1.1);
    assert.ok(r.q1 <= r.median && r.median <= r.q3);
    assert.equal(pairedRatio([1], [undefined]), undefined);
    assert.equal(r.ci90, undefined, 'no interval from 4 pairs');
  });

  it('gives a 90% interval of the median from order statistics', () => {
    // n = 10: [x3, x8] covers the median with 1 - 2 x 56/1024 = 89.1% < 90%, so [x2, x9] (97.9%).
    assert.equal(medianCiRank(10), 2);
    assert.equal(medianCiRank(5), 1); // the whole range: 1 - 2/32 = 93.75%
    assert.equal(medianCiRank(4), undefined); // 1 - 2/16 = 87.5%
    assert.equal(medianCiRank(20), 6); // 1 - 2 x P(B <= 5) = 95.9%; k = 7 gives 88.5%
    const ten = pairedRatio([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], Array(10).fill(1))!;
    assert.deepEqual(ten.ci90, [2, 9]);
  });
});

describe('bench: preview trace summary', () => {
  // Two renderers: the preview (pid 1) starts in a message handler, Mermaid alone (pid 2) in a task
  // of its own; both run microtasks with a layout inside. Times in microseconds, tdur = CPU.
  const x = (pid: number, name: string, ts: number, dur: number, tdur = dur) => ({ name, ph: 'X', pid, tid: 1, ts, dur, tdur });
  const mark = (pid: number, name: string, ts: number) => ({ name, ph: 'R', pid, tid: 1, ts });
  const trace = {
    traceEvents: [
      x(1, 'RunTask', 1000, 10_000),
      mark(1, 'preview-start', 1100),
      x(1, 'FunctionCall', 1200, 2_000),
      x(1, 'RunMicrotasks', 3300, 6_000),
      x(1, 'Layout', 4000, 1_000),
      mark(1, 'preview-end', 10_900),
      x(1, 'RunTask', 20_000, 5_000), // after the window: not counted
      x(2, 'RunTask', 1000, 8_000, 7_000), // starts before its mark: counted whole
      mark(2, 'floor-start', 1200),
      x(2, 'RunMicrotasks', 2000, 5_000),
      x(2, 'Layout', 3000, 1_000),
      mark(2, 'floor-end', 8_900),
    ],
  };

  it('counts the main thread CPU of the tasks overlapping the marked windows, script grouped', () => {
    const p = profilePage(trace, 'preview')!;
    const f = profilePage(trace, 'floor')!;
    assert.equal(p.runs, 1);
    assert.equal(p.cpuPerRun, 10);
    assert.equal(p.selfPerRun.get('Layout'), 1);
    assert.equal(p.selfPerRun.get('script (functions, microtasks, task overhead)'), 9);
    assert.equal(f.cpuPerRun, 7); // the task's CPU time (tdur), not its wall time
    assert.equal(profilePage(trace, 'other'), undefined);
    const lines = compareProfiles(p, f);
    assert.match(lines[0], /preview 10\.0 ms, Mermaid alone 7\.0 ms/);
    assert.match(lines[2], /9\.0\s+6\.0\s+3\.0\s+script/);
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

  it('gives the preview 15 pairs by default, --runs when given, --preview-runs over both, 3 in quick mode', () => {
    assert.equal(parseArgs([]).previewRuns, 15);
    assert.equal(parseArgs([]).runs, 5);
    assert.equal(parseArgs(['--runs', '4']).previewRuns, 4);
    assert.equal(parseArgs(['--runs', '4', '--preview-runs=12']).previewRuns, 12);
    assert.equal(parseArgs(['--quick']).previewRuns, 3);
    assert.throws(() => parseArgs(['--preview-runs', '0']), /--preview-runs/);
  });

  it('gives the server 15 edit pairs by default, --runs when given, --edit-runs over both, 3 in quick mode', () => {
    assert.equal(parseArgs([]).editRuns, 15);
    assert.equal(parseArgs(['--runs', '4']).editRuns, 4);
    assert.equal(parseArgs(['--runs', '4', '--edit-runs=20']).editRuns, 20);
    assert.equal(parseArgs(['--quick']).editRuns, 3);
    assert.throws(() => parseArgs(['--edit-runs', '0']), /--edit-runs/);
  });

  it('pairs growth runs 7 times by default, none in quick mode, as asked with --growth-pairs', () => {
    assert.equal(parseArgs([]).growthPairs, 7);
    assert.equal(parseArgs(['--quick']).growthPairs, 0);
    assert.equal(parseArgs(['--growth-pairs', '3']).growthPairs, 3);
    assert.throws(() => parseArgs(['--growth-pairs', '-1']), /--growth-pairs/);
  });

  it('measures memory at open in 3 fresh processes by default, 1 in quick mode, as asked with --memory-runs', () => {
    assert.equal(parseArgs([]).memoryRuns, 3);
    assert.equal(parseArgs(['--quick']).memoryRuns, 1);
    assert.equal(parseArgs(['--memory-runs', '5']).memoryRuns, 5);
    assert.throws(() => parseArgs(['--memory-runs', '0']), /--memory-runs/);
  });

  it('converts offsets to LSP positions', () => {
    assert.deepEqual(positionAt('ab\ncd\n', 4), { line: 1, character: 1 });
    assert.deepEqual(positionAt('ab\ncd\n', 0), { line: 0, character: 0 });
    assert.deepEqual(positionAt('ab\ncd\n', 3), { line: 1, character: 0 });
  });
});

/** A fresh-process memory figure: idle, settled, and 30 MB more at the first diagnostics (peak 5 MB above that). */
function atOpen(idleMB: number, settledMB: number): MemoryAtOpen {
  const openMB = settledMB + 30;
  const run = { idleMB, openMB, settledMB, peakMB: openMB + 5, released: true };
  return { server: 'x', elements: 5000, bytes: 5 * 1048576, runs: [run], idleMB, openMB, settledMB, peakMB: openMB + 5, aboveIdleMB: settledMB - idleMB, openAboveIdleMB: openMB - idleMB };
}

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

  it('puts the memory floor server next to the memory budget, without changing its verdict', () => {
    const r = results();
    r.server!.sizes[1].rssAfterOpenMB = 200; // 150 MB above idle: over 50 + 10 x 5 MB
    const without = checkBudgets(r).find((o) => o.budget.startsWith('server memory with'))!;
    assert.equal(without.status, 'fail');
    assert.match(without.detail, /\(in sequence\)$/);
    r.server!.memory = { ours: atOpen(50, 200), floor: atOpen(40, 340) };
    const withFloor = checkBudgets(r).find((o) => o.budget.startsWith('server memory with'))!;
    assert.equal(withFloor.status, 'fail');
    assert.match(
      withFloor.detail,
      /\(settled, median of 1 fresh processes; 230\.0 MB at the first diagnostics, peak 235\.0 MB\); above idle: ours 150\.0 MB, js-yaml load in a minimal language server 300\.0 MB \(settled 340\.0, idle 40\.0\) = 0\.50x$/,
    );
    r.server!.memory = { ours: atOpen(50, 200), floor: { ...atOpen(40, 340), elements: 1000 } };
    assert.equal(memoryFloorNote(r, 150), '', 'no 5,000 element floor figure, no note');
  });

  it('judges server memory on the settled fresh-process medians when the run has them', () => {
    const r = results();
    r.server!.sizes[1].rssAfterOpenMB = 200; // in sequence: over the budget
    r.server!.memory = { ours: atOpen(50, 95), floor: atOpen(40, 140) };
    const outcome = checkBudgets(r).find((o) => o.budget.startsWith('server memory with'))!;
    assert.equal(outcome.status, 'pass', outcome.detail);
    // Settled under the budget although the first diagnostics' reading (125 MB) is over it.
    assert.match(outcome.detail, /^95\.0 MB vs 50\.0 \+ 10 x 5\.00 = 100\.0 MB \(settled, median of 1 fresh processes; 125\.0 MB at the first diagnostics, peak 130\.0 MB\)/);
    r.server!.memory = { ours: atOpen(50, 105), floor: atOpen(40, 140) };
    assert.equal(checkBudgets(r).find((o) => o.budget.startsWith('server memory with'))!.status, 'fail');
  });

  it('says when a run read the settled memory without the server\'s idle release', () => {
    const r = results();
    const ours = atOpen(50, 95);
    ours.runs = [ours.runs[0], { ...ours.runs[0], released: false }, ours.runs[0]];
    r.server!.memory = { ours, floor: atOpen(40, 140) };
    const outcome = checkBudgets(r).find((o) => o.budget.startsWith('server memory with'))!;
    assert.match(outcome.detail, /1 of 3 runs without the idle release/);
  });

  it('falls back to the in-sequence memory figure for results without a settled one', () => {
    const r = results();
    r.server!.sizes[1].rssAfterOpenMB = 90;
    const old = atOpen(50, 95);
    delete old.settledMB;
    r.server!.memory = { ours: old, floor: atOpen(40, 140) };
    const outcome = checkBudgets(r).find((o) => o.budget.startsWith('server memory with'))!;
    assert.match(outcome.detail, /\(in sequence\)/);
  });

  it('judges memory growth over the edits settled against settled when the run has both, naming the readings while typing', () => {
    const r = results();
    // While typing the heap holds garbage: 190 MB right after the last burst, over 90 + 32.
    r.server!.edits = { model: 5000, edits: 1000, bursts: 20, rssBeforeMB: 90, rssHalfwayMB: 180, rssAfterMB: 190, rssSettledAfterMB: 100, released: true, seconds: 10 };
    const pass = checkBudgets(r).find((o) => o.budget.startsWith('server memory does not grow'))!;
    assert.equal(pass.status, 'pass', pass.detail);
    assert.match(pass.detail, /90\.0 -> 100\.0 MB \(\+10\.0, allowed \+32\.0\); settled before and after; while typing 180\.0 MB halfway, 190\.0 MB after the last burst$/);
    r.server!.edits = { ...r.server!.edits, rssSettledAfterMB: 130, released: false };
    const fail = checkBudgets(r).find((o) => o.budget.startsWith('server memory does not grow'))!;
    assert.equal(fail.status, 'fail');
    assert.match(fail.detail, /settled before and after \(without the idle release\)/);
  });

  it('judges the preview on the median of its paired ratios when the run has them', () => {
    const r = results();
    const c = r.preview!.cases[0];
    // The medians come from different moments of a loaded machine; the pairs do not.
    c.preview = s(150);
    c.pairedRatio = { median: 1.02, min: 0.9, max: 1.3, iqr: 0.1, runs: 10, q1: 0.97, q3: 1.07 };
    const pass = checkBudgets(r).find((o) => o.budget.startsWith('preview render'))!;
    assert.equal(pass.status, 'pass', pass.detail);
    assert.match(pass.detail, /median of 10 paired ratios 1\.02x \(quartiles 0\.97-1\.07\)/);
    c.preview = s(100);
    c.pairedRatio = { ...c.pairedRatio, median: 1.15 };
    assert.equal(checkBudgets(r).find((o) => o.budget.startsWith('preview render'))!.status, 'fail');
  });

  it('judges edit-to-diagnostics on the median of its paired (edit - debounce) / load ratios when the run has them', () => {
    const r = results();
    const size = r.server!.sizes[0];
    // The medians (edits and floors from different moments) would miss: 500 > 200 + 2 x 100.
    size.editToDiagnostics = s(500);
    size.yamlLoadFloor = s(100);
    size.editOverFloor = { median: 1.8, min: 1.5, max: 2.6, iqr: 0.3, runs: 15, q1: 1.7, q3: 2.0, ci90: [1.6, 2.1] };
    const pass = checkBudgets(r).find((o) => o.budget.startsWith('edit-to-diagnostics'))!;
    assert.equal(pass.status, 'pass', pass.detail);
    assert.match(pass.detail, /median of 15 paired \(edit - 200 ms\) \/ load ratios 1\.80x \(quartiles 1\.70-2\.00; 90% interval 1\.60-2\.10\)/);
    size.editToDiagnostics = s(300);
    size.editOverFloor = { ...size.editOverFloor, median: 2.2 };
    assert.equal(checkBudgets(r).find((o) => o.budget.startsWith('edit-to-diagnostics'))!.status, 'fail');
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

  it('judges growth on the median of paired slopes when the run has them', () => {
    const r = results();
    // The per-size fastest runs say superlinear (drift between the two sizes' minutes)...
    r.core['5000'].measures.parse = s(200 * 5 * 2);
    const g = coreGrowth(r.core);
    Object.assign(r, { growth: g.growth, growthMin: g.growthMin });
    const sample = (median: number) => ({ median, min: median - 0.1, max: median + 0.1, iqr: 0.05, runs: 7, q1: median - 0.03, q3: median + 0.03 });
    // ...the pairs, taken back to back, do not.
    r.growthPaired = { parse: sample(1.02), fullCheck: sample(0.98), mermaidFull: sample(1.0) };
    const pass = checkBudgets(r).find((o) => o.budget.startsWith('every core measure'))!;
    assert.equal(pass.status, 'pass', pass.detail);
    assert.match(pass.budget, /median of paired runs/);
    assert.match(pass.detail, /parse 1\.02/);
    r.growthPaired.mermaidFull = sample(1.3);
    const missed = checkBudgets(r).find((o) => o.budget.startsWith('every core measure'))!;
    assert.equal(missed.status, 'fail');
    assert.match(missed.detail, /over: mermaidFull 1\.30/);
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

describe('bench: memory at open in fresh processes', () => {
  it('starts the built floor server twice, reads its resident memory idle and after opening a model, and takes medians', async function () {
    this.timeout(60_000);
    const m = await memoryAtOpen(FLOOR_SERVER_PATH, 100, 2);
    assert.equal(m.na, undefined, m.na);
    assert.equal(m.runs.length, 2);
    assert.equal(m.elements, 100);
    assert.ok(m.bytes > 10_000);
    for (const run of m.runs) {
      assert.ok(run.idleMB > 10 && run.openMB > 10 && run.settledMB > 10, JSON.stringify(run));
      assert.ok(run.peakMB >= run.settledMB && run.peakMB >= run.idleMB, JSON.stringify(run));
      // A 100 element model is under the release threshold: read after a pause, no release.
      assert.equal(run.released, false);
    }
    assert.equal(m.idleMB, Math.round(((m.runs[0].idleMB + m.runs[1].idleMB) / 2) * 10) / 10);
    assert.ok(m.aboveIdleMB !== undefined && m.settledMB !== undefined && m.peakMB !== undefined);
  });

  it('reads the settled figure after the server has given memory back, for a model over the release threshold', async function () {
    this.timeout(90_000);
    const m = await memoryAtOpen(SERVER_PATH, 1000, 1);
    assert.equal(m.na, undefined, m.na);
    assert.ok(m.bytes >= DEFAULT_RELEASE.fromChars, `${m.bytes}`);
    const [run] = m.runs;
    assert.equal(run.released, true, JSON.stringify(run));
    assert.ok(run.peakMB >= run.openMB, JSON.stringify(run));
  });

  it('says when a server is not built', async () => {
    const m = await memoryAtOpen('/nonexistent/floor-server.js', 100, 2);
    assert.match(m.na ?? '', /missing/);
    assert.deepEqual(m.runs, []);
  });
});
