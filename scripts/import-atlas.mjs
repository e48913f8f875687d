// Regenerates catalogs/atlas.yaml from the official MITRE ATLAS data file, merging the hand-written
// catalogs/atlas-summaries.yaml. Usage: node scripts/import-atlas.mjs [ATLAS.yaml] [--check]
// Default input: ../shared/reference/atlas/ATLAS.yaml. With --check, exits 1 if catalogs/atlas.yaml would change.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const check = args.includes('--check');
const input = args.find((a) => !a.startsWith('--')) ?? '../shared/reference/atlas/ATLAS.yaml';
const output = 'catalogs/atlas.yaml';

mkdirSync('out/scripts', { recursive: true });
await esbuild.build({
  entryPoints: ['src/core/catalog/importAtlas.ts'],
  outfile: 'out/scripts/importAtlas.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  loader: { '.yaml': 'text' },
});
const { importAtlas, serializeAtlasCatalog, parseAtlasSummaries } = createRequire(import.meta.url)('../out/scripts/importAtlas.cjs');

const summaries = parseAtlasSummaries(readFileSync('catalogs/atlas-summaries.yaml', 'utf8'));
const { catalog, warnings } = importAtlas(readFileSync(input, 'utf8'), summaries);
for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
const text = serializeAtlasCatalog(catalog);
if (check) {
  const current = readFileSync(output, 'utf8');
  if (current !== text) {
    process.stderr.write(`${output} is out of date; run: npm run catalog:atlas\n`);
    process.exit(1);
  }
  process.stdout.write(`${output} is up to date (ATLAS ${catalog.version})\n`);
} else {
  writeFileSync(output, text);
  process.stdout.write(
    `wrote ${output}: ATLAS ${catalog.version}, ${catalog.tactics.length} tactics, ${catalog.techniques.length} techniques, ${catalog.mitigations.length} mitigations\n`,
  );
}
