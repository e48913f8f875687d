// The whole suite, as CI runs it: unit + language server + CLI + browser tests (npm test), the
// integration suite inside a real VS Code (code-server), the end-to-end UI checks on the packaged
// .vsix, and the benchmark at its smallest size (to prove it still works; budgets are not checked
// here). Every stage runs even if an earlier one failed; the exit code is non-zero if any failed.
// Prints the total as the last line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const countsDir = join('test-results', 'counts');
rmSync(countsDir, { recursive: true, force: true });
mkdirSync(countsDir, { recursive: true });

const stages = [
  { name: 'unit, server, CLI and browser tests', script: 'test' },
  { name: 'integration tests in code-server', script: 'test:integration' },
  { name: 'end-to-end UI checks on the .vsix', script: 'test:e2e' },
  { name: 'benchmark unit tests', script: 'bench:test' },
  { name: 'benchmark (smallest size)', script: 'bench', args: ['--', '--sizes', '100', '--quick'] },
];

const results = [];
for (const stage of stages) {
  if (!pkg.scripts[stage.script]) {
    results.push({ ...stage, status: 'missing' });
    continue;
  }
  const started = Date.now();
  console.log(`\n=== ${stage.name}: npm run ${stage.script} ${(stage.args ?? []).join(' ')}`);
  const run = spawnSync('npm', ['run', stage.script, ...(stage.args ?? [])], {
    stdio: 'inherit',
    env: { ...process.env, TM_COUNTS_FILE: join(countsDir, `${stage.script.replace(/[^a-z0-9]+/gi, '-')}.json`) },
  });
  results.push({ ...stage, status: run.status === 0 ? 'ok' : 'FAILED', seconds: Math.round((Date.now() - started) / 1000) });
}

let passed = 0;
let failed = 0;
let skipped = 0;
console.log('\n=== summary');
for (const r of results) {
  const file = join(countsDir, `${r.script.replace(/[^a-z0-9]+/gi, '-')}.json`);
  let counts = '';
  if (existsSync(file)) {
    const c = JSON.parse(readFileSync(file, 'utf8'));
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped ?? 0;
    counts = ` (${c.passed} passed, ${c.failed} failed)`;
  }
  if (r.status === 'FAILED' && !counts) failed += 1;
  console.log(`${r.status.padEnd(7)} ${r.name}${r.seconds !== undefined ? ` in ${r.seconds}s` : ''}${counts}`);
}
const anyFailed = results.some((r) => r.status !== 'ok');
if (anyFailed && failed === 0) failed = results.filter((r) => r.status !== 'ok').length;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(anyFailed ? 1 : 0);
