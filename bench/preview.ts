// The DFD preview in headless Chromium: the built webview (dist/webview/mermaid.js + preview.js, in the
// extension's own HTML with its CSP, `acquireVsCodeApi` stubbed because VS Code's webview host
// cannot run here) drawing a `render` message, against the floor: the same Mermaid text drawn by
// Mermaid alone (dist/webview/mermaid.js driven by bench/.build/mermaid-floor.js, same configuration). Runs alternate
// between the two pages in pairs (bench/pairs.ts) so load on the shared machine hits both
// alike; besides the wall time, each render records the renderer's main-thread CPU time and its
// layout and style-recalculation counts (CDP Performance metrics), which show whether the preview
// does more work than Mermaid alone independently of the load.
import * as os from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { previewData, type PreviewView } from '../src/core/diagram/preview';
import { parseDocument } from '../src/core/document';
import { generateModel } from '../src/core/testing/generate';
import { previewHtml } from '../src/extension/preview/html';
import { MAX_EDGES } from '../src/webview/mermaidConfig';
import type { RenderMessage } from '../src/webview/messages';
import { pairOrder, pairedRatio, type Page as Which, type RatioSample } from './pairs';
import { compareProfiles, profilePage, TRACE_CATEGORIES } from './preview/trace';
import { summarize, type Measure } from './stats';

export const CHROMIUM = '/usr/bin/chromium';
const ORIGIN = 'https://bench.invalid';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface PreviewCase {
  elements: number;
  view: 'full' | 'boundary';
  boundary?: string;
  nodes: number;
  edges: number;
  mermaidChars: number;
  preview: Measure;
  mermaidAlone: Measure;
  /** preview / Mermaid alone per pair of back-to-back runs: median, quartiles, min-max. */
  pairedRatio?: RatioSample;
  /**
   * Renderer main-thread CPU time per render (CDP `Performance.getMetrics` ThreadTime), ms, and its
   * paired ratio. Other processes disturb it less than the wall time, but not nothing (caches).
   */
  cpu?: { preview: Measure; mermaidAlone: Measure; pairedRatio?: RatioSample };
  /** Median layouts and style recalculations per render: the same work gives the same counts. */
  work?: { preview: WorkCounts; mermaidAlone: WorkCounts };
  /** 1-minute load average when the case started and when it ended. */
  load?: [number, number];
  /**
   * The viewBox of the last drawing on each page: equal when both laid out the same labels with
   * the same fonts, i.e. did the same work.
   */
  viewBox?: { preview: string | null; mermaidAlone: string | null };
}

export interface WorkCounts {
  layouts: number;
  styleRecalcs: number;
}

export interface PreviewResult {
  cases: PreviewCase[];
  /** The preview's default threshold: above this many elements the full view asks before drawing. */
  defaultMaxNodes: number;
  maxEdges: number;
  timeoutSeconds: number;
  na?: string;
}

interface RunOutcome {
  ms?: number;
  error?: string;
  timeout?: boolean;
}

/** What the CDP Performance domain adds to a run: main-thread CPU and the work counters. */
interface RunMetrics {
  cpuMs: number;
  layouts: number;
  styleRecalcs: number;
}

export interface PreviewOptions {
  root: string;
  sizes: number[];
  runs: number;
  timeoutSeconds: number;
  log: (line: string) => void;
  /** Also trace a few more pairs per case into this directory and log where the time goes. */
  traceDir?: string;
}

