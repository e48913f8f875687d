// `threatmodel catalog import-atlas`, run as the built CLI (dist/cli.js; `npm test` builds it first).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAtlasCatalog } from '../../src/core/catalog';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const ATLAS_REF = join(root, '..', 'shared', 'reference', 'atlas', 'ATLAS.yaml');

function run(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('threatmodel catalog import-atlas (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tm-atlas-'));
  before(function () {
    if (!existsSync(cli)) throw new Error('dist/cli.js is missing; run node scripts/build.mjs first');
  });

  it('writes the same catalog as the committed catalogs/atlas.yaml, with warnings on stderr', () => {
    const out = join(dir, 'atlas.yaml');
    const r = run(['catalog', 'import-atlas', ATLAS_REF, '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `Wrote ${out} (ATLAS 5.6.0: 16 tactics, 170 techniques, 35 mitigations).\n`);
    assert.match(r.stderr, /warning: AML\.M0018: technique link AML\.T0052\.001 found inside ml-lifecycle/);
    assert.equal(readFileSync(out, 'utf8'), readFileSync(join(root, 'catalogs', 'atlas.yaml'), 'utf8'));
  });

  it("prints the catalog to stdout with '-o -' and can leave summaries out", () => {
    const r = run(['catalog', 'import-atlas', ATLAS_REF, '-o', '-', '--no-summaries']);
    assert.equal(r.code, 0, r.stderr);
    const c = parseAtlasCatalog(r.stdout, 'stdout');
    assert.equal(c.techniques.length, 170);
    assert.ok(c.techniques.every((t) => t.summary === undefined));
    assert.match(r.stderr, /ATLAS 5\.6\.0: 16 tactics/);
  });

  it('merges a user summaries file', () => {
    const s = join(dir, 's.yaml');
    writeFileSync(s, 'AML.T0040: my own line\n');
    const r = run(['catalog', 'import-atlas', ATLAS_REF, '-o', '-', '--summaries', s]);
    assert.equal(r.code, 0, r.stderr);
    const c = parseAtlasCatalog(r.stdout, 'stdout');
    assert.equal(c.techniques.find((t) => t.id === 'AML.T0040')?.summary, 'my own line');
    assert.equal(c.techniques.filter((t) => t.summary).length, 1);
  });

  it('requires -o and exactly one input', () => {
    let r = run(['catalog', 'import-atlas', ATLAS_REF]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Say where to write the catalog with -o FILE/);
    r = run(['catalog', 'import-atlas', '-o', '-']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Give exactly one ATLAS\.yaml file/);
  });

  it('rejects files that are not ATLAS data, naming the problem, and writes nothing', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: SOMETHING\nversion: 1\nmatrices: []\n');
    const out = join(dir, 'never.yaml');
    let r = run(['catalog', 'import-atlas', bad, '-o', out]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml: ATLAS data: id: expected 'ATLAS', found the string 'SOMETHING'/);
    assert.ok(!existsSync(out));
    writeFileSync(bad, 'id: ATLAS\nmatrices: [\n');
    r = run(['catalog', 'import-atlas', bad, '-o', out]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ATLAS data is not valid YAML/);
    r = run(['catalog', 'import-atlas', join(dir, 'missing.yaml'), '-o', out]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Cannot read .*missing\.yaml: file not found/);
  });

  it('is listed in the global help', () => {
    const r = run(['--help']);
    assert.match(r.stdout, /catalog import-atlas\s+Import a MITRE ATLAS release/);
  });
});
