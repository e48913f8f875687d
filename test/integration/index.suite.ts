// Entry point of the integration suite. VS Code (code-server or desktop via @vscode/test-electron)
// loads this module in its extension host and calls `run()`. It runs every other compiled
// `*.suite.js` next to it with mocha and writes the results as JSON to $THREATMODEL_TEST_RESULTS
// (when set), so the runner outside the extension host can print them and fail the build.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import Mocha from 'mocha';
import { metrics } from './helpers';

interface TestLine {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export async function run(): Promise<void> {
  const grep = process.env.THREATMODEL_TEST_GREP || undefined;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, grep, reporter: class {} as never });
  const here = __dirname;
  for (const name of fs.readdirSync(here).sort()) {
    if (name.endsWith('.suite.js') && name !== 'index.suite.js') mocha.addFile(path.join(here, name));
  }
  const lines: string[] = [];
  const tests: TestLine[] = [];
  const started = Date.now();
  const result = await new Promise<{ passes: number; failures: number; pending: number }>((resolve) => {
    const runner = mocha.run();
    let depth = 0;
    const indent = () => '  '.repeat(depth);
    runner.on('suite', (suite: Mocha.Suite) => {
      if (suite.title) lines.push(`${indent()}${suite.title}`);
      if (suite.title) depth++;
    });
    runner.on('suite end', (suite: Mocha.Suite) => {
      if (suite.title) depth--;
    });
    runner.on('pass', (test: Mocha.Test) => {
      lines.push(`${indent()}✔ ${test.title} (${test.duration ?? 0} ms)`);
      tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    runner.on('pending', (test: Mocha.Test) => {
      lines.push(`${indent()}- ${test.title} (PENDING)`);
      tests.push({ title: test.fullTitle(), state: 'pending' });
    });
    runner.on('fail', (test: Mocha.Test, error: Error) => {
      const message = error?.stack ?? String(error);
      lines.push(`${indent()}✘ ${test.fullTitle()}\n${message.replace(/^/gm, `${indent()}    `)}`);
      tests.push({ title: test.fullTitle(), state: 'failed', error: message });
    });
    runner.on('end', () =>
      resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }),
    );
  });
  const report = {
    vscodeVersion: vscode.version,
    durationMs: Date.now() - started,
    ...result,
    lines,
    tests,
    metrics,
  };
  const out = process.env.THREATMODEL_TEST_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(report, null, 2));
  if (result.failures > 0) throw new Error(`${result.failures} integration test(s) failed`);
}
