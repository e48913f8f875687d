// `npm run gen`: regenerates the derived files (JSON Schema, diagnostics reference) from the
// TypeScript sources. Each generator is bundled with esbuild into out/gen and run with node.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const generators = ['scripts/gen-schema.ts', 'scripts/gen-diagnostics-doc.ts'];
for (const entry of generators) {
  const outfile = join('out', 'gen', entry.replace(/^scripts\//, '').replace(/\.ts$/, '.cjs'));
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    external: ['vscode'],
    loader: { '.yaml': 'text' },
    logLevel: 'warning',
  });
  execFileSync(process.execPath, [outfile], { stdio: 'inherit' });
}
