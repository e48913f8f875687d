// End-to-end check of the PACKAGED extension in a real VS Code UI: builds the .vsix
// (npm run package), checks its contents (test/e2e/package.test.ts), installs it into a fresh
// code-server 4.100.3 with `--install-extension`, and drives the workbench with Debian's Chromium
// (test/e2e/ui.test.ts): Problems panel, quick fix from the light bulb (Ctrl+.), the DFD preview's
// rendered SVG inside the webview frame, the analysis. Screenshots go to test-results/e2e/ and the
// best three are copied to docs/images/. code-server and Chromium are always stopped.
//   Usage: node scripts/test-e2e.mjs [--no-package] [--no-docs-images]
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT, cleanup, ensureTestEnv, freePort, onCleanup, runCodeServerCli, startCodeServer, tempDir,
  reportCounts,
} from './vscode-env/codeserver.mjs';

const args = process.argv.slice(2);
const RESULTS = join(ROOT, 'test-results', 'e2e');
const MOCHA = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

const REPORTER = join(ROOT, 'scripts', 'mocha-reporter.cjs');
const counts = { passed: 0, failed: 0, skipped: 0 };

/** Runs one mocha file in a child process; adds its counts to `counts`. Resolves to the exit code. */
function runMocha(file, env, timeoutMs) {
  const countsFile = join(ROOT, '.cache', 'vscode-test', `counts-${process.pid}-${Date.now()}.json`);
  const reporter = existsSync(REPORTER) ? REPORTER : 'spec';
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MOCHA, '--no-config', '--timeout', '120000', '--reporter', reporter, file], {
      cwd: ROOT,
      env: { ...process.env, ...env, TM_COUNTS_FILE: countsFile },
      stdio: 'inherit',
      detached: true,
    });
    let done = false;
    // SIGTERM first: Playwright's handler in the mocha process then closes Chromium (which runs in
    // its own process group); SIGKILL after 5 s if it is still there.
    const signal = (name) => {
      try {
        process.kill(-child.pid, name);
      } catch {
        // gone
      }
    };
    const kill = async () => {
      if (done) return;
      signal('SIGTERM');
      const deadline = Date.now() + 5000;
      while (!done && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (!done) signal('SIGKILL');
    };
    onCleanup(kill);
    const timer = setTimeout(() => {
      console.error(`${file} did not finish within ${timeoutMs / 1000} s`);
      void kill();
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      done = true;
      clearTimeout(timer);
      const status = signal ? 1 : (code ?? 1);
      if (existsSync(countsFile)) {
        const c = JSON.parse(readFileSync(countsFile, 'utf8'));
        counts.passed += c.passed;
        counts.failed += c.failed;
        counts.skipped += c.skipped ?? 0;
        rmSync(countsFile, { force: true });
      } else if (status !== 0) {
        counts.failed += 1; // the file did not run to the end
      }
      resolve(status);
    });
  });
}

async function main() {
  const t0 = Date.now();
  if (!args.includes('--no-package')) {
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'inherit' });
  }
  const vsixBuilt = join(ROOT, 'dist', 'threatmodel.vsix');
  if (!existsSync(vsixBuilt)) throw new Error('dist/threatmodel.vsix is missing; run npm run package');
  const tmp = tempDir('threatmodel-e2e-');
  // A private copy: teammates may rebuild dist/ while this runs.
  const vsix = join(tmp, 'threatmodel.vsix');
  copyFileSync(vsixBuilt, vsix);
  execFileSync(process.execPath, ['scripts/build-tests.mjs', 'test/e2e'], { cwd: ROOT, stdio: 'inherit' });
  const testsDir = join(ROOT, '.cache', 'vscode-test', `e2e-${process.pid}`);
  cpSync(join(ROOT, 'out/test/e2e'), testsDir, { recursive: true });
  onCleanup(() => rmSync(testsDir, { recursive: true, force: true }));

  console.log('\n== package contents ==');
  const packageCode = await runMocha(join(testsDir, 'package.test.js'), { VSIX: vsix }, 60_000);

  console.log('\n== install the .vsix into code-server ==');
  const env = ensureTestEnv();
  const userDataDir = join(tmp, 'user-data');
  const extensionsDir = join(tmp, 'extensions');
  const workspace = join(tmp, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  cpSync(join(ROOT, 'scripts/vscode-env/settings.json'), join(userDataDir, 'User', 'settings.json'));
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  const installOut = runCodeServerCli(env, [
    '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
  ]);
  console.log(installOut.trim());
  const listed = runCodeServerCli(env, ['--list-extensions', '--show-versions', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir]);
  if (!/threatmodel-as-code\.threatmodel-vscode@/.test(listed)) throw new Error(`the extension is not installed:\n${listed}`);
  console.log(`installed: ${listed.trim()}`);

  const port = await freePort();
  const server = await startCodeServer(env, { port, userDataDir, extensionsDir, folder: workspace });
  console.log(`code-server listening on ${server.url}`);

  console.log('\n== UI ==');
  mkdirSync(RESULTS, { recursive: true });
  const uiCode = await runMocha(
    join(testsDir, 'ui.test.js'),
    {
      E2E_URL: `${server.url}/?folder=${encodeURIComponent(workspace)}`,
      E2E_WORKSPACE: workspace,
      E2E_EXTENSIONS_DIR: extensionsDir,
      E2E_RESULTS: RESULTS,
    },
    10 * 60_000,
  );

  if (uiCode === 0 && !args.includes('--no-docs-images')) {
    const docs = join(ROOT, 'docs', 'images');
    mkdirSync(docs, { recursive: true });
    for (const name of ['problems-quickfix.png', 'dfd-preview.png', 'analysis.png']) {
      if (existsSync(join(RESULTS, name))) copyFileSync(join(RESULTS, name), join(docs, name));
    }
    console.log(`screenshots copied to docs/images/`);
  }
  console.log(`\ne2e: package ${packageCode === 0 ? 'ok' : 'FAILED'}, UI ${uiCode === 0 ? 'ok' : 'FAILED'} (${Math.round((Date.now() - t0) / 1000)} s)`);
  return packageCode === 0 && uiCode === 0 ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`e2e run failed: ${error?.stack ?? error}`);
  code = 1;
  if (counts.failed === 0) counts.failed = 1;
} finally {
  await cleanup();
}
reportCounts(counts);
process.exit(code);
