// `threatmodel check` end to end: exit codes, formats, bad input, globs, colour, big models.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateModel } from '../../src/core/testing/generate';
import { cli, EXAMPLES, FIXTURES } from './helpers';

const ANSI = /\u001b\[/;
const examples = EXAMPLES.map((e) => `examples/${e}.threatmodel`);

describe('cli: check', () => {
  it('checks the three examples: exit 1 exactly when there is an error, summary counts match the findings', () => {
    const r = cli(['check', ...examples]);
    const json = JSON.parse(cli(['check', ...examples, '--format', 'json']).stdout) as { severity: string }[];
    const errors = json.filter((d) => d.severity === 'error').length;
    const warnings = json.filter((d) => d.severity === 'warning').length;
    assert.equal(r.code, errors > 0 ? 1 : 0, r.stderr);
    assert.match(r.stdout, new RegExp(`3 files checked: ${errors} errors?, ${warnings} warnings?`));
    assert.equal(r.stdout.trim().split('\n').length, json.length + 1);
    assert.equal(cli(['check', ...examples, '--fail-on', 'never']).code, 0);
  });

  it('exit codes follow --fail-on (error / warning / never)', () => {
    const error = join(FIXTURES, 'error.threatmodel');
    const warnOnly = 'examples/rag-assistant.threatmodel';
    assert.equal(cli(['check', error]).code, 1);
    assert.equal(cli(['check', error, '--fail-on', 'error']).code, 1);
    assert.equal(cli(['check', error, '--fail-on=never']).code, 0);
    assert.equal(cli(['check', warnOnly, '--fail-on', 'error']).code, 0);
    assert.equal(cli(['check', warnOnly, '--fail-on', 'warning']).code, 1);
    assert.equal(cli(['check', warnOnly, '--fail-on', 'never']).code, 0);
  });

  it('text output is file:line:col severity code message (1-based), then a summary', () => {
    const r = cli(['check', 'test/fixtures/cli/error.threatmodel']);
    assert.equal(r.stdout.split('\n')[0], "test/fixtures/cli/error.threatmodel:5:11 error invalid-value 'proces' is not allowed here; did you mean 'process'? Expected one of: external_entity, process, data_store.");
    assert.match(r.stdout, /^1 file checked: 1 error, 0 warnings, 0 info, 0 hints\.$/m);
    assert.doesNotMatch(r.stdout + r.stderr, ANSI, 'no colour when stdout is not a terminal');
    assert.equal(cli(['check', 'test/fixtures/cli/error.threatmodel', '--quiet']).stdout.includes('checked'), false);
  });

  it('JSON output: 0-based ranges, one entry per diagnostic, stdout stays parseable', () => {
    const r = cli(['check', 'test/fixtures/cli/error.threatmodel', '--format', 'json']);
    const data = JSON.parse(r.stdout);
    assert.deepEqual(data, [
      {
        file: 'test/fixtures/cli/error.threatmodel',
        range: { start: { line: 4, character: 10 }, end: { line: 4, character: 16 } },
        severity: 'error',
        code: 'invalid-value',
        message: "'proces' is not allowed here; did you mean 'process'? Expected one of: external_entity, process, data_store.",
      },
    ]);
    assert.match(r.stderr, /1 file checked/);
    const all = JSON.parse(cli(['check', ...examples, '--format', 'json']).stdout);
    assert.ok(Array.isArray(all) && all.every((d: { file: string }) => examples.includes(d.file)));
  });

  it('-o writes the output to a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-check-'));
    const r = cli(['check', 'test/fixtures/cli/error.threatmodel', '--format', 'json', '-o', join(dir, 'out.json')]);
    assert.equal(r.code, 1);
    const written = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    assert.equal(written[0].code, 'invalid-value');
  });

  it('malformed YAML: a yaml-syntax diagnostic at its position, exit 1, no crash', () => {
    const r = cli(['check', 'test/fixtures/cli/malformed.threatmodel', '--format', 'json']);
    assert.equal(r.code, 1);
    const [d] = JSON.parse(r.stdout);
    assert.equal(d.code, 'yaml-syntax');
    assert.equal(typeof d.range.start.line, 'number');
  });

  it('invalid UTF-8: invalid-encoding at the first bad byte (line 3, column 14), not a crash', () => {
    const r = cli(['check', 'test/fixtures/cli/invalid-utf8.threatmodel']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /invalid-utf8\.threatmodel:3:14 error invalid-encoding .*offset 41/);
  });

  it('missing files, globs matching nothing and bad options exit 2 with a clear message', () => {
    let r = cli(['check', 'no/such/file.threatmodel']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /File not found: no\/such\/file\.threatmodel/);
    r = cli(['check', 'nowhere/**/*.threatmodel']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /No files match 'nowhere\/\*\*\/\*\.threatmodel'/);
    r = cli(['check']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Give at least one file/);
    r = cli(['check', 'examples', '--format', 'xml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format' must be one of text, json, sarif \(got 'xml'\)/);
    r = cli(['check', 'examples', '--fail-onn', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option '--fail-onn'\. Did you mean '--fail-on'\?/);
  });

  it('an unreadable file (a dangling link matched by a glob) exits 2 and names the file; the others are still checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-unreadable-'));
    copyFileSync('examples/spam-classifier.threatmodel', join(dir, 'a.threatmodel'));
    symlinkSync(join(dir, 'gone'), join(dir, 'b.threatmodel'));
    const r = cli(['check', '*.threatmodel'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Cannot read b\.threatmodel: file not found/);
    assert.match(r.stdout, /1 file checked/);
  });

  it('globs: **, *, ?, {a,b}; node_modules and .git skipped; directories expand to their models', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-glob-'));
    for (const p of ['a/x.threatmodel', 'a/b/y.threatmodel', 'c/z.threatmodel', 'node_modules/m/n.threatmodel', '.git/g.threatmodel', 'a/q1.threatmodel']) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), 'threatmodel: 1\ntitle: t\n');
    }
    assert.equal(cli(['check', '**/*.threatmodel'], { cwd: dir }).stdout.match(/(\d+) files checked/)?.[1], '4');
    assert.equal(cli(['check', 'a/*.threatmodel'], { cwd: dir }).stdout.match(/(\d+) files? checked/)?.[1], '2');
    assert.equal(cli(['check', 'a/q?.threatmodel'], { cwd: dir }).stdout.match(/(\d+) files? checked/)?.[1], '1');
    assert.equal(cli(['check', '{a,c}/*.threatmodel'], { cwd: dir }).stdout.match(/(\d+) files? checked/)?.[1], '3');
    assert.equal(cli(['check', '.'], { cwd: dir }).stdout.match(/(\d+) files? checked/)?.[1], '4');
  });

  it('a 2,000-element generated model finishes with complete output', function () {
    this.timeout(600_000);
    const dir = mkdtempSync(join(tmpdir(), 'tm-big-'));
    const text = generateModel({ elements: 2000, seed: 7 });
    writeFileSync(join(dir, 'big.threatmodel'), text);
    const r = cli(['check', 'big.threatmodel', '--format', 'json', '--fail-on', 'never'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const diagnostics = JSON.parse(r.stdout) as { file: string }[];
    assert.ok(diagnostics.every((d) => d.file === 'big.threatmodel'));
    const text2 = cli(['check', 'big.threatmodel', '--fail-on', 'never'], { cwd: dir });
    assert.equal(text2.stdout.trim().split('\n').length, diagnostics.length + 1, 'one line per diagnostic plus the summary');
    const report = cli(['report', 'big.threatmodel', '--date', '2026-01-01'], { cwd: dir });
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /## Open items[\s\S]*### Diagnostics/);
  });
});
