// Builds the production bundles and the .vsix, offline (everything is bundled, so
// `--no-dependencies`). Works in a private staging folder (.cache/package/): the bundles are built
// straight into it, so a concurrent development build of dist/ cannot end up in the package.
// Relative links in README.md are rewritten by vsce against the repository URL from package.json
// (`repository.url`, `.git` dropped): `<repo>/blob/HEAD/...` for links, `<repo>/raw/HEAD/...` for
// images.
//   Usage: node scripts/package.mjs [--out dist/threatmodel.vsix]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = resolve(ROOT, outAt >= 0 ? args[outAt + 1] : 'dist/threatmodel.vsix');

// Everything the .vscodeignore allowlist may bring in, except dist/ (built below).
const FILES = [
  'package.json', '.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md', 'language-configuration.json',
  'syntaxes', 'snippets', 'media', 'examples',
];

const stage = join(ROOT, '.cache', 'package');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const item of FILES) {
  if (existsSync(join(ROOT, item))) cpSync(join(ROOT, item), join(stage, item), { recursive: true });
}
execFileSync(process.execPath, ['scripts/build.mjs', '--production', '--outdir', join(stage, 'dist')], {
  cwd: ROOT,
  stdio: 'inherit',
});

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const repoUrl = String(manifest.repository?.url ?? manifest.repository ?? '')
  .replace(/^git\+/, '')
  .replace(/\.git$/, '')
  .replace(/\/$/, '');
const vsceArgs = ['package', '--no-dependencies', '-o', out];
if (/^https?:\/\//.test(repoUrl)) {
  vsceArgs.push('--baseContentUrl', `${repoUrl}/blob/HEAD`, '--baseImagesUrl', `${repoUrl}/raw/HEAD`);
}
mkdirSync(dirname(out), { recursive: true });
execFileSync(join(ROOT, 'node_modules', '.bin', 'vsce'), vsceArgs, { cwd: stage, stdio: 'inherit' });
rmSync(stage, { recursive: true, force: true });
const size = statSync(out).size;
console.log(`${out}: ${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes)`);
