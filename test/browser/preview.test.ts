// The DFD preview webview in real headless Chromium (Debian's /usr/bin/chromium via playwright-core).
// The page is the extension's own HTML (same CSP, same nonce scheme) around the BUILT bundles
// dist/webview/mermaid.js and preview.js and media/preview.css. VS Code's webview host cannot run in a plain
// browser, so `acquireVsCodeApi` is a MOCK (an init script) that records what the webview posts;
// the render messages are built from the real core (`previewData`) exactly as the extension does.
// Every request goes through page routing: the three files are served, anything else is refused and
// recorded, which proves the preview loads nothing from the network.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseDocument } from '../../src/core/document';
import { previewData, type PreviewRequest } from '../../src/core/diagram/preview';
import { previewHtml } from '../../src/extension/preview/html';
import type { FromWebview, RenderMessage, ThemeKind } from '../../src/webview/messages';

const root = join(__dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const ORIGIN = 'https://webview.test';
const WEBVIEW = join(root, 'dist', 'webview');
const SCRIPT = join(WEBVIEW, 'preview.js');
const MERMAID = join(WEBVIEW, 'mermaid.js');
/** Strings found in Mermaid's bundle (minified or not) and nowhere in our own code. */
const MERMAID_MARKERS = ['mermaidAPI', 'flowchart-v2'];
const STYLE = join(root, 'media', 'preview.css');
const RESULTS = join(root, 'test-results');
const EXAMPLES = ['spam-classifier', 'federated-imaging', 'rag-assistant'];

const DARK_VARS: Record<string, string> = {
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-foreground': '#cccccc',
  '--vscode-button-secondaryBackground': '#3a3d41',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-button-secondaryHoverBackground': '#45494e',
  '--vscode-dropdown-background': '#3c3c3c',
  '--vscode-dropdown-foreground': '#f0f0f0',
};

let version = 0;
function renderMessage(file: string, request: Partial<PreviewRequest> = {}, theme: ThemeKind = 'light', broken = false): RenderMessage {
  const doc = parseDocument(readFileSync(join(root, file), 'utf8'));
  const data = previewData(doc, { overlay: true, view: { kind: 'full' }, maxNodes: 150, ...request });
  return {
    type: 'render',
    version: ++version,
    title: file,
    resource: `file:///${file}`,
    mermaid: data.mermaid,
    nodeMap: data.nodeMap,
    overlay: request.overlay ?? true,
    legend: data.legend,
    attackTrees: data.attackTrees,
    stats: data.stats,
    theme,
    view: data.view,
    views: data.views,
    broken,
    tooLarge: data.tooLarge,
    tooManyEdges: data.tooManyEdges,
    locked: false,
  };
}

interface Harness {
  page: Page;
  dialogs: string[];
  blocked: string[];
  errors: string[];
}

describe('DFD preview webview in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium`);
    }
    for (const file of [SCRIPT, MERMAID]) if (!existsSync(file)) throw new Error(`${file} is missing: build it first with \`node scripts/build.mjs\`.`);
    mkdirSync(RESULTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  async function open(theme: ThemeKind = 'light'): Promise<Harness> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const harness: Harness = { page, dialogs: [], blocked: [], errors: [] };
    page.on('dialog', (d) => {
      harness.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => harness.errors.push(String(e)));
    const nonce = 'dGVzdG5vbmNlMTIzNDU2Nzg=';
    const html = previewHtml({ cspSource: ORIGIN, mermaidUri: `${ORIGIN}/dist/webview/mermaid.js`, scriptUri: `${ORIGIN}/dist/webview/preview.js`, styleUri: `${ORIGIN}/media/preview.css`, nonce });
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/index.html`) return route.fulfill({ contentType: 'text/html', body: html });
      if (url === `${ORIGIN}/dist/webview/mermaid.js`) return route.fulfill({ contentType: 'text/javascript', body: readFileSync(MERMAID) });
      if (url === `${ORIGIN}/dist/webview/preview.js`) return route.fulfill({ contentType: 'text/javascript', body: readFileSync(SCRIPT) });
      if (url === `${ORIGIN}/media/preview.css`) return route.fulfill({ contentType: 'text/css', body: readFileSync(STYLE) });
      harness.blocked.push(url);
      return route.abort();
    });
    // MOCK of the VS Code webview host: acquireVsCodeApi records posted messages. Also the probes.
    await page.addInitScript(
      ({ theme, dark }) => {
        const w = window as unknown as Record<string, unknown>;
        w.__posted = [];
        w.__cspViolations = [];
        w.__state = undefined;
        w.acquireVsCodeApi = () => ({
          postMessage: (m: unknown) => (w.__posted as unknown[]).push(m),
          getState: () => w.__state,
          setState: (s: unknown) => (w.__state = s),
        });
        document.addEventListener('securitypolicyviolation', (e) => (w.__cspViolations as string[]).push(`${e.violatedDirective} ${e.blockedURI}`));
        document.addEventListener('DOMContentLoaded', () => {
          document.body.classList.add(theme === 'dark' ? 'vscode-dark' : 'vscode-light');
          if (theme === 'dark') for (const [k, v] of Object.entries(dark)) document.documentElement.style.setProperty(k, v);
        });
      },
      { theme, dark: DARK_VARS },
    );
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(() => ((window as unknown as { __posted: FromWebview[] }).__posted ?? []).some((m) => m.type === 'ready'));
    return harness;
  }

  async function send(page: Page, message: unknown): Promise<void> {
    await page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  async function render(page: Page, message: RenderMessage): Promise<void> {
    await page.evaluate(() => {
      const svg = document.querySelector('#tm-canvas svg');
      if (svg) svg.setAttribute('data-old', '1');
    });
    await send(page, message);
    await page.waitForFunction(() => {
      const svg = document.querySelector('#tm-canvas svg');
      return (svg && !svg.hasAttribute('data-old')) || !document.getElementById('tm-error')!.hidden;
    });
    const error = await page.locator('#tm-error').textContent();
    assert.equal(await page.locator('#tm-error').isHidden(), true, `render error: ${error}`);
  }

  const posted = (page: Page): Promise<FromWebview[]> => page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted);

  async function checkClean(h: Harness): Promise<void> {
    assert.deepEqual(h.dialogs, [], 'no dialog opened');
    assert.deepEqual(h.blocked, [], 'nothing requested from the network');
    assert.deepEqual(h.errors, [], 'no page errors');
    assert.deepEqual(await h.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), [], 'no CSP violations');
  }

  it('bundles Mermaid once, into dist/webview/mermaid.js: not into preview.js, report.js or dist/extension.js', () => {
    const scripts = readdirSync(WEBVIEW).filter((name) => name.endsWith('.js')).sort();
    for (const name of ['mermaid.js', 'preview.js', 'report.js']) assert.ok(scripts.includes(name), `dist/webview/${name} is built`);
    for (const marker of MERMAID_MARKERS) {
      const holders = scripts.filter((name) => readFileSync(join(WEBVIEW, name), 'utf8').includes(marker));
      assert.deepEqual(holders, ['mermaid.js'], `"${marker}" is in exactly one webview script`);
    }
    // The two users of Mermaid are small: nothing of it was bundled into them by another path.
    for (const name of ['preview.js', 'report.js']) {
      const kB = readFileSync(join(WEBVIEW, name)).length / 1024;
      assert.ok(kB < 200, `dist/webview/${name} is ${kB.toFixed(0)} KB`);
    }
    const extension = join(root, 'dist', 'extension.js');
    assert.ok(existsSync(extension), `${extension} is missing: build it first with \`node scripts/build.mjs\`.`);
    const text = readFileSync(extension, 'utf8');
    assert.ok(!text.includes('flowchart-v2') && !text.includes('DOMPurify'), 'no Mermaid in the extension host bundle');
  });

  for (const name of EXAMPLES) {
    for (const theme of ['light', 'dark'] as const) {
      it(`renders examples/${name}.threatmodel (${theme}): one node per element, one cluster per boundary, click reveals`, async () => {
        const h = await open(theme);
        const file = `examples/${name}.threatmodel`;
        const message = renderMessage(file, {}, theme);
        await render(h.page, message);
        const model = parseDocument(readFileSync(join(root, file), 'utf8')).model;

        const nodeIds = await h.page.$$eval('#tm-canvas svg g.node', (gs) => gs.map((g) => /flowchart-([a-z]+\d+)-\d+$/.exec(g.id)?.[1] ?? ''));
        const elementNodes = nodeIds.filter((id) => message.nodeMap[id]?.kind === 'element');
        assert.equal(elementNodes.length, model.elements.length, 'one node per element');
        assert.deepEqual(new Set(elementNodes.map((id) => message.nodeMap[id].id)), new Set(model.elements.map((e) => e.id)));
        const clusters = await h.page.$$eval('#tm-canvas svg g.cluster', (gs) => gs.map((g) => g.id));
        assert.equal(clusters.length, model.boundaries.length, 'one cluster per boundary');
        assert.deepEqual(new Set(clusters.map((id) => message.nodeMap[id]?.id)), new Set(model.boundaries.map((b) => b.id)));
        const edges = await h.page.$$eval('#tm-canvas svg path.flowchart-link', (ps) => ps.length);
        assert.equal(edges, model.flows.length, 'one edge per flow');

        // Labels show the names as text.
        for (const e of model.elements) {
          const mid = Object.entries(message.nodeMap).find(([, r]) => r.kind === 'element' && r.id === e.id)![0];
          const text = await h.page.locator(`#tm-canvas svg g.node[id$="flowchart-${mid}-${nodeIds.indexOf(mid)}"]`).first().textContent();
          assert.ok(text?.includes(e.name ?? e.id), `label of ${e.id}: ${text}`);
        }

        // The overlay colours nodes with open threats red, addressed ones green; ML nodes get a purple border.
        for (const e of model.elements) {
          const threats = model.threats.filter((t) => t.targets.includes(e.id));
          const mid = Object.entries(message.nodeMap).find(([, r]) => r.kind === 'element' && r.id === e.id)![0];
          const style = await h.page.locator('#tm-canvas svg g.node').nth(nodeIds.indexOf(mid)).evaluate((g) => {
            const shape = g.querySelector('rect, path, polygon') as SVGElement;
            const cs = getComputedStyle(shape);
            return { fill: cs.fill, stroke: cs.stroke };
          });
          if (threats.some((t) => t.status === 'open')) assert.equal(style.fill, 'rgb(255, 205, 210)', `${e.id} open`);
          else if (threats.length > 0) assert.equal(style.fill, 'rgb(200, 230, 201)', `${e.id} addressed`);
          if (e.mlRoles.length > 0) assert.equal(style.stroke, 'rgb(142, 36, 170)', `${e.id} ML border`);
        }

        // Click a node -> reveal that element; click a flow label -> reveal that flow.
        const target = model.elements[model.elements.length - 1];
        const mid = Object.entries(message.nodeMap).find(([, r]) => r.kind === 'element' && r.id === target.id)![0];
        await h.page.locator(`#tm-canvas svg g.node`).nth(nodeIds.indexOf(mid)).click();
        await h.page.waitForFunction((id) => (window as unknown as { __posted: FromWebview[] }).__posted.some((m) => m.type === 'reveal' && m.id === id), target.id);
        assert.deepEqual((await posted(h.page)).filter((m) => m.type === 'reveal'), [{ type: 'reveal', kind: 'element', id: target.id }]);
        const flow = model.flows[0];
        const eid = Object.entries(message.nodeMap).find(([, r]) => r.kind === 'flow' && r.id === flow.id)![0];
        await h.page.locator(`#tm-canvas svg .edgeLabel .label[data-id="${eid}"]`).click();
        assert.deepEqual((await posted(h.page)).filter((m) => m.type === 'reveal').pop(), { type: 'reveal', kind: 'flow', id: flow.id });

        await h.page.locator('#tm-zoom-fit').click();
        await h.page.screenshot({ path: join(RESULTS, `preview-${name}${theme === 'dark' ? '-dark' : ''}.png`) });
        await checkClean(h);
        await h.page.context().close();
      });
    }
  }

  it('shows hostile names as text and runs nothing (no dialog, no onerror, no element outside the SVG, no __pwned)', async () => {
    const h = await open();
    const file = 'test/fixtures/diagram/hostile.threatmodel';
    const message = renderMessage(file);
    await render(h.page, message);
    const model = parseDocument(readFileSync(join(root, file), 'utf8')).model;
    const texts = await h.page.$$eval('#tm-canvas svg g.node', (gs) => gs.map((g) => g.textContent ?? ''));
    for (const e of model.elements) {
      assert.ok(texts.some((t) => t.includes(e.name!.replace(/\s+/g, ' '))), `"${e.name}" shown as text; got ${JSON.stringify(texts)}`);
    }
    const clusterTexts = await h.page.$$eval('#tm-canvas svg g.cluster', (gs) => gs.map((g) => g.textContent ?? ''));
    assert.ok(clusterTexts.includes('%%{init: {"securityLevel":"loose"}}%%'), JSON.stringify(clusterTexts));
    const edgeTexts = await h.page.$$eval('#tm-canvas svg .edgeLabel', (gs) => gs.map((g) => g.textContent ?? ''));
    assert.ok(edgeTexts.some((t) => t.includes('<svg onload=window.__pwned=1>')), JSON.stringify(edgeTexts));
    assert.ok(edgeTexts.some((t) => t.includes('HTTPS"]; click e1 c…')), JSON.stringify(edgeTexts));

    await h.page.screenshot({ path: join(RESULTS, 'preview-hostile.png') });
    // Open the attack trees too (their labels are hostile as well).
    await h.page.locator('#tm-tab-trees').click();
    await h.page.waitForSelector('#tm-trees svg');
    assert.ok((await h.page.locator('#tm-trees').textContent())!.includes('<img src=x onerror=window.__pwned=1>'));
    await h.page.waitForTimeout(300);

    const probe = await h.page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      markup: document.querySelectorAll('img, iframe, object, embed, script:not([src]), svg svg, a[href]').length,
      scripts: Array.from(document.scripts).map((s) => s.src),
      handlers: Array.from(document.querySelectorAll('*')).filter((el) => Array.from(el.attributes).some((a) => /^on/i.test(a.name))).length,
      outside: Array.from(document.querySelectorAll('#tm-canvas > *, .tm-tree-svg > *')).filter((el) => el.tagName.toLowerCase() !== 'svg').length,
      bodyChildren: Array.from(document.body.children).map((el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '')),
    }));
    assert.equal(probe.pwned, undefined, 'window.__pwned unset');
    assert.equal(probe.markup, 0, 'no img/iframe/object/script/link elements were created');
    assert.deepEqual(probe.scripts, [`${ORIGIN}/dist/webview/mermaid.js`, `${ORIGIN}/dist/webview/preview.js`]);
    assert.equal(probe.handlers, 0, 'no on* attributes anywhere');
    assert.equal(probe.outside, 0, 'nothing but the SVG inside the diagram containers');
    assert.deepEqual(probe.bodyChildren, ['div#app', 'script', 'script'], 'nothing added outside the app');
    await h.page.screenshot({ path: join(RESULTS, 'preview-hostile-trees.png') });
    await checkClean(h);
    await h.page.context().close();
  });

  it('keeps the last valid diagram with a banner while broken, ignores stale and unchanged renders, highlights, zooms, exports', async () => {
    const h = await open();
    const file = 'examples/spam-classifier.threatmodel';
    const first = renderMessage(file);
    await render(h.page, first);
    await h.page.evaluate(() => document.querySelector('#tm-canvas svg')!.setAttribute('data-first', '1'));

    // Broken model: same diagram, banner shown, SVG not re-rendered.
    await send(h.page, { ...first, version: ++version, broken: true });
    await h.page.waitForSelector('#tm-broken:not([hidden])');
    assert.equal(await h.page.locator('#tm-broken').textContent(), 'The model has errors; showing the last valid diagram.');
    assert.equal(await h.page.locator('#tm-canvas svg[data-first]').count(), 1, 'unchanged text is not re-rendered');

    // An older version arriving late is ignored.
    const stale = renderMessage(file, { view: { kind: 'boundary', id: 'dmz' } });
    stale.version = 1;
    await send(h.page, stale);
    await h.page.waitForTimeout(500);
    assert.equal(await h.page.locator('#tm-canvas svg[data-first]').count(), 1, 'stale render dropped');

    // Two quick renders: only the newest ends up on screen.
    const a = renderMessage(file, { view: { kind: 'boundary', id: 'dmz' } });
    const b = renderMessage(file, { view: { kind: 'boundary', id: 'internal' } });
    await send(h.page, a);
    await render(h.page, b);
    await h.page.waitForTimeout(500);
    const clusters = await h.page.$$eval('#tm-canvas svg g.cluster', (gs) => gs.length);
    assert.equal(clusters, 2, 'the internal view (internal + training_env) is shown');
    assert.equal(await h.page.locator('#tm-view').inputValue(), JSON.stringify(['boundary', 'internal']));

    // Back to the full view; highlight from the editor cursor.
    await render(h.page, renderMessage(file));
    await send(h.page, { type: 'highlight', kind: 'element', id: 'model_registry' });
    await h.page.waitForSelector('#tm-canvas svg g.node.tm-highlight');
    const hl = await h.page.$eval('#tm-canvas svg g.node.tm-highlight', (g) => g.textContent);
    assert.ok(hl?.includes('Model registry'));
    await send(h.page, { type: 'highlight', kind: 'flow', id: 'model_load' });
    await h.page.waitForSelector('#tm-canvas svg path.tm-highlight');
    assert.equal(await h.page.locator('#tm-canvas svg g.node.tm-highlight').count(), 0);

    // Zoom: buttons and keyboard change the scale.
    const scale = () => h.page.$eval('#tm-canvas', (c) => Number(/scale\(([\d.]+)\)/.exec((c as HTMLElement).style.transform)?.[1] ?? '1'));
    // Untouched, the diagram stays fitted when the panel is resized.
    const fitted = await scale();
    await h.page.setViewportSize({ width: 800, height: 600 });
    await h.page.waitForFunction((s) => Number(/scale\(([\d.]+)\)/.exec(document.getElementById('tm-canvas')!.style.transform)?.[1]) < s, fitted);
    const before = await scale();
    await h.page.locator('#tm-zoom-in').click();
    const zoomed = await scale();
    assert.ok(zoomed > before);
    // Once the user zoomed, a resize keeps their zoom.
    await h.page.setViewportSize({ width: 1400, height: 900 });
    await h.page.waitForTimeout(300);
    assert.equal(await scale(), zoomed);
    await h.page.locator('#tm-viewport').focus();
    await h.page.keyboard.press('-');
    await h.page.keyboard.press('-');
    assert.ok((await scale()) < before);
    assert.equal(await h.page.locator('#tm-zoom-in').getAttribute('aria-label'), 'Zoom in (+)');

    // Toolbar -> extension messages.
    await h.page.locator('#tm-overlay').uncheck();
    await h.page.selectOption('#tm-view', JSON.stringify(['focus', 'inference_api']));
    await h.page.locator('#tm-export').click();
    await send(h.page, { type: 'requestSvg' });
    await h.page.waitForTimeout(200);
    const msgs = await posted(h.page);
    assert.ok(msgs.some((m) => m.type === 'setOverlay' && m.overlay === false));
    assert.ok(msgs.some((m) => m.type === 'setView' && m.view.kind === 'focus' && m.view.id === 'inference_api'));
    const exports = msgs.filter((m): m is Extract<FromWebview, { type: 'exportSvg' }> => m.type === 'exportSvg');
    assert.equal(exports.length, 2);
    assert.match(exports[0].svg!, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(!exports[0].svg!.includes('tm-highlight') && !exports[0].svg!.includes('tabindex'));

    // Colour theme change: re-rendered with Mermaid's dark theme.
    const fillOf = () => h.page.locator('#tm-canvas svg g.node', { hasText: 'End user' }).evaluate((g) => getComputedStyle(g.querySelector('rect, path')!).fill);
    const lightFill = await fillOf();
    await h.page.evaluate(() => document.querySelector('#tm-canvas svg')!.setAttribute('data-old', '1'));
    await send(h.page, { type: 'theme', theme: 'dark' });
    await h.page.waitForFunction(() => !document.querySelector('#tm-canvas svg')!.hasAttribute('data-old'));
    assert.notEqual(await fillOf(), lightFill, 'node colours follow the theme');
    assert.equal(await h.page.evaluate(() => document.documentElement.dataset.tmTheme), 'dark');

    // State for the panel serializer.
    const state = await h.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.deepEqual(state, { resource: `file:///${file}`, locked: false, overlay: true, view: { kind: 'full' } });
    await checkClean(h);
    await h.page.context().close();
  });

  it('follows high-contrast themes with black/white lines and text (dark and light)', async () => {
    const h = await open();
    await render(h.page, renderMessage('examples/spam-classifier.threatmodel', { overlay: false }));
    const look = () =>
      h.page.evaluate(() => {
        const edge = document.querySelector('#tm-canvas svg path.flowchart-link') as SVGElement;
        const label = document.querySelector('#tm-canvas svg g.node .nodeLabel') as HTMLElement;
        return { edge: getComputedStyle(edge).stroke, text: getComputedStyle(label).color, theme: document.documentElement.dataset.tmTheme };
      });
    const light = await look();
    for (const [theme, colour] of [['highContrast', 'rgb(255, 255, 255)'], ['highContrastLight', 'rgb(0, 0, 0)']] as const) {
      await h.page.evaluate(() => document.querySelector('#tm-canvas svg')!.setAttribute('data-old', '1'));
      await send(h.page, { type: 'theme', theme });
      await h.page.waitForFunction(() => !document.querySelector('#tm-canvas svg')!.hasAttribute('data-old'));
      const hc = await look();
      assert.equal(hc.theme, theme);
      assert.equal(hc.edge, colour, `${theme}: flow lines`);
      assert.equal(hc.text, colour, `${theme}: label text`);
    }
    assert.notEqual(light.edge, 'rgb(255, 255, 255)');
    await h.page.screenshot({ path: join(RESULTS, 'preview-high-contrast-light.png') });
    await checkClean(h);
    await h.page.context().close();
  });

  it('does not draw a too-large model; offers views and a "draw it anyway" button', async () => {
    const h = await open();
    const message = renderMessage('examples/rag-assistant.threatmodel', { maxNodes: 3 });
    assert.ok(message.tooLarge);
    await send(h.page, message);
    await h.page.waitForSelector('#tm-banner:not([hidden])');
    assert.match((await h.page.locator('#tm-banner').textContent())!, /more than threatmodel\.preview\.maxNodes \(3\)/);
    assert.equal(await h.page.locator('#tm-canvas svg').count(), 0);
    const options = await h.page.$$eval('#tm-view option', (os) => os.map((o) => o.textContent));
    assert.ok(options.some((o) => o!.startsWith('Boundary: ')) && options.some((o) => o!.startsWith('Around: ')));
    await h.page.locator('#tm-draw-anyway').click();
    const last = (await posted(h.page)).pop();
    assert.deepEqual(last, { type: 'setView', view: { kind: 'full' }, force: true });
    await checkClean(h);
    await h.page.context().close();
  });

  it('says why a view with more flows than Mermaid draws is not drawn, without a "draw it anyway" button', async () => {
    const h = await open();
    await render(h.page, renderMessage('examples/rag-assistant.threatmodel'));
    assert.equal(await h.page.locator('#tm-canvas svg').count(), 1);
    const message = { ...renderMessage('examples/rag-assistant.threatmodel'), mermaid: '', nodeMap: {}, tooManyEdges: { edges: 2000, maxEdges: 1000 } };
    await send(h.page, message);
    await h.page.waitForSelector('#tm-banner:not([hidden])');
    assert.match(
      (await h.page.locator('#tm-banner').textContent())!,
      /^This view has 2000 data flows; the preview draws at most 1000\. Pick a trust boundary or an element’s neighbourhood under View\./,
    );
    assert.equal(await h.page.locator('#tm-draw-anyway').isHidden(), true);
    await h.page.waitForFunction(() => document.querySelectorAll('#tm-canvas svg').length === 0);
    await checkClean(h);
    await h.page.context().close();
  });

  it('renders attack trees with distinct AND / OR nodes and clickable threat leaves', async () => {
    const h = await open();
    await render(h.page, renderMessage('examples/spam-classifier.threatmodel'));
    await h.page.locator('#tm-tab-trees').click();
    await h.page.waitForSelector('#tm-trees svg');
    const shapes = await h.page.$$eval('#tm-trees svg g.node', (gs) => gs.map((g) => ({ text: g.textContent ?? '', shape: `${g.firstElementChild?.getAttribute('class')} ${g.querySelector('path, polygon, rect')?.tagName}` })));
    const and = shapes.find((s) => s.text.startsWith('AND'));
    const or = shapes.find((s) => s.text.startsWith('OR'));
    assert.ok(and && or, JSON.stringify(shapes));
    // Mermaid draws both as paths; the hexagon (AND) and the stadium (OR) are different shapes.
    assert.notEqual(and.shape, or.shape, 'AND and OR nodes have distinct shapes');
    const leafShape = shapes.find((s) => s.text.includes('thr-evasion'))!.shape;
    assert.notEqual(leafShape, and.shape);
    const leaf = h.page.locator('#tm-trees svg g.node', { hasText: 'thr-evasion' });
    assert.match((await leaf.textContent())!, /status: open/);
    await leaf.click();
    assert.deepEqual((await posted(h.page)).pop(), { type: 'reveal', kind: 'threat', id: 'thr-evasion' });
    await h.page.screenshot({ path: join(RESULTS, 'preview-attack-trees.png') });
    await checkClean(h);
    await h.page.context().close();
  });
});
