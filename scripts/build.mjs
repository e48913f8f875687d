// Bundles the extension, the language server, the CLI and the webview scripts with esbuild.
// Usage: node scripts/build.mjs [--production] [--watch] [--outdir DIR]   (default dist)
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --outdir: build somewhere private (scripts/package.mjs), so that concurrent builds of dist/
// cannot end up in the .vsix.
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt >= 0 ? process.argv[outdirAt + 1] : 'dist';

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // Catalogs (catalogs/*.yaml) are bundled as text and parsed at first use.
  loader: { '.yaml': 'text' },
};

const node = { ...common, platform: 'node', target: 'node20', format: 'cjs' };

const entries = [
  { ...node, entryPoints: ['src/extension/main.ts'], outfile: `${outdir}/extension.js`, external: ['vscode'] },
  { ...node, entryPoints: ['src/server/main.ts'], outfile: `${outdir}/server.js` },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } },
].filter((e) => existsSync(e.entryPoints[0]));
// The webview scripts. Mermaid is bundled ONCE, into webview/mermaid.js, which defines a read-only
// global; preview.js (the DFD preview, loaded after mermaid.js by the webview page) and report.js
// (inlined after mermaid.js into `threatmodel report --format html`) only import Mermaid's types
// (src/webview/sharedMermaid.ts), so the .vsix carries Mermaid one time.
const browser = { ...common, platform: 'browser', target: 'es2022', format: 'iife' };
const webview = [
  // Always minified and without a source map: the CLI inlines it into every HTML report.
  { ...browser, minify: true, sourcemap: false, entryPoints: ['src/webview/mermaid.ts'], outfile: `${outdir}/webview/mermaid.js` },
  { ...browser, entryPoints: ['src/webview/main.ts'], outfile: `${outdir}/webview/preview.js` },
  { ...browser, minify: true, sourcemap: false, entryPoints: ['src/webview/report.ts'], outfile: `${outdir}/webview/report.js` },
];
entries.push(...webview.filter((e) => existsSync(e.entryPoints[0])));

if (watch) {
  for (const options of entries) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(entries.map((options) => esbuild.build(options)));
}
