// Compiles the mocha suites (test/**/*.test.ts) to out/test with esbuild, one bundle per file.
// Packages stay external (loaded from node_modules); project sources are bundled in.
// Usage: node scripts/build-tests.mjs [test/some/folder ...]  (default: all of test/)
import * as esbuild from 'esbuild';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  if (!existsSync(dir)) return out;
  if (statSync(dir).isFile()) {
    out.push(dir);
    return out;
  }
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'fixtures') find(path, out);
    } else if (name.endsWith('.test.ts') || name.endsWith('.suite.ts')) {
      out.push(path);
    }
  }
  return out;
}

const roots = process.argv.slice(2);
const entryPoints = (roots.length ? roots : ['test']).flatMap((r) => find(r));
if (entryPoints.length > 0) {
  await esbuild.build({
    entryPoints,
    outdir: 'out/test',
    outbase: 'test',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    packages: 'external',
    external: ['vscode'],
    loader: { '.yaml': 'text' },
    logLevel: 'warning',
  });
}
