// Runs the integration suite (test/integration, mocha) INSIDE a real VS Code extension host:
// code-server 4.100.3 (VS Code 1.100.3) with this folder as the extension under development,
// opened by headless Chromium on the extension-test payload URL, a copy of examples/ as the
// workspace. The suite writes its results to a JSON file; this script prints them, writes
// test-results/integration.json and test-results/activation.json, and fails on any failure,
// error logged by the extension, or timeout. code-server and Chromium are always stopped.
//   Usage: node scripts/test-integration.mjs [--no-build] [--grep PATTERN]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ROOT, cleanup, ensureTestEnv, findFiles, freePort, launchChromium, stageExtension, startCodeServer, tempDir,
} from './vscode-env/codeserver.mjs';

const TIMEOUT_MS = Number(process.env.INTEGRATION_TIMEOUT_MS || 10 * 60_000);
const args = process.argv.slice(2);
const grepAt = args.indexOf('--grep');
const grep = grepAt >= 0 ? args[grepAt + 1] : process.env.INTEGRATION_GREP;

async function main() {
  const t0 = Date.now();
  if (!args.includes('--no-build')) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    execFileSync(process.execPath, ['scripts/build-tests.mjs', 'test/integration'], { cwd: ROOT, stdio: 'inherit' });
  }
  if (!existsSync(join(ROOT, 'out/test/integration/index.suite.js'))) throw new Error('out/test/integration/index.suite.js is missing (build-tests failed?)');
  const staged = stageExtension();
  const testsEntry = join(staged.tests, 'index.suite.js');
  const env = ensureTestEnv();

  const tmp = tempDir('threatmodel-it-');
  const userDataDir = join(tmp, 'user-data');
  const extensionsDir = join(tmp, 'extensions');
  const workspace = join(tmp, 'workspace');
  const resultsFile = join(tmp, 'results.json');
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  cpSync(join(ROOT, 'scripts/vscode-env/settings.json'), join(userDataDir, 'User', 'settings.json'));
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });

  const port = await freePort();
  const server = await startCodeServer(env, {
    port,
    userDataDir,
    extensionsDir,
    folder: workspace,
    extraEnv: {
      THREATMODEL_TEST_RESULTS: resultsFile,
      THREATMODEL_TEST_WORKSPACE: workspace,
      THREATMODEL_TEST_GREP: grep ?? '',
    },
  });
  console.log(`code-server listening on ${server.url} (${Date.now() - t0} ms since start)`);

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(staged.extension)],
    ['extensionTestsPath', remote(testsEntry)],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  console.log(`workbench opened in Chromium; waiting for the suite (timeout ${TIMEOUT_MS / 1000} s)`);

  const deadline = Date.now() + TIMEOUT_MS;
  while (!existsSync(resultsFile)) {
    if (Date.now() > deadline) {
      mkdirSync(join(ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-results/integration-timeout.png') }).catch(() => {});
      throw new Error(`the suite did not report within ${TIMEOUT_MS / 1000} s\n--- code-server log ---\n${server.log.slice(-60).join('\n')}`);
    }
    if (server.child.exitCode !== null) throw new Error(`code-server exited:\n${server.log.join('\n')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 200));
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));

  // The extension's own log ("Threat Model" output channel) must show no errors.
  const logs = findFiles(userDataDir, (name) => name === 'Threat Model.log');
  const errorLines = logs.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => /\[error\]/.test(l)));

  for (const line of results.lines ?? []) console.log(line);
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(ROOT, 'test-results/integration.json'), JSON.stringify(results, null, 2));
  if (results.metrics?.activation) {
    writeFileSync(
      join(ROOT, 'test-results/activation.json'),
      JSON.stringify({ vscode: results.vscodeVersion, measuredAt: new Date().toISOString(), ...results.metrics.activation }, null, 2),
    );
  }
  if (logs.length === 0) console.log('note: no "Threat Model.log" found in the user-data dir');
  if (errorLines.length) {
    console.log(`\nthe extension logged ${errorLines.length} error(s):`);
    for (const l of errorLines) console.log(`  ${l}`);
  }
  const total = Date.now() - t0;
  console.log(`\nintegration: ${results.passes} passing, ${results.failures} failing, ${results.pending} pending (${total} ms total)`);
  counts.passed = results.passes;
  counts.failed = results.failures + (errorLines.length > 0 ? 1 : 0);
  counts.skipped = results.pending;
  if (results.failures > 0 || results.pending > 0 || results.passes === 0 || errorLines.length > 0) return 1;
  return 0;
}

const counts = { passed: 0, failed: 1, skipped: 0 };

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`integration run failed: ${error?.stack ?? error}`);
  code = 1;
} finally {
  await cleanup();
}
if (process.env.TM_COUNTS_FILE) {
  mkdirSync(dirname(process.env.TM_COUNTS_FILE), { recursive: true });
  writeFileSync(process.env.TM_COUNTS_FILE, JSON.stringify(counts) + '\n');
}
console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(code);
