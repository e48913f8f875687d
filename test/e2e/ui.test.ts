// UI checks of the installed .vsix in code-server, driven by Debian's Chromium (playwright-core).
// Started by scripts/test-e2e.mjs, which installs the package, starts code-server and passes:
//   E2E_URL (workbench URL with the workspace folder), E2E_WORKSPACE, E2E_EXTENSIONS_DIR, E2E_RESULTS.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

const URL = process.env.E2E_URL ?? '';
const WORKSPACE = process.env.E2E_WORKSPACE ?? '';
const EXTENSIONS = process.env.E2E_EXTENSIONS_DIR ?? '';
const RESULTS = process.env.E2E_RESULTS ?? 'test-results/e2e';
const EXAMPLE = 'spam-classifier.threatmodel';

interface CliDiagnostic {
  code: string;
  message: string;
  range: { start: { line: number; character: number } };
}

function installedExtension(): { dir: string; manifest: { contributes: { commands: { command: string; title: string; category?: string }[] } } } {
  const name = readdirSync(EXTENSIONS).find((n) => n.startsWith('threatmodel-as-code.threatmodel-vscode-'));
  assert.ok(name, 'the extension is installed in the extensions dir');
  const dir = join(EXTENSIONS, name);
  return { dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) };
}

/** The installed CLI's findings for the example (same core as the language server). */
function cliDiagnostics(): CliDiagnostic[] {
  const cli = join(installedExtension().dir, 'dist', 'cli.js');
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'check', '--format', 'json', join(WORKSPACE, EXAMPLE)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    out = (error as { stdout?: string }).stdout ?? '';
  }
  return JSON.parse(out) as CliDiagnostic[];
}

/** "Category: Title" of a contributed command, as the Command Palette shows it. */
function paletteTitle(command: string): string {
  const entry = installedExtension().manifest.contributes.commands.find((c) => c.command === command);
  assert.ok(entry, `${command} is contributed`);
  return entry.category ? `${entry.category}: ${entry.title}` : entry.title;
}

async function runCommand(page: Page, command: string): Promise<void> {
  const title = paletteTitle(command);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(RESULTS, name) });
}

function analysisHeader(page: Page) {
  return page.locator('.pane-header', { hasText: 'Threat Analysis' });
}

async function problemRows(page: Page, text: string): Promise<number> {
  return page.locator('.markers-panel .monaco-list-row', { hasText: text }).count();
}

