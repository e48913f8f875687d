// Mermaid is pinned and configured explicitly (src/webview/mermaidConfig.ts): exact 11.x version,
// strict security, dagre layout, classic look, the theme per VS Code colour theme (high contrast
// with its own black/white variables), and limits raised only moderately.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_EDGES, MAX_TEXT_SIZE, mermaidConfig } from '../../src/webview/mermaidConfig';

const root = join(__dirname, '..', '..', '..');

describe('Mermaid pinning and configuration', () => {
  it('package.json pins an exact Mermaid 11 release, and that is the one installed', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const wanted: string = pkg.dependencies?.mermaid ?? pkg.devDependencies?.mermaid;
    assert.match(wanted, /^11\.\d+\.\d+$/, `mermaid is pinned exactly (got ${wanted})`);
    const installed = JSON.parse(readFileSync(join(root, 'node_modules', 'mermaid', 'package.json'), 'utf8')).version;
    assert.equal(installed, wanted);
  });

  it('names security, layout, look, ids and labels explicitly for every theme', () => {
    for (const theme of ['light', 'dark', 'highContrast', 'highContrastLight'] as const) {
      const c = mermaidConfig(theme, 'Arial');
      assert.equal(c.securityLevel, 'strict', theme);
      assert.equal(c.startOnLoad, false);
      assert.equal(c.layout, 'dagre');
      assert.equal(c.look, 'classic');
      assert.equal(c.deterministicIds, true);
      assert.equal(c.htmlLabels, true);
      assert.equal(c.flowchart?.htmlLabels, true);
      assert.equal(c.flowchart?.curve, 'basis');
      assert.equal(c.fontFamily, 'Arial');
      assert.equal(c.themeVariables?.fontFamily, 'Arial');
    }
  });

  it('maps the VS Code theme kinds to Mermaid themes; high contrast gets black/white variables', () => {
    assert.equal(mermaidConfig('light', 'A').theme, 'default');
    assert.equal(mermaidConfig('dark', 'A').theme, 'dark');
    const hc = mermaidConfig('highContrast', 'A');
    assert.equal(hc.theme, 'base');
    assert.equal(hc.themeVariables?.background, '#000000');
    assert.equal(hc.themeVariables?.lineColor, '#ffffff');
    assert.equal(hc.themeVariables?.primaryTextColor, '#ffffff');
    const hcl = mermaidConfig('highContrastLight', 'A');
    assert.equal(hcl.theme, 'base');
    assert.equal(hcl.themeVariables?.background, '#ffffff');
    assert.equal(hcl.themeVariables?.lineColor, '#000000');
    assert.equal(hcl.themeVariables?.primaryTextColor, '#000000');
  });

  it('raises Mermaid\'s text and edge limits only moderately', () => {
    const c = mermaidConfig('light', 'A');
    assert.equal(c.maxEdges, MAX_EDGES);
    assert.equal(c.maxTextSize, MAX_TEXT_SIZE);
    assert.ok(MAX_EDGES > 500 && MAX_EDGES <= 2000, 'above the default of 500, at most 2000');
    assert.ok(MAX_TEXT_SIZE > 50_000 && MAX_TEXT_SIZE <= 1_000_000);
  });
});
