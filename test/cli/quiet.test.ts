// `--quiet` wherever a command prints status lines next to its real output (built CLI as a child
// process): the status goes, the work and the warnings/errors stay.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT } from './helpers';

const ATLAS_YAML = join(ROOT, '..', 'shared', 'reference', 'atlas', 'ATLAS.yaml');
const RESULTS = join(ROOT, 'test', 'fixtures', 'pyrit', 'rag-results.json');

describe('cli: --quiet', function () {
  this.timeout(120_000);

  it('analyze: the proposals without the summary line', () => {
    const loud = cli(['analyze', 'examples/spam-classifier.threatmodel', '--framework', 'atlas']);
    const quiet = cli(['analyze', 'examples/spam-classifier.threatmodel', '--framework', 'atlas', '-q']);
    assert.equal(loud.code, 0, loud.stderr);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.match(loud.stdout, /\d+ proposal\(s\): \d+ new, \d+ covered\.\n$/);
    assert.equal(quiet.stdout, loud.stdout.replace(/[^\n]*proposal\(s\)[^\n]*\n$/, ''));
    assert.ok(quiet.stdout.length > 0);
  });

  it('export pyrit: writes the same files and prints nothing', () => {
    const a = mkdtempSync(join(tmpdir(), 'tm-quiet-a-'));
    const b = mkdtempSync(join(tmpdir(), 'tm-quiet-b-'));
    const loud = cli(['export', 'pyrit', 'examples/rag-assistant.threatmodel', '-o', a]);
    const quiet = cli(['export', 'pyrit', 'examples/rag-assistant.threatmodel', '-o', b, '--quiet']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.match(loud.stdout, /Wrote \d+ objectives/);
    assert.equal(quiet.stdout, '');
    assert.equal(readFileSync(join(b, 'manifest.json'), 'utf8'), readFileSync(join(a, 'manifest.json'), 'utf8'));
  });

  it('import pyrit: records the results silently; warnings about unknown threats still go to stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-quiet-import-'));
    const loudModel = join(dir, 'loud.threatmodel');
    const quietModel = join(dir, 'quiet.threatmodel');
    copyFileSync(join(ROOT, 'examples', 'rag-assistant.threatmodel'), loudModel);
    copyFileSync(join(ROOT, 'examples', 'rag-assistant.threatmodel'), quietModel);
    const loud = cli(['import', 'pyrit', loudModel, RESULTS]);
    const quiet = cli(['import', 'pyrit', quietModel, RESULTS, '-q']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.match(loud.stdout, /Updated /);
    assert.equal(quiet.stdout, '');
    assert.match(quiet.stderr, /thr-not-in-the-model/);
    assert.equal(readFileSync(quietModel, 'utf8'), readFileSync(loudModel, 'utf8'));
  });

  it('catalog import-atlas: no summary line', function () {
    if (!existsSync(ATLAS_YAML)) throw new Error(`${ATLAS_YAML} is missing (shared reference data)`);
    const dir = mkdtempSync(join(tmpdir(), 'tm-quiet-atlas-'));
    const loud = cli(['catalog', 'import-atlas', ATLAS_YAML, '-o', join(dir, 'a.yaml')]);
    const quiet = cli(['catalog', 'import-atlas', ATLAS_YAML, '-o', join(dir, 'b.yaml'), '--quiet']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.match(loud.stdout, /^Wrote /);
    assert.equal(quiet.stdout, '');
    assert.equal(readFileSync(join(dir, 'b.yaml'), 'utf8'), readFileSync(join(dir, 'a.yaml'), 'utf8'));
  });
});
