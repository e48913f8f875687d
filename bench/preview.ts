// The DFD preview in headless Chromium: the built webview (dist/webview/preview.js, in the
// extension's own HTML with its CSP, `acquireVsCodeApi` stubbed because VS Code's webview host
// cannot run here) drawing a `render` message, against the floor: the same Mermaid text drawn by
// Mermaid alone (bench/.build/mermaid-floor.js, same version, same configuration). Runs alternate
// between the two pages so load on the shared machine hits both alike.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { previewData, type PreviewView } from '../src/core/diagram/preview';
import { parseDocument } from '../src/core/document';
import { generateModel } from '../src/core/testing/generate';
import { previewHtml } from '../src/extension/preview/html';
import { MAX_EDGES } from '../src/webview/mermaidConfig';
import type { RenderMessage } from '../src/webview/messages';
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

export interface PreviewOptions {
  root: string;
  sizes: number[];
  runs: number;
  timeoutSeconds: number;
  log: (line: string) => void;
}

export async function measurePreview(options: PreviewOptions): Promise<PreviewResult> {
  const result: PreviewResult = { cases: [], defaultMaxNodes: 150, maxEdges: MAX_EDGES, timeoutSeconds: options.timeoutSeconds };
  const script = join(options.root, 'dist', 'webview', 'preview.js');
  const style = join(options.root, 'media', 'preview.css');
  const floorScript = join(options.root, 'bench', '.build', 'mermaid-floor.js');
  if (!existsSync(CHROMIUM)) return { ...result, na: `n/a: Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)` };
  if (!existsSync(script)) return { ...result, na: `n/a: ${script} is missing (node scripts/build.mjs)` };
  if (!existsSync(floorScript)) return { ...result, na: `n/a: ${floorScript} is missing (node bench/build.mjs)` };

  const files: Record<string, { type: string; body: Buffer | string }> = {
    [`${ORIGIN}/index.html`]: {
      type: 'text/html',
      body: previewHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/preview.js`, styleUri: `${ORIGIN}/preview.css`, nonce: 'YmVuY2hub25jZTEyMzQ1Ng==' }),
    },
    [`${ORIGIN}/preview.js`]: { type: 'text/javascript', body: readFileSync(script) },
    [`${ORIGIN}/preview.css`]: { type: 'text/css', body: existsSync(style) ? readFileSync(style) : '' },
    [`${ORIGIN}/floor.html`]: {
      type: 'text/html',
      body: `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${ORIGIN}; style-src 'unsafe-inline'"></head><body><div id="out"></div><script src="${ORIGIN}/mermaid-floor.js"></script></body></html>`,
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
        const outcome = await runCase(browser, files, message, options);
        c.preview = outcome.preview;
        c.mermaidAlone = outcome.floor;
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

async function openPage(browser: Browser, files: Record<string, { type: string; body: Buffer | string }>, path: string): Promise<{ context: BrowserContext; page: Page }> {
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
  return { context, page };
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

/** Times one render in the preview page: postMessage to the SVG in the canvas, then two frames. */
function previewRun(page: Page, message: RenderMessage): Promise<RunOutcome> {
  return page.evaluate(
    (msg) =>
      new Promise<RunOutcome>((resolve) => {
        const w = window as unknown as { __onPost?: (m: { type: string; message?: string }) => void };
        const canvas = document.getElementById('tm-canvas')!;
        const start = performance.now();
        let done = false;
        const finish = (r: RunOutcome) => {
          if (done) return;
          done = true;
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
        window.postMessage(msg, '*');
      }),
    message,
  );
}

/** Times the same text drawn by Mermaid alone, then two frames. */
function floorRun(page: Page, text: string): Promise<RunOutcome> {
  return page.evaluate(async (t) => {
    const start = performance.now();
    try {
      await (window as unknown as { benchRender(text: string): Promise<void> }).benchRender(t);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { ms: performance.now() - start };
  }, text);
}

async function runCase(
  browser: Browser,
  files: Record<string, { type: string; body: Buffer | string }>,
  message: RenderMessage,
  options: PreviewOptions,
): Promise<{ preview: Measure; floor: Measure; relaunch: boolean }> {
  const preview = await openPage(browser, files, 'index.html');
  await preview.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  const floor = await openPage(browser, files, 'floor.html');
  await floor.page.waitForFunction(() => typeof (window as unknown as { benchRender?: unknown }).benchRender === 'function');
  const times = { preview: [] as number[], floor: [] as number[] };
  const failed: { preview?: string; floor?: string } = {};
  let relaunch = false;
  const total = options.runs + 1; // the first is the warm-up
  for (let i = 0; i < total && !relaunch; i++) {
    // A comment line makes each run's text new (the preview skips a text it already shows).
    const text = `${message.mermaid}\n%% bench run ${i}\n`;
    for (const which of ['preview', 'floor'] as const) {
      if (failed[which]) continue;
      const run = which === 'preview' ? previewRun(preview.page, { ...message, version: i + 1, mermaid: text }) : floorRun(floor.page, text);
      const outcome = await withTimeout(run, options.timeoutSeconds * 1000);
      if (outcome === 'timeout') {
        failed[which] = `timed out after ${options.timeoutSeconds} s`;
        relaunch = true;
      } else if (outcome.error !== undefined) {
        failed[which] = `Mermaid refused: ${outcome.error.slice(0, 160)}`;
      } else if (i > 0 && outcome.ms !== undefined) {
        times[which].push(outcome.ms);
      }
    }
  }
  if (!relaunch) {
    await preview.context.close();
    await floor.context.close();
  }
  const measure = (which: 'preview' | 'floor'): Measure => (failed[which] ? { na: failed[which]! } : times[which].length ? summarize(times[which]) : { na: 'not run' });
  return { preview: measure('preview'), floor: measure('floor'), relaunch };
}