/** The frame (nested webview iframes) that holds a rendered Mermaid SVG, if any. */
async function frameWithSvg(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    try {
      if ((await frame.locator('svg g.node, svg .node').count()) > 0) return frame;
    } catch {
      // detached frames are skipped
    }
  }
  return undefined;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the packaged extension in VS Code (code-server + Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let unmitigated: CliDiagnostic[];

  before(async () => {
    assert.ok(URL && WORKSPACE && EXTENSIONS, 'started by scripts/test-e2e.mjs');
    unmitigated = cliDiagnostics().filter((d) => d.code === 'unmitigated-threat');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(URL, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: EXAMPLE }).waitFor({ timeout: 90_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await shot(page, `failed-${this.currentTest.title.replace(/[^\w]+/g, '-').slice(0, 60)}.png`).catch(() => undefined);
    }
  });

  after(async () => {
    if (page) await shot(page, 'final.png').catch(() => undefined);
    await browser?.close();
  });

  it('opens an example and lists its problems in the Problems panel', async () => {
    assert.ok(unmitigated.length >= 2, 'the example has deliberate gaps (unmitigated threats)');
    // The Threat Analysis view is shown only while a model is active (context key threatmodel.active).
    assert.equal(await analysisHeader(page).count(), 0, 'no Threat Analysis view before a model is open');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: EXAMPLE }).click();
    await page.locator('.tabs-container .tab', { hasText: EXAMPLE }).waitFor({ timeout: 30_000 });
    await analysisHeader(page).waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ timeout: 30_000 });
    const count = await until('the unmitigated threats in the Problems panel', async () => {
      const n = await problemRows(page, 'unmitigated-threat');
      return n >= unmitigated.length ? n : undefined;
    });
    assert.equal(count, unmitigated.length, 'every unmitigated threat is listed once');
    // The status bar counts the same problems.
    await shot(page, 'problems.png');
  });

  it('applies a quick fix from the light bulb (Ctrl+.) and the problem disappears', async () => {
    const target = unmitigated[0];
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${target.range.start.line + 1}:${target.range.start.character + 1}`);
    await page.keyboard.press('Enter');
    // As a user would: wait for the light bulb, then press Ctrl+. (again if the first request was
    // cancelled by a concurrent diagnostics update: VS Code then says "No code actions available").
    await page.locator('.lightBulbWidget').first().waitFor({ state: 'visible', timeout: 30_000 });
    const menu = page.locator('.action-widget');
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      const shown = await menu.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false);
      if (shown) break;
      if (attempt === 3) assert.fail('the quick fix menu did not open after three Ctrl+.');
      await page.keyboard.press('Escape');
    }
    const actions = menu.locator('.monaco-list-row.action');
    await until('quick fix entries', async () => ((await actions.count()) > 0 ? true : undefined));
    const titles = await actions.allInnerTexts();
    assert.ok(titles.length >= 1, 'quick fixes are offered');
    await shot(page, 'problems-quickfix.png');
    // The focused entry is the first quick fix; Enter applies it (a pointer shield covers the
    // menu for mouse clicks while it animates in).
    const applied = await menu.locator('.monaco-list-row.action.focused').getAttribute('aria-label');
    assert.ok(applied, 'a quick fix is focused');
    await page.keyboard.press('Enter');
    await until('the fixed problem to leave the Problems panel', async () => {
      const n = await problemRows(page, 'unmitigated-threat');
      return n === unmitigated.length - 1 ? true : undefined;
    });
  });

  it('opens the DFD preview and renders the diagram as SVG inside the webview', async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    await runCommand(page, 'threatmodel.preview.openToSide');
    const frame = await until('a rendered SVG in the preview webview', () => frameWithSvg(page), 60_000);
    const nodes = await frame.locator('svg g.node, svg .node').count();
    assert.ok(nodes >= 5, `the diagram has its elements (${nodes} nodes)`);
    const text = await frame.locator('svg').first().textContent();
    assert.match(text ?? '', /Spam classification REST API/, 'element names are drawn');
    await shot(page, 'dfd-preview-with-problems.png');
    // For the README: hide the side bar and the panel so the diagram gets the room.
    await page.keyboard.press('Control+B');
    await page.keyboard.press('Control+J');
    await new Promise((r) => setTimeout(r, 500));
    // ...and give the preview most of the width (drag the sash between the editor groups), then fit.
    const sash = page.locator('.part.editor .monaco-sash.vertical').first();
    const box = await sash.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x - 380, box.y + box.height / 2, { steps: 10 });
      await page.mouse.up();
    }
    const fit = frame.getByRole('button', { name: 'Fit' });
    if ((await fit.count()) > 0) await fit.first().click();
    await new Promise((r) => setTimeout(r, 1500));
    await shot(page, 'dfd-preview.png');
    if (box) {
      const moved = await sash.boundingBox();
      if (moved) {
        await page.mouse.move(moved.x + moved.width / 2, moved.y + moved.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width / 2, moved.y + moved.height / 2, { steps: 10 });
        await page.mouse.up();
      }
    }
    await page.keyboard.press('Control+B');
    await page.keyboard.press('Control+J');
  });

  it('runs the analysis from the Command Palette', async () => {
    await page.keyboard.press('Control+1');
    await runCommand(page, 'threatmodel.analyze.all');
    const pane = page.locator('.pane', { has: analysisHeader(page) });
    const rows = pane.locator('.monaco-list-row');
    await until('analysis results in the Threat Analysis view', async () => ((await rows.count()) > 0 ? true : undefined), 60_000);
    const message = await until('the summary message', async () => {
      const text = (await pane.textContent()) ?? '';
      return /STRIDE, LINDDUN and MITRE ATLAS: \d+ new, \d+ covered/.test(text) ? text : undefined;
    }, 10_000);
    assert.match(message, /STRIDE, LINDDUN and MITRE ATLAS: \d+ new, \d+ covered/, 'the view says how many proposals are new and covered');
    const texts = await rows.allInnerTexts();
    assert.ok(texts.some((t) => /inference_api/.test(t)), `proposals grouped by target (got ${texts.slice(0, 8).join(' / ')})`);
    // For the README: give the view the side bar (collapse the folder view, hide the panel), and
    // show the MITRE ATLAS proposals for the inference API (the first target).
    const folders = page.locator('.pane-header', { hasText: 'Workspace' }).first();
    await folders.click();
    await page.keyboard.press('Control+J');
    await rows.filter({ hasText: 'MITRE ATLAS' }).first().click();
    const proposals = pane.locator('.monaco-list-row[aria-level="3"]');
    await until('the ATLAS proposals to expand', async () => ((await proposals.count()) > 0 ? true : undefined), 10_000);
    const first = (await proposals.first().getAttribute('aria-label')) ?? (await proposals.first().innerText());
    assert.ok(first.length > 10, `a proposal is listed (${first})`);
    await new Promise((r) => setTimeout(r, 800));
    await shot(page, 'analysis.png');
    await page.keyboard.press('Control+J');
    await folders.click();
  });

  it('raised no uncaught errors in the workbench page', () => {
    const ours = pageErrors.filter((e) => /threatmodel|threat model/i.test(e));
    assert.deepEqual(ours, []);
  });
});
