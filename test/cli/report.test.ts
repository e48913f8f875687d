// `threatmodel report`: golden Markdown/JSON for the examples (stable: no timestamp without
// --date), escaping of hostile names in Markdown and HTML, and the HTML page drawn by Chromium
// with no network. Regenerate goldens after an intended change with UPDATE_GOLDEN=1.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, EXAMPLES, FIXTURES, ROOT } from './helpers';

const GOLDEN = join(FIXTURES, 'golden');

describe('cli: report', () => {
  for (const example of EXAMPLES) {
    for (const format of ['md', 'json'] as const) {
      it(`${example} as ${format} matches the golden file`, () => {
        const r = cli(['report', `examples/${example}.threatmodel`, '--date', '2026-01-15', '--format', format]);
        assert.equal(r.code, 0, r.stderr);
        const file = join(GOLDEN, `${example}.${format}`);
        if (process.env.UPDATE_GOLDEN) writeFileSync(file, r.stdout);
        assert.equal(r.stdout, readFileSync(file, 'utf8'));
      });
    }
  }

  it('without --date the output has no date and is identical across runs', () => {
    const a = cli(['report', 'examples/rag-assistant.threatmodel']);
    const b = cli(['report', 'examples/rag-assistant.threatmodel']);
    assert.equal(a.stdout, b.stdout);
    assert.doesNotMatch(a.stdout, /^Date:/m);
  });

  it('the Markdown report has the sections, a mermaid block and threats sorted by DREAD', () => {
    const md = readFileSync(join(GOLDEN, 'rag-assistant.md'), 'utf8');
    for (const h of ['## Scope and assumptions', '## Data-flow diagram', '## Threats by DREAD score', '## Mitigations', '## Coverage per framework', '### STRIDE', '### LINDDUN', '### MITRE ATLAS', '## Attack trees', '## Open items']) {
      assert.ok(md.includes(h), h);
    }
    assert.match(md, /```mermaid\nflowchart LR\n[\s\S]*?\n```/);
    const scores = [...md.matchAll(/^\| `[^`]+` .*? \| (\d+\.\d) (?:high|medium|low) \|/gm)].map((m) => Number(m[1]));
    assert.ok(scores.length >= 3);
    assert.deepEqual(scores, [...scores].sort((x, y) => y - x));
  });

  it('hostile names are escaped in Markdown (no HTML, links, emphasis or broken tables)', () => {
    const md = cli(['report', 'test/fixtures/cli/hostile.threatmodel', '--date', '2026-01-01']).stdout;
    assert.doesNotMatch(md, /<img|<script|<svg|<b>|<!--/i);
    assert.ok(md.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(md.includes('\\[link\\](http://evil.example)'), 'no link');
    assert.ok(md.includes('\\*bold\\*') && md.includes('\\_x\\_') && md.includes('\\`code\\`'));
    // Every table row keeps its column count: user pipes are escaped.
    for (const table of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const rows = table.split('\n');
      const cols = (row: string) => row.replace(/\\\|/g, '').split('|').length;
      for (const row of rows) assert.equal(cols(row), cols(rows[0]), row);
    }
    const mermaid = /```mermaid\n([\s\S]*?)```/.exec(md)![1];
    assert.doesNotMatch(mermaid, /-->y|\{\{|<img|<\/script/, 'labels in the diagram are entity-escaped');
    assert.ok(mermaid.includes('x#34;#93;#45;#45;#62;y'));
  });

  it('hostile names are escaped in HTML; only the renderer scripts (Mermaid once, then the drawing code), admitted by their CSP hashes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-report-'));
    const out = join(dir, 'r.html');
    const r = cli(['report', 'test/fixtures/cli/hostile.threatmodel', '--format', 'html', '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    const page = readFileSync(out, 'utf8');
    assert.doesNotMatch(page.replace(/<script>[\s\S]*<\/script>/, ''), /<img|<svg|<b>|<script|onerror=alert\(1\)>/i);
    assert.equal(page.match(/<script>/g)?.length, 2);
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    const hashes = scripts.map((script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1];
    assert.ok(csp.includes(`script-src ${hashes.join(' ')};`), csp);
    // dist/webview/mermaid.js, then report.js: Mermaid is in the page once.
    assert.deepEqual(scripts.map((script) => script.includes('flowchart-v2') && script.includes('mermaidAPI')), [true, false]);
    assert.ok(scripts[1].length < 50_000, `the drawing code is ${scripts[1].length} characters`);
    assert.ok(csp.startsWith("default-src 'none'"));
    assert.ok(page.includes('x&quot;]--&gt;y') && page.includes('{{7*7}}'));
    const size = Buffer.byteLength(page);
    assert.ok(size < 4 * 1024 * 1024, `page is ${size} bytes`);
  });

  it('the HTML report draws its diagrams in Chromium with no network and runs no injected script', async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), 'tm-report-browser-'));
    const out = join(dir, 'r.html');
    assert.equal(cli(['report', 'test/fixtures/cli/hostile.threatmodel', '--format', 'html', '-o', out]).code, 0);
    assert.ok(existsSync('/usr/bin/chromium'), "Debian's Chromium is required for this test");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    try {
      const page = await browser.newPage();
      const network: string[] = [];
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on('request', (req) => {
        if (!req.url().startsWith('file:')) network.push(req.url());
      });
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`file://${out}`);
      await page.waitForSelector('body[data-diagrams=done]', { timeout: 60_000 });
      assert.equal(await page.locator('pre.mermaid').count(), 2);
      assert.equal(await page.locator('pre.mermaid svg').count(), 2, 'DFD and attack tree drawn');
      assert.equal(await page.locator('.diagram-error').count(), 0);
      assert.equal(await page.locator('img').count(), 0);
      assert.equal(await page.locator('[onerror], [onload]').count(), 0);
      const labels = await page.locator('pre.mermaid').first().innerText();
      assert.ok(labels.includes('<img src=x onerror=alert(1)>'), 'the hostile name is shown as text in the diagram');
      assert.deepEqual(dialogs, []);
      assert.deepEqual(network, []);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});

void ROOT;
