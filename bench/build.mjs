// Builds the benchmark: bench/*.ts bundled with esbuild into bench/.build/ (like the tests: project
// sources bundled in, packages external, catalogs as text), plus the Mermaid-alone floor page
// bundle (bench/.build/mermaid-floor.js) and a minified production build of the extension
// (bench/.build/extension.prod.js) to size what ships, without touching dist/.
// Usage: node bench/build.mjs [--check-only]
import * as esbuild from 'esbuild';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const out = 'bench/.build';

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  packages: 'external',
  loader: { '.yaml': 'text' },
  logLevel: 'warning',
};

// --check-only: just the budget checker (npm run bench:check).
if (process.argv.includes('--check-only')) {
  await esbuild.build({ ...node, entryPoints: ['bench/check.ts'], outdir: `${out}/bench` });
  process.exit(0);
}

const builds = [
  // bench/.build/bench/*.js: test/server/lspClient.ts locates the repository three levels up.
  esbuild.build({ ...node, entryPoints: ['bench/run.ts', 'bench/check.ts'], outdir: `${out}/bench` }),
  // The memory floor for the language server (bench/floorServer.ts), started like dist/server.js.
  esbuild.build({ ...node, entryPoints: ['bench/floorServer.ts'], outfile: `${out}/floor-server.js` }),
  esbuild.build({
    ...node,
    entryPoints: ['bench/test/bench.test.ts'],
    outdir: `${out}/test`,
  }),
];

// The floor for the preview: a few lines driving dist/webview/mermaid.js (the preview's own Mermaid
// file, loaded first by the floor page) the way the preview does.
builds.push(
    esbuild.build({
      bundle: true,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      entryPoints: ['bench/preview/floor.ts'],
      outfile: `${out}/mermaid-floor.js`,
      logLevel: 'warning',
      legalComments: 'none',
    }),
);

// What `npm run package` ships: the extension minified, no source map (same options as
// scripts/build.mjs --production), written here so dist/ stays as the team built it.
if (existsSync('src/extension/main.ts')) {
  builds.push(
    esbuild.build({
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      loader: { '.yaml': 'text' },
      logLevel: 'warning',
      entryPoints: ['src/extension/main.ts'],
      outfile: `${out}/extension.prod.js`,
      external: ['vscode'],
      metafile: true,
    }).then((r) => {
      writeFileSync(`${out}/extension.prod.meta.json`, JSON.stringify(r.metafile));
    }),
  );
}

await Promise.all(builds);
