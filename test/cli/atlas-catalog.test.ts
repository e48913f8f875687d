// `--atlas-catalog FILE` on analyze, check and report (the built CLI as a child process): a catalog
// imported from the official ATLAS.yaml (../shared/reference) with one technique renamed is what the
// analysis names; a bad file is exit 2 with a message naming it and the reason.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT } from './helpers';

const ATLAS_YAML = join(ROOT, '..', 'shared', 'reference', 'atlas', 'ATLAS.yaml');
const RAG = join(ROOT, 'examples', 'rag-assistant.threatmodel');
const RENAMED = 'LLM Prompt Injection (CLI test catalog)';

interface JsonProposal {
  id: string;
  atlas: { technique: string; name?: string }[];
}

describe('cli: --atlas-catalog', function () {
  this.timeout(120000);
  let dir: string;
  let good: string;
  let bad: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tm-cli-atlas-'));
    const catalog = join(dir, 'imported.yaml');
    const r = cli(['catalog', 'import-atlas', ATLAS_YAML, '-o', catalog]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(catalog, 'utf8');
    const marker = '  - id: AML.T0051\n    name: LLM Prompt Injection\n';
    assert.equal(text.split(marker).length, 2);
    good = join(dir, 'renamed.yaml');
    writeFileSync(good, text.replace(marker, `  - id: AML.T0051\n    name: ${RENAMED}\n`));
    bad = join(dir, 'bad.yaml');
    writeFileSync(bad, text.replace('  - id: AML.T0051\n', '  - id: AML.X0051\n'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const names = (stdout: string): string[] =>
    (JSON.parse(stdout) as JsonProposal[]).flatMap((p) => p.atlas).filter((a) => a.technique === 'AML.T0051').map((a) => a.name ?? '');

  it('analyze names techniques from the given catalog (and from the bundled one without the option)', () => {
    const bundled = cli(['analyze', RAG, '--framework', 'atlas', '--format', 'json']);
    assert.equal(bundled.code, 0, bundled.stderr);
    assert.ok(names(bundled.stdout).length > 0);
    assert.ok(names(bundled.stdout).every((n) => n === 'LLM Prompt Injection'));

    const user = cli(['analyze', RAG, '--framework', 'atlas', '--format', 'json', '--atlas-catalog', good]);
    assert.equal(user.code, 0, user.stderr);
    assert.ok(names(user.stdout).length > 0);
    assert.ok(names(user.stdout).every((n) => n === RENAMED), names(user.stdout).join(', '));
    // Relative to the working directory, with --flag=value.
    const relative = cli(['analyze', RAG, '--framework', 'atlas', '--format', 'json', '--atlas-catalog=renamed.yaml'], { cwd: dir });
    assert.equal(relative.code, 0, relative.stderr);
    assert.ok(names(relative.stdout).every((n) => n === RENAMED));
  });

  it('check and report accept the option and give the same results for a consistent catalog', () => {
    const check = cli(['check', RAG, '--format', 'json', '--atlas-catalog', good]);
    const plain = cli(['check', RAG, '--format', 'json']);
    assert.equal(check.code, plain.code, check.stderr);
    assert.deepEqual(JSON.parse(check.stdout), JSON.parse(plain.stdout));
    const report = cli(['report', RAG, '--format', 'json', '--date', '2026-01-01', '--atlas-catalog', good]);
    assert.equal(report.code, 0, report.stderr);
    assert.ok(JSON.parse(report.stdout));
  });

  for (const command of ['analyze', 'check', 'report']) {
    it(`${command}: a bad catalog is exit 2 naming the file and the reason`, () => {
      const wrongId = cli([command, RAG, '--atlas-catalog', bad]);
      assert.equal(wrongId.code, 2, wrongId.stdout + wrongId.stderr);
      assert.match(wrongId.stderr, new RegExp(`ATLAS catalog ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: techniques\\[\\d+\\]\\.id: 'AML\\.X0051' is not a technique id`));
      assert.match(wrongId.stderr, /threatmodel catalog import-atlas/);
      assert.equal(wrongId.stdout, '', 'nothing is analysed');

      const missing = cli([command, RAG, '--atlas-catalog', join(dir, 'nope.yaml')]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /Cannot read .*nope\.yaml: file not found/);

      const notCatalog = cli([command, RAG, '--atlas-catalog', RAG]);
      assert.equal(notCatalog.code, 2);
      assert.match(notCatalog.stderr, /ATLAS catalog .*rag-assistant\.threatmodel: version: /);

      const empty = cli([command, RAG, '--atlas-catalog=']);
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /--atlas-catalog needs a file name/);
    });
  }

  it('is listed in the help of analyze, check and report', () => {
    for (const command of ['analyze', 'check', 'report']) {
      const r = cli([command, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /--atlas-catalog FILE +Use this MITRE ATLAS catalog/);
    }
  });
});
