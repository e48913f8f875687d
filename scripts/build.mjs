// Bundles the extension, the language server, the CLI and the preview webview with esbuild.
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
if (existsSync('src/webview/main.ts')) {
  entries.push({
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: ['src/webview/main.ts'],
    outfile: `${outdir}/webview/preview.js`,
  });
}

// The HTML report's diagram renderer (Mermaid), inlined by `threatmodel report --format html`.
if (existsSync('src/webview/report.ts')) {
  entries.push({
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: true,
    sourcemap: false,
    entryPoints: ['src/webview/report.ts'],
    outfile: `${outdir}/webview/report.js`,
  });
}

if (watch) {
  for (const options of entries) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(entries.map((options) => esbuild.build(options)));
}
