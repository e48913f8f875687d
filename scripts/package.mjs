// Builds the production bundles and the .vsix (offline: everything is bundled, so
// `--no-dependencies`). Relative links in README.md are rewritten by vsce against the
// repository URL from package.json (`repository.url`, `.git` dropped): `<repo>/blob/HEAD/...` for
// links and `<repo>/raw/HEAD/...` for images.
//   Usage: node scripts/package.mjs [--out dist/threatmodel.vsix]
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : 'dist/threatmodel.vsix';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const repoUrl = String(manifest.repository?.url ?? manifest.repository ?? '')
  .replace(/^git\+/, '')
  .replace(/\.git$/, '')
  .replace(/\/$/, '');

execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: ROOT, stdio: 'inherit' });
const vsceArgs = ['package', '--no-dependencies', '-o', out];
if (/^https?:\/\//.test(repoUrl)) {
  vsceArgs.push('--baseContentUrl', `${repoUrl}/blob/HEAD`, '--baseImagesUrl', `${repoUrl}/raw/HEAD`);
}
execFileSync(join(ROOT, 'node_modules', '.bin', 'vsce'), vsceArgs, { cwd: ROOT, stdio: 'inherit' });
const size = statSync(join(ROOT, out)).size;
console.log(`${out}: ${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes)`);
