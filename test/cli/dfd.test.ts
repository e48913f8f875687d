// `threatmodel dfd` through the built CLI (dist/cli.js) as a child process.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'dfd', ...args], { cwd: root, encoding: 'utf8' });

describe('cli: threatmodel dfd', () => {
  it('prints the Mermaid flowchart of a model', () => {
    const r = cli('examples/federated-imaging.threatmodel');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^flowchart LR\n/);
    assert.match(r.stdout, /subgraph b0\["/);
    assert.ok(!r.stdout.includes('linkStyle'), 'no overlay without --overlay');
  });

  it('--overlay colours threats, --boundary limits the view, --attack-trees appends the trees', () => {
    const r = cli('examples/spam-classifier.threatmodel', '--overlay', '--boundary', 'internal', '--attack-trees');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /class n\d+ threatAddressed/);
    assert.equal((r.stdout.match(/^\s*subgraph /gm) ?? []).length, 2);
    assert.match(r.stdout, /%% attack tree at-deliver-spam\nflowchart TB\n/);
  });

  it('exits 2 with a clear message for an unknown boundary, broken YAML or a missing file', () => {
    const unknown = cli('examples/spam-classifier.threatmodel', '--boundary', 'nope');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /There is no trust boundary "nope"/);
    const missing = cli('does-not-exist.threatmodel');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /file not found/);
    const dir = mkdtempSync(join(tmpdir(), 'tm-dfd-'));
    writeFileSync(join(dir, 'broken.threatmodel'), 'threatmodel: 1\nelements: [\n');
    const broken = cli(join(dir, 'broken.threatmodel'));
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /broken\.threatmodel:\d+:\d+: /);
    const both = cli('examples/spam-classifier.threatmodel', '--boundary', 'a', '--focus', 'b');
    assert.equal(both.status, 2);
  });
});
