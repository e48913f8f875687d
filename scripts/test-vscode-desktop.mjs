// Runs the same integration suite (test/integration) in VS Code DESKTOP with @vscode/test-electron.
// Needs a VS Code that can be downloaded (network) or is already installed:
//   VSCODE_EXECUTABLE=/path/to/code node scripts/test-vscode-desktop.mjs
//   VSCODE_VERSION=1.100.3 node scripts/test-vscode-desktop.mjs     (downloads into .vscode-test/)
// On Linux without a display, run it under xvfb-run. Not part of CI on this machine (no network
// to update.code.visualstudio.com); CI uses code-server instead (npm run test:integration).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/build-tests.mjs', 'test/integration'], { cwd: ROOT, stdio: 'inherit' });

const tmp = mkdtempSync(join(tmpdir(), 'threatmodel-desktop-'));
const workspace = join(tmp, 'workspace');
const userData = join(tmp, 'user-data');
const resultsFile = join(tmp, 'results.json');
cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
cpSync(join(ROOT, 'scripts/vscode-env/settings.json'), join(userData, 'User', 'settings.json'));

let code = 1;
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION || '1.100.3',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out/test/integration/index.suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData],
    extensionTestsEnv: { THREATMODEL_TEST_RESULTS: resultsFile, THREATMODEL_TEST_WORKSPACE: workspace },
  });
} catch (error) {
  console.error(`VS Code desktop run failed: ${error?.message ?? error}`);
  code = 1;
} finally {
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    for (const line of results.lines) console.log(line);
    console.log(`\ndesktop: ${results.passes} passing, ${results.failures} failing, ${results.pending} pending (VS Code ${results.vscodeVersion})`);
    if (results.failures > 0 || results.pending > 0) code = 1;
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(join(ROOT, 'test-results', 'integration-desktop.json'), JSON.stringify(results, null, 2));
  }
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
