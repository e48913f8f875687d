// `npm run bench`: the performance benchmark. Prints a table and writes bench/results.json.
// Options:
//   --sizes 100,1000,5000   model sizes (elements) for the core, server and preview parts
//   --runs N                measured runs per figure after one warm-up (default 5; --quick: 3)
//   --preview-runs N        measured pairs per preview case (default: --runs if given, else 15; --quick: 3)
//   --growth-pairs N        pairs of runs on the 1,000 and 5,000 element models per core measure, for the growth
//                           exponents the linearity budget reads (default 7; --quick: none)
//   --edit-runs N           measured pairs of (edit, js-yaml load) per server size (default: --runs if given, else 15; --quick: 3)
//   --quick                 fewer runs and edits (CI: npm run bench -- --sizes 100 --quick)
//   --only core,server,preview,bundle   run only these parts
//   --edits N               edits in the server memory series (default 1000; --quick: 100)
//   --memory-runs N         fresh server processes per memory-at-open figure, ours and the floor (default 3; --quick: 1)
//   --preview-timeout S     per-render timeout in the browser (default 60 s)
//   --preview-trace DIR     also trace 3 more pairs per preview case (Chromium trace files in DIR) and
//                           print the main thread's CPU per render by trace event for both pages
//   --print                 print the tables of the existing bench/results.json, measure nothing
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import { measureBundle } from './bundle';
import { CORE_MEASURES, measureCore } from './core';
import { measureGrowthPairs } from './growth';
import { measurePreview } from './preview';
import { coreGrowth, coreRatios, median, type Results } from './results';
import type { MemoryAtOpen } from './memory';
import { measureServer } from './server';
import { isSample, ratio, type Measure } from './stats';

// bench/.build/bench/run.js -> the repository root.
const ROOT = join(__dirname, '..', '..', '..');
const PARTS = ['core', 'server', 'preview', 'bundle'];

export interface Args {
  sizes: number[];
  runs: number;
  quick: boolean;
  parts: string[];
  edits: number;
  previewTimeout: number;
  /** Preview pairs: more than the other parts, since a render is seconds of a shared machine's time. */
  previewRuns: number;
  previewTrace?: string;
  /** Pairs of runs on the two growth sizes per core measure (0: none). */
  growthPairs: number;
  /** Fresh server processes per memory-at-open figure (ours and the floor). */
  memoryRuns: number;
  /** Server edit pairs (edit-to-diagnostics next to js-yaml load): many, since the budget is judged on them. */
  editRuns: number;
}

export function parseArgs(argv: string[]): Args {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`${name}=`));
    return eq?.slice(name.length + 1);
  };
  const quick = argv.includes('--quick');
  const sizes = (value('--sizes') ?? '100,1000,5000').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100000)) throw new Error(`--sizes takes element counts between 1 and 100000, e.g. --sizes 100,1000`);
  const runs = Number(value('--runs') ?? (quick ? 3 : 5));
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive whole number');
  const parts = (value('--only') ?? PARTS.join(',')).split(',').map((s) => s.trim());
  for (const p of parts) if (!PARTS.includes(p)) throw new Error(`--only takes ${PARTS.join(', ')}; got "${p}"`);
  const edits = Number(value('--edits') ?? (quick ? 100 : 1000));
  const previewTimeout = Number(value('--preview-timeout') ?? 60);
  const previewRuns = Number(value('--preview-runs') ?? value('--runs') ?? (quick ? 3 : 15));
  if (!Number.isInteger(previewRuns) || previewRuns < 1) throw new Error('--preview-runs takes a positive whole number');
  const editRuns = Number(value('--edit-runs') ?? value('--runs') ?? (quick ? 3 : 15));
  if (!Number.isInteger(editRuns) || editRuns < 1) throw new Error('--edit-runs takes a positive whole number');
  const growthPairs = Number(value('--growth-pairs') ?? (quick ? 0 : 7));
  const memoryRuns = Number(value('--memory-runs') ?? (quick ? 1 : 3));
  if (!Number.isInteger(growthPairs) || growthPairs < 0) throw new Error('--growth-pairs takes a whole number (0: none)');
  if (!Number.isInteger(memoryRuns) || memoryRuns < 1) throw new Error('--memory-runs takes a positive whole number');
  return { sizes: [...new Set(sizes)].sort((a, b) => a - b), runs, quick, parts, edits, previewTimeout, previewRuns, previewTrace: value('--preview-trace'), editRuns, growthPairs, memoryRuns };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function cell(m: Measure | undefined): string {
  if (!m) return '-';
  if (!isSample(m)) return m.na.split('\n')[0].slice(0, 70);
  return `${fmt(m.median)} (${fmt(m.min)}-${fmt(m.max)})`;
}

