// Checks the built .vsix (npm run package) against the .vscodeignore allowlist: only the bundles,
// the language files, media, examples and docs; no source maps, sources, tests or node_modules;
// every file package.json refers to is inside; the bundles need nothing but `vscode` and Node.
//   VSIX=path/to.vsix npx mocha out/test/e2e/package.test.js   (default: dist/threatmodel.vsix)
import * as assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { readZip, type ZipEntry } from './zip';

const VSIX = resolve(process.env.VSIX ?? 'dist/threatmodel.vsix');

describe('packaged .vsix', () => {
  let entries: ZipEntry[];
  let names: string[];
  let manifest: Record<string, any>;

  before(function () {
    assert.ok(existsSync(VSIX), `${VSIX} exists (run npm run package first)`);
    entries = readZip(readFileSync(VSIX));
    names = entries.map((e) => e.name);
    manifest = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.read().toString('utf8'));
  });

  it('holds only allowlisted files', () => {
    const allowed = [
      /^extension\.vsixmanifest$/,
      /^\[Content_Types\]\.xml$/,
      /^extension\/package\.json$/,
      /^extension\/(readme\.md|changelog\.md|LICENSE\.txt)$/i,
      /^extension\/dist\/(extension|server|cli)\.js$/,
      /^extension\/dist\/webview\/[\w./-]+\.(js|css)$/,
      /^extension\/syntaxes\/[\w.-]+\.json$/,
      /^extension\/language-configuration\.json$/,
      /^extension\/snippets\/[\w.-]+\.json$/,
      /^extension\/media\/[\w./-]+\.(png|svg|css|md)$/,
      /^extension\/examples\/[\w-]+\.threatmodel$/,
    ];
    const unexpected = names.filter((n) => !allowed.some((re) => re.test(n)));
    assert.deepEqual(unexpected, [], 'files outside the allowlist');
  });

  it('has no source maps, sources, tests or node_modules', () => {
    const bad = names.filter(
      (n) => /\.map$|\.ts$|\.mts$/.test(n) || /(^|\/)(src|test|out|node_modules|scripts|bench|\.cache)\//.test(n),
    );
    assert.deepEqual(bad, []);
  });

  it('contains the bundles, the icon and every file package.json refers to', () => {
    const referenced = new Set<string>(['dist/extension.js', 'dist/server.js', 'dist/cli.js']);
    const add = (p: unknown) => typeof p === 'string' && referenced.add(p.replace(/^\.\//, ''));
    add(manifest.main);
    add(manifest.icon);
    for (const bin of Object.values(manifest.bin ?? {})) add(bin);
    for (const lang of manifest.contributes?.languages ?? []) add(lang.configuration);
    for (const grammar of manifest.contributes?.grammars ?? []) add(grammar.path);
    for (const snippet of manifest.contributes?.snippets ?? []) add(snippet.path);
    for (const walkthrough of manifest.contributes?.walkthroughs ?? []) {
      for (const step of walkthrough.steps ?? []) {
        const media = step.media ?? {};
        add(media.markdown);
        add(typeof media.image === 'string' ? media.image : media.image?.light);
        add(media.image?.dark);
        add(media.svg);
      }
    }
    for (const icon of [manifest.contributes?.viewsContainers?.activitybar ?? []].flat()) add(icon.icon);
    const missing = [...referenced].filter((p) => !names.includes(`extension/${p}`));
    assert.deepEqual(missing, [], 'files referenced by package.json but not packaged');
  });

  it('ships a 128x128 PNG icon', () => {
    const icon = entries.find((e) => e.name === `extension/${manifest.icon}`);
    assert.ok(icon, 'icon packaged');
    const png = icon.read();
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('bundles every dependency: the scripts require only vscode and Node built-ins', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const name of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/cli.js']) {
      const code = entries.find((e) => e.name === name)!.read().toString('utf8');
      const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
      const external = [...new Set(required)].filter((r) => r !== 'vscode' && !builtins.has(r));
      assert.deepEqual(external, [], `${name} requires packages that are not in the .vsix`);
      assert.ok(!/sourceMappingURL=/.test(code.slice(-300)), `${name} has no source map reference`);
    }
  });

  it('carries Mermaid once: in dist/webview/mermaid.js, which the preview and the report renderer share', () => {
    for (const name of ['mermaid.js', 'preview.js', 'report.js']) assert.ok(names.includes(`extension/dist/webview/${name}`), `dist/webview/${name} packaged`);
    const scripts = entries.filter((e) => e.name.endsWith('.js'));
    for (const marker of ['mermaidAPI', 'flowchart-v2']) {
      const holders = scripts.filter((e) => e.read().toString('utf8').includes(marker)).map((e) => e.name);
      assert.deepEqual(holders, ['extension/dist/webview/mermaid.js'], `"${marker}" is in exactly one packaged script`);
    }
  });

  it('is small', () => {
    const size = readFileSync(VSIX).length;
    assert.ok(size < 5 * 1024 * 1024, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB`);
  });

  it('declares what VS Code needs to install and run it', () => {
    assert.equal(manifest.main, './dist/extension.js');
    assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
    assert.ok(manifest.activationEvents.includes('onLanguage:threatmodel'));
    assert.ok(manifest.publisher && manifest.name && manifest.version && manifest.license);
    assert.equal(typeof manifest.capabilities?.untrustedWorkspaces?.supported === 'boolean' || manifest.capabilities?.untrustedWorkspaces?.supported === 'limited', true);
  });
});