export async function measurePreview(options: PreviewOptions): Promise<PreviewResult> {
  const result: PreviewResult = { cases: [], defaultMaxNodes: 150, maxEdges: MAX_EDGES, timeoutSeconds: options.timeoutSeconds };
  const script = join(options.root, 'dist', 'webview', 'preview.js');
  const mermaidScript = join(options.root, 'dist', 'webview', 'mermaid.js');
  const style = join(options.root, 'media', 'preview.css');
  const floorScript = join(options.root, 'bench', '.build', 'mermaid-floor.js');
  if (!existsSync(CHROMIUM)) return { ...result, na: `n/a: Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)` };
  if (!existsSync(script)) return { ...result, na: `n/a: ${script} is missing (node scripts/build.mjs)` };
  if (!existsSync(mermaidScript)) return { ...result, na: `n/a: ${mermaidScript} is missing (node scripts/build.mjs)` };
  if (!existsSync(floorScript)) return { ...result, na: `n/a: ${floorScript} is missing (node bench/build.mjs)` };

  const files: Record<string, { type: string; body: Buffer | string }> = {
    [`${ORIGIN}/index.html`]: {
      type: 'text/html',
      body: previewHtml({ cspSource: ORIGIN, mermaidUri: `${ORIGIN}/mermaid.js`, scriptUri: `${ORIGIN}/preview.js`, styleUri: `${ORIGIN}/preview.css`, nonce: 'YmVuY2hub25jZTEyMzQ1Ng==' }),
    },
    [`${ORIGIN}/mermaid.js`]: { type: 'text/javascript', body: readFileSync(mermaidScript) },
    [`${ORIGIN}/preview.js`]: { type: 'text/javascript', body: readFileSync(script) },
    [`${ORIGIN}/preview.css`]: { type: 'text/css', body: existsSync(style) ? readFileSync(style) : '' },
    [`${ORIGIN}/floor.html`]: {
      type: 'text/html',
      body: `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${ORIGIN}; style-src 'unsafe-inline'"></head><body><div id="out"></div><script src="${ORIGIN}/mermaid.js"></script><script src="${ORIGIN}/mermaid-floor.js"></script></body></html>`,
    },
    [`${ORIGIN}/mermaid-floor.js`]: { type: 'text/javascript', body: readFileSync(floorScript) },
  };

  let browser: Browser | undefined;
  const launch = async (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    browser = await launch();
    for (const elements of options.sizes) {
      const doc = parseDocument(generateModel({ elements, seed: 1 }));
      const boundary = doc.model.boundaries[1]?.id ?? doc.model.boundaries[0]?.id;
      const views: PreviewView[] = [{ kind: 'full' }];
      if (boundary) views.push({ kind: 'boundary', id: boundary });
      for (const view of views) {
        // force: draw even above the preview's node threshold (what "Draw anyway" does).
        const data = previewData(doc, { overlay: true, view, maxNodes: result.defaultMaxNodes, force: true });
        const message: RenderMessage = {
          type: 'render',
          version: 1,
          title: `bench-${elements}.threatmodel`,
          resource: `file:///bench-${elements}.threatmodel`,
          mermaid: data.mermaid,
          nodeMap: data.nodeMap,
          overlay: true,
          legend: data.legend,
          attackTrees: data.attackTrees,
          stats: data.stats,
          theme: 'light',
          view: data.view,
          views: data.views,
          locked: false,
        };
        options.log(`  preview: ${elements} elements, ${view.kind}${view.id ? ` ${view.id}` : ''} (${data.stats.nodes} nodes, ${data.stats.edges} edges)`);
        const c: PreviewCase = {
          elements,
          view: view.kind === 'boundary' ? 'boundary' : 'full',
          boundary: view.id,
          nodes: data.stats.nodes,
          edges: data.stats.edges,
          mermaidChars: data.mermaid.length,
          preview: { na: 'not run' },
          mermaidAlone: { na: 'not run' },
        };
        if (data.tooManyEdges) {
          // The preview does not send such a view to Mermaid (src/core/diagram/limits.ts): nothing to time.
          const why = `not drawn: ${data.tooManyEdges.edges} flows, over the preview's limit of ${data.tooManyEdges.maxEdges} (Mermaid's maxEdges)`;
          Object.assign(c, { preview: { na: why }, mermaidAlone: { na: why } });
          options.log(describeCase(c));
          result.cases.push(c);
          continue;
        }
        const load0 = os.loadavg()[0];
        const traceFile = options.traceDir ? join(options.traceDir, `preview-${elements}-${view.kind}${view.id ? `-${view.id}` : ''}.trace.json`) : undefined;
        const outcome = await runCase(browser, files, message, options, traceFile);
        Object.assign(c, outcome.figures, { load: [round2(load0), round2(os.loadavg()[0])] });
        options.log(describeCase(c));
        result.cases.push(c);
        if (outcome.relaunch) {
          // A render that timed out may still occupy the renderer: start over with a fresh browser.
          await browser.close().catch(() => undefined);
          browser = await launch();
        }
      }
    }
  } catch (error) {
    result.na = `error: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await browser?.close().catch(() => undefined);
  }
  return result;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** One line per case for the log: the paired ratios with their spread, CPU, work counts, load. */
function describeCase(c: PreviewCase): string {
  const r = (x: RatioSample | undefined): string =>
    x
      ? `${x.median.toFixed(2)}x (${x.ci90 ? `90% interval ${x.ci90[0].toFixed(2)}-${x.ci90[1].toFixed(2)}, ` : ''}quartiles ${x.q1.toFixed(2)}-${x.q3.toFixed(2)}, range ${x.min.toFixed(2)}-${x.max.toFixed(2)}, ${x.runs} pairs)`
      : 'n/a';
  const w = c.work ? `; layouts/style recalcs per render ${c.work.preview.layouts}/${c.work.preview.styleRecalcs} vs ${c.work.mermaidAlone.layouts}/${c.work.mermaidAlone.styleRecalcs}` : '';
  const same = c.viewBox ? `; same drawing: ${c.viewBox.preview === c.viewBox.mermaidAlone ? 'yes' : `NO (viewBox ${c.viewBox.preview} vs ${c.viewBox.mermaidAlone})`}` : '';
  return `    preview / Mermaid alone: wall ${r(c.pairedRatio)}; main-thread CPU ${r(c.cpu?.pairedRatio)}${w}${same}; load ${c.load?.join(' -> ') ?? '?'}`;
}

async function openPage(browser: Browser, files: Record<string, { type: string; body: Buffer | string }>, path: string): Promise<{ context: BrowserContext; page: Page; metrics: () => Promise<Record<string, number> | undefined> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  await context.route('**/*', (route) => {
    const file = files[route.request().url()];
    return file ? route.fulfill({ contentType: file.type, body: file.body }) : route.abort();
  });
  const page = await context.newPage();
  // MOCK of the VS Code webview host (the real one cannot run outside VS Code): records posts.
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    w.__posted = [];
    // __onPost lets a timing run hear an error at once, without polling during the render.
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => {
        (w.__posted as unknown[]).push(m);
        (w.__onPost as ((m: unknown) => void) | undefined)?.(m);
      },
      getState: () => undefined,
      setState: () => undefined,
    });
  });
  await page.goto(`${ORIGIN}/${path}`);
  // The CDP Performance domain: cumulative main-thread CPU (ThreadTime, s) and layout / style
  // recalculation counts of this page's renderer, read before and after each run.
  let metrics = async (): Promise<Record<string, number> | undefined> => undefined;
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    metrics = async () => {
      try {
        const { metrics: list } = await cdp.send('Performance.getMetrics');
        return Object.fromEntries(list.map((m) => [m.name, m.value]));
      } catch {
        return undefined;
      }
    };
  } catch {
    // Metrics are a diagnostic; the wall time is measured without them.
  }
  return { context, page, metrics };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Hands a run's input (the render message, or the text for Mermaid alone) to the page before the
 * run. Receiving a large message through Playwright costs the page tens of milliseconds of CPU
 * (25 ms for the 1,000 element model's ~90 KB message): kept out of both the timed window and the
 * CPU count.
 */
async function stage(page: Page, input: unknown): Promise<void> {
  await page.evaluate((x) => {
    (window as unknown as { __benchInput: unknown }).__benchInput = x;
  }, input);
}

/** Times one render in the preview page: postMessage to the SVG in the canvas, then two frames. */
function previewRun(page: Page): Promise<RunOutcome> {
  return page.evaluate(
    () =>
      new Promise<RunOutcome>((resolve) => {
        const w = window as unknown as { __onPost?: (m: { type: string; message?: string }) => void; __benchInput: RenderMessage };
        const canvas = document.getElementById('tm-canvas')!;
        performance.mark('preview-start'); // for --preview-trace
        const start = performance.now();
        let done = false;
        const finish = (r: RunOutcome) => {
          if (done) return;
          done = true;
          performance.mark('preview-end');
          observer.disconnect();
          w.__onPost = undefined;
          resolve(r);
        };
        const observer = new MutationObserver(() => {
          if (canvas.querySelector('svg')) requestAnimationFrame(() => requestAnimationFrame(() => finish({ ms: performance.now() - start })));
        });
        observer.observe(canvas, { childList: true });
        w.__onPost = (m) => {
          if (m.type === 'error') finish({ error: m.message ?? 'error' });
        };
        // What the extension's webview.postMessage does: a structured clone, delivered as a task.
        window.postMessage(w.__benchInput, '*');
      }),
  );
}

/** Times the same text drawn by Mermaid alone, then two frames. */
function floorRun(page: Page): Promise<RunOutcome> {
  return page.evaluate(async () => {
    const w = window as unknown as { benchRender(text: string): Promise<void>; __benchInput: string };
    performance.mark('floor-start'); // for --preview-trace
    const start = performance.now();
    try {
      await w.benchRender(w.__benchInput);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    performance.mark('floor-end');
    return { ms: performance.now() - start };
  });
}

/** Wall time, CPU time and work counts of the two pages, and the paired ratios. */
type CaseFigures = Pick<PreviewCase, 'preview' | 'mermaidAlone' | 'pairedRatio' | 'cpu' | 'work' | 'viewBox'>;

async function runCase(
  browser: Browser,
  files: Record<string, { type: string; body: Buffer | string }>,
  message: RenderMessage,
  options: PreviewOptions,
  traceFile?: string,
): Promise<{ figures: CaseFigures; relaunch: boolean }> {
  const preview = await openPage(browser, files, 'index.html');
  await preview.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  const floor = await openPage(browser, files, 'floor.html');
  await floor.page.waitForFunction(() => typeof (window as unknown as { benchRender?: unknown }).benchRender === 'function');
  const pages = { preview, floor };
  // Index = measured iteration, so the two pages' runs of one iteration pair up.
  const times: Record<Which, (number | undefined)[]> = { preview: [], floor: [] };
  const runMetrics: Record<Which, (RunMetrics | undefined)[]> = { preview: [], floor: [] };
  const failed: { preview?: string; floor?: string } = {};
  let relaunch = false;
  const total = options.runs + 1; // the first is the warm-up
  for (let i = 0; i < total && !relaunch; i++) {
    // A comment line makes each run's text new (the preview skips a text it already shows).
    const text = `${message.mermaid}\n%% bench run ${i}\n`;
    for (const which of pairOrder(i)) {
      if (failed[which]) continue;
      let before: Record<string, number> | undefined;
      const page = pages[which].page;
      const outcome = await withTimeout(
        (async () => {
          await stage(page, which === 'preview' ? { ...message, version: i + 1, mermaid: text } : text);
          before = await pages[which].metrics();
          return which === 'preview' ? previewRun(page) : floorRun(page);
        })(),
        options.timeoutSeconds * 1000,
      );
      if (outcome === 'timeout') {
        failed[which] = `timed out after ${options.timeoutSeconds} s`;
        relaunch = true;
      } else if (outcome.error !== undefined) {
        failed[which] = `Mermaid refused: ${outcome.error.slice(0, 160)}`;
      } else if (i > 0 && outcome.ms !== undefined) {
        times[which][i - 1] = outcome.ms;
        const after = await pages[which].metrics();
        runMetrics[which][i - 1] = before && after ? delta(before, after) : undefined;
      }
    }
  }
  let viewBox: PreviewCase['viewBox'];
  if (!relaunch && !failed.preview && !failed.floor) {
    const box = (page: Page, selector: string) => page.evaluate((sel) => document.querySelector(sel)?.getAttribute('viewBox') ?? null, selector);
    viewBox = { preview: await box(preview.page, '#tm-canvas svg'), mermaidAlone: await box(floor.page, '#out svg') };
  }
  if (traceFile && !relaunch && !failed.preview && !failed.floor) {
    await traceRuns(browser, pages, message, traceFile, options).catch((error) => options.log(`    trace failed: ${error instanceof Error ? error.message : String(error)}`));
  }
  if (!relaunch) {
    await preview.context.close();
    await floor.context.close();
  }
  const present = (xs: (number | undefined)[]): number[] => xs.filter((x): x is number => x !== undefined);
  const measure = (which: Which, xs: (number | undefined)[]): Measure =>
    failed[which] ? { na: failed[which]! } : present(xs).length ? summarize(present(xs)) : { na: 'not run' };
  const cpu = (which: Which) => runMetrics[which].map((m) => m?.cpuMs);
  const figures: CaseFigures = {
    preview: measure('preview', times.preview),
    mermaidAlone: measure('floor', times.floor),
    pairedRatio: pairedRatio(times.preview, times.floor),
    viewBox,
  };
  if (present(cpu('preview')).length && present(cpu('floor')).length) {
    figures.cpu = { preview: measure('preview', cpu('preview')), mermaidAlone: measure('floor', cpu('floor')), pairedRatio: pairedRatio(cpu('preview'), cpu('floor')) };
    const counts = (which: Which): WorkCounts => {
      const ms = runMetrics[which].filter((m): m is RunMetrics => !!m);
      return { layouts: summarize(ms.map((m) => m.layouts)).median, styleRecalcs: summarize(ms.map((m) => m.styleRecalcs)).median };
    };
    figures.work = { preview: counts('preview'), mermaidAlone: counts('floor') };
  }
  return { figures, relaunch };
}

/** Three more pairs under a Chromium trace, written to `file`; logs where the preview's time goes. */
async function traceRuns(browser: Browser, pages: Record<Which, { page: Page }>, message: RenderMessage, file: string, options: PreviewOptions): Promise<void> {
  await browser.startTracing(pages.preview.page, { categories: TRACE_CATEGORIES });
  for (let i = 0; i < 3; i++) {
    const text = `${message.mermaid}\n%% bench trace ${i}\n`;
    for (const which of pairOrder(i)) {
      const page = pages[which].page;
      await stage(page, which === 'preview' ? { ...message, version: 1_000_000 + i, mermaid: text } : text);
      const outcome = await withTimeout(which === 'preview' ? previewRun(page) : floorRun(page), options.timeoutSeconds * 1000);
      if (outcome === 'timeout' || outcome.error !== undefined) throw new Error(`${which}: ${outcome === 'timeout' ? 'timed out' : outcome.error}`);
    }
  }
  const buffer = await browser.stopTracing();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, buffer);
  const trace = JSON.parse(buffer.toString('utf8'));
  const preview = profilePage(trace, 'preview');
  const floor = profilePage(trace, 'floor');
  if (!preview || !floor) throw new Error('the trace has no marks from one of the pages');
  options.log(`    trace: ${file}`);
  for (const line of compareProfiles(preview, floor)) options.log(`      ${line}`);
}

function delta(before: Record<string, number>, after: Record<string, number>): RunMetrics | undefined {
  const d = (k: string): number | undefined => (typeof before[k] === 'number' && typeof after[k] === 'number' ? after[k] - before[k] : undefined);
  const thread = d('ThreadTime');
  const layouts = d('LayoutCount');
  const styles = d('RecalcStyleCount');
  if (thread === undefined || layouts === undefined || styles === undefined) return undefined;
  return { cpuMs: Math.round(thread * 1e4) / 10, layouts, styleRecalcs: styles };
}