/** A paired ratio as `median x (q1-q3)`. */
function spread(x: { median: number; q1: number; q3: number } | undefined): string {
  return x ? `${x.median.toFixed(2)}x (${x.q1.toFixed(2)}-${x.q3.toFixed(2)})` : '-';
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderTables(r: Results): string {
  const out: string[] = [];
  const sizes = Object.keys(r.core);
  out.push(`Threat model benchmark, ${r.generatedAt}; ${r.machine.cpus} CPUs (${r.machine.cpuModel}), load ${r.machine.loadAverage.map((l) => l.toFixed(1)).join(' ')}, node ${r.machine.node}`);
  out.push('Times in ms: median (min-max) of the measured runs; x = ratio to the js-yaml load floor at the same size.');
  if (r.options.carried?.length) out.push(`Carried over from an earlier run (--only): ${r.options.carried.join(', ')}`);
  if (sizes.length) {
    out.push('');
    out.push(`Core (in process; runs: ${r.options.runs} after 1 warm-up, fast measures more until they add up to 1 s, at most 40; runs per figure in bench/results.json)`);
    const basis = r.growthBasis ? ` ${r.growthBasis[0]}->${r.growthBasis[1]}` : '';
    const headers = ['measure', ...sizes.flatMap((n) => [`${n} el.`, 'x']), `slope${basis}`, 'slope (min)', 'slope (paired)'];
    const rows = CORE_MEASURES.map(({ key, label }) => [
      label,
      ...sizes.flatMap((n) => [cell(r.core[n].measures[key]), r.core[n].ratios[key] == null ? '-' : `${r.core[n].ratios[key]!.toFixed(2)}x`]),
      r.growth[key] == null ? '-' : r.growth[key]!.toFixed(2),
      r.growthMin?.[key] == null ? '-' : r.growthMin[key]!.toFixed(2),
      spread(r.growthPaired?.[key]).replace(/x/g, ''),
    ]);
    out.push(table(headers, rows));
    out.push(
      sizes
        .map((n) => {
          const f = r.core[n].facts;
          return `  ${n} elements: ${(f.bytes / 1024).toFixed(0)} KB, ${f.lines} lines, ${f.diagnostics} diagnostics, ${f.proposals} analysis proposals, Mermaid ${(f.mermaidChars / 1024).toFixed(0)} KB`;
        })
        .join('\n'),
    );
  }
  if (r.server) {
    out.push('');
    out.push(`Language server over stdio (debounce: ${r.server.debounceMs} ms default, threatmodel.diagnostics.debounceMs)${r.server.na ? ` - ${r.server.na}` : ''}`);
    out.push(`  resident memory idle: ${r.server.rssIdleMB ?? 'n/a'} MB`);
    const rows = r.server.sizes.map((s) => [
      `${s.elements} elements (${(s.bytes / 1024).toFixed(0)} KB)`,
      cell(s.openToDiagnostics),
      cell(s.editToDiagnostics),
      cell(s.editToDiagnosticsNoDebounce),
      cell(s.completion),
      cell(s.hover),
      cell(s.yamlLoadFloor),
      spread(s.editOverFloor),
      s.rssAfterOpenMB === undefined ? 'n/a' : `${s.rssAfterOpenMB} MB`,
    ]);
    out.push(table(['model', 'open->diag', 'edit->diag', 'edit->diag (debounce 0)', 'completion', 'hover', 'js-yaml load (paired)', '(edit - debounce) / load', 'RSS open'], rows));
    const e = r.server.edits;
    if (e) {
      const settled = e.rssSettledAfterMB === undefined ? '' : ` -> ${e.rssSettledAfterMB} (settled${e.released ? '' : ', without the idle release'})`;
      out.push(`  ${e.edits} edits on ${e.model} elements in ${e.bursts} bursts (${e.seconds} s): RSS ${e.rssBeforeMB} (settled) -> ${e.rssHalfwayMB} (halfway) -> ${e.rssAfterMB} (after the last burst)${settled} MB`);
    }
    const m = r.server.memory;
    if (m) {
      const line = (x: MemoryAtOpen) =>
        x.na ??
        `idle ${x.idleMB ?? 'n/a'} MB, at the first diagnostics ${x.openMB ?? 'n/a'} MB, settled ${x.settledMB ?? 'n/a'} MB (above idle ${x.aboveIdleMB ?? 'n/a'} MB), peak ${x.peakMB ?? 'n/a'} MB (runs: ${x.runs.map((v) => `${v.idleMB}->${v.openMB}->${v.settledMB}${v.released ? '' : ' (no release)'}`).join(', ')})`;
      out.push(`  memory with the ${m.ours.elements} element model open, fresh processes, medians:`);
      out.push(`    ours:  ${line(m.ours)}`);
      out.push(`    floor: ${line(m.floor)} (js-yaml load kept by a minimal language server, bench/floorServer.ts)`);
    }
  }
  if (r.preview) {
    out.push('');
    out.push(
      `Preview in headless Chromium vs Mermaid alone (timeout ${r.preview.timeoutSeconds} s per render; preview threshold ${r.preview.defaultMaxNodes} elements, Mermaid maxEdges ${r.preview.maxEdges})${r.preview.na ? ` - ${r.preview.na}` : ''}`,
    );
    const rows = r.preview.cases.map((c, i) => [
      `${c.elements} el. ${c.view}${c.boundary ? ` ${c.boundary}` : ''} (${c.nodes} nodes, ${c.edges} edges)`,
      cell(c.preview),
      cell(c.mermaidAlone),
      c.pairedRatio ? spread(c.pairedRatio) : r.preview!.ratios[i] == null ? '-' : `${r.preview!.ratios[i]!.toFixed(2)}x`,
      spread(c.cpu?.pairedRatio),
      c.load ? c.load.join('-') : '-',
    ]);
    out.push('Overhead: median of preview / Mermaid alone over pairs of back-to-back runs (quartiles); CPU: the same for the renderer main-thread CPU time.');
    out.push(table(['diagram', 'preview', 'Mermaid alone', 'overhead', 'CPU', 'load'], rows));
  }
  if (r.bundle) {
    const b = r.bundle;
    out.push('');
    out.push('Bundles');
    out.push(`  dist/extension.js ${b.extensionKB ?? 'n/a'} KB as built; production (minified) ${b.extensionProductionKB ?? 'n/a'} KB; Mermaid inside: ${b.mermaidInExtension ? 'YES' : 'no'}`);
    if (b.largestInputs) out.push(`  largest inputs of the production bundle: ${b.largestInputs.map((i) => `${i.path} ${i.kB} KB`).join(', ')}`);
    out.push(`  dist/server.js ${b.serverKB ?? 'n/a'} KB, dist/webview/preview.js ${b.previewKB ?? 'n/a'} KB, report.js ${b.reportKB ?? 'n/a'} KB, mermaid.js ${b.mermaidKB ?? 'n/a'} KB (Mermaid copies in dist/webview: ${b.mermaidCopies ?? 'n/a'}), vsix ${b.vsix ? `${b.vsix.kB} KB (${b.vsix.file})` : 'n/a'}`);
    out.push(`  activation: ${b.activation?.ms !== undefined ? `${b.activation.ms} ms activate() (${b.activation.source})` : 'n/a'}`);
    for (const n of b.notes) out.push(`  note: ${n}`);
  }
  return out.join('\n');
}

/**
 * With --only, the parts not run now are kept from the previous bench/results.json (same sizes),
 * so one part can be re-measured without redoing the rest; `options.carried` names them.
 */
function mergePrevious(results: Results, file: string, args: Args): void {
  if (!existsSync(file)) return;
  let previous: Results;
  try {
    previous = JSON.parse(readFileSync(file, 'utf8')) as Results;
  } catch {
    return;
  }
  if (previous.schema !== 1 || previous.options.sizes.join() !== args.sizes.join()) return;
  const carried: string[] = [];
  if (!args.parts.includes('core') && Object.keys(previous.core).length) {
    Object.assign(results, { core: previous.core, growth: previous.growth, growthMin: previous.growthMin, growthBasis: previous.growthBasis, growthPaired: previous.growthPaired });
    carried.push(`core (${previous.generatedAt})`);
  }
  for (const part of ['server', 'preview', 'bundle'] as const) {
    if (!args.parts.includes(part) && previous[part]) {
      (results as unknown as Record<string, unknown>)[part] = previous[part];
      carried.push(`${part} (${previous.generatedAt})`);
    }
  }
  results.options.carried = carried;
}

async function main(): Promise<void> {
  if (process.argv.includes('--print')) {
    // Prints the tables of the existing bench/results.json without measuring.
    console.log(renderTables(JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8')) as Results));
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  const results: Results = {
    schema: 1,
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      loadAverage: os.loadavg(),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      note: 'shared machine: other processes may be running (see loadAverage)',
    },
    options: { sizes: args.sizes, runs: args.runs, quick: args.quick, parts: args.parts },
    core: {},
    growth: {},
  };
  if (args.parts.includes('core')) {
    for (const n of args.sizes) {
      log(`core: ${n} elements`);
      // As many runs at every size: the growth budget compares the fastest runs of two sizes, and
      // fewer runs at the larger one made its fastest run slower by chance alone.
      const r = measureCore(n, args.runs, 1);
      results.core[String(n)] = { ...r, ratios: coreRatios(r.measures) };
    }
    const g = coreGrowth(results.core);
    results.growth = g.growth;
    results.growthMin = g.growthMin;
    results.growthBasis = g.basis;
    if (args.growthPairs > 0 && args.sizes.includes(1000) && args.sizes.includes(5000)) {
      log('core: growth pairs, 1000 and 5000 elements');
      results.growthPaired = measureGrowthPairs(1000, 5000, args.growthPairs, log);
    }
  }
  if (args.parts.includes('server')) {
    log('server');
    const sizes = args.sizes.filter((n) => n >= 1000).length ? args.sizes.filter((n) => n >= 1000) : args.sizes;
    const burst = args.quick ? 10 : 50;
    results.server = await measureServer({ sizes, runs: args.runs, editRuns: args.editRuns, edits: args.edits, burst, memoryRuns: args.memoryRuns, log });
  }
  if (args.parts.includes('preview')) {
    log('preview');
    const sizes = args.sizes.filter((n) => n <= 1000);
    results.preview = { ...(await measurePreview({ root: ROOT, sizes, runs: args.previewRuns, timeoutSeconds: args.previewTimeout, log, traceDir: args.previewTrace && resolve(args.previewTrace) })), ratios: [] };
    results.preview.ratios = results.preview.cases.map((c) => c.pairedRatio?.median ?? ratio(median(c.preview), median(c.mermaidAlone)));
  }
  if (args.parts.includes('bundle')) results.bundle = measureBundle(ROOT);
  results.machine.loadAverage = os.loadavg();
  const file = join(ROOT, 'bench', 'results.json');
  if (args.parts.length < PARTS.length) mergePrevious(results, file, args);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(renderTables(results));
  console.log('\nWrote bench/results.json; check the budgets with npm run bench:check.');
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  });
}
