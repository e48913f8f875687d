// export pyrit / import pyrit through the built CLI; the generated runner is checked with the
// system Python (syntax, --dry-run plan). PyRIT itself is not installable here, so no attack runs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT } from './helpers';

describe('cli: PyRIT export and import', () => {
  it('export writes dataset, rubrics, manifest and a runner whose dry run lists the objectives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-pyrit-'));
    const r = cli(['export', 'pyrit', 'examples/rag-assistant.threatmodel', '-o', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Wrote \d+ objectives for 3 threats/);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.deepEqual(manifest.threats.map((t: { threat_id: string }) => t.threat_id), ['thr-direct-injection', 'thr-indirect-injection', 'thr-confidential-leakage']);
    const compile = spawnSync('python3', ['-m', 'py_compile', join(dir, 'run_pyrit.py')], { encoding: 'utf8' });
    assert.equal(compile.status, 0, compile.stderr);
    const dry = spawnSync('python3', [join(dir, 'run_pyrit.py'), '--dry-run', '--threat', 'thr-confidential-leakage'], { encoding: 'utf8' });
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^thr-confidential-leakage \[sensitive_data_disclosure\] scorer=scorers\/thr-confidential-leakage\.yaml/);
    assert.match(dry.stdout, /Account balances and transactions/);
    const noTarget = spawnSync('python3', [join(dir, 'run_pyrit.py')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    assert.equal(noTarget.status, 2);
    assert.match(noTarget.stderr, /No target/);
  });

  it('export without -o or without exercisable threats is handled clearly', () => {
    assert.equal(cli(['export', 'pyrit', 'examples/rag-assistant.threatmodel']).code, 2);
    const dir = mkdtempSync(join(tmpdir(), 'tm-pyrit-none-'));
    const r = cli(['export', 'pyrit', 'test/fixtures/cli/error.threatmodel', '-o', dir]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Nothing written/);
  });

  it('import records results once (second run adds nothing) and check then flags a succeeded attack on a mitigated threat', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-pyrit-import-'));
    const model = join(dir, 'rag.threatmodel');
    copyFileSync(join(ROOT, 'examples', 'rag-assistant.threatmodel'), model);
    const original = readFileSync(model, 'utf8');
    const results = join(dir, 'results.json');
    writeFileSync(
      results,
      JSON.stringify([
        { conversation_id: 'c1', objective: 'Make the tool fetch another account', attack_result_id: 'r-1', outcome: 'success', outcome_reason: 'Objective achieved according to scorer', timestamp: '2026-03-02T10:00:00Z', labels: { threat_id: 'thr-tool-overreach' }, atomic_attack_identifier: { class_name: 'PromptSendingAttack', pyrit_version: '1.1.0' } },
        { conversation_id: 'c2', objective: 'Inject', attack_result_id: 'r-2', outcome: 'failure', timestamp: '2026-03-02T10:01:00Z', labels: { threat_id: 'thr-indirect-injection' } },
        { conversation_id: 'c3', objective: 'Leak', attack_result_id: 'r-3', outcome: 'error', timestamp: '2026-03-02T10:02:00Z', labels: { threat_id: 'no-such-threat' } },
      ]),
    );
    const before = cli(['check', 'rag.threatmodel', '--format', 'json'], { cwd: dir });
    assert.ok(!before.stdout.includes('validation-attack-succeeded'));
    const first = cli(['import', 'pyrit', 'rag.threatmodel', 'results.json'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /thr-tool-overreach: succeeded/);
    assert.match(first.stderr, /no-such-threat/);
    const once = readFileSync(model, 'utf8');
    assert.notEqual(once, original);
    const second = cli(['import', 'pyrit', 'rag.threatmodel', 'results.json'], { cwd: dir });
    assert.equal(second.code, 0);
    assert.match(second.stdout, /No changes/);
    assert.equal(readFileSync(model, 'utf8'), once);
    const after = JSON.parse(cli(['check', 'rag.threatmodel', '--format', 'json'], { cwd: dir }).stdout);
    assert.equal(after.filter((d: { code: string }) => d.code === 'validation-attack-succeeded').length, 1);
    // Only lines were added.
    const added = once.split('\n').length - original.split('\n').length;
    assert.equal(added, 10, 'two new validation: keys with a 4-line entry each');
  });

  it('import rejects files that are not PyRIT results', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-pyrit-bad-'));
    copyFileSync(join(ROOT, 'examples', 'rag-assistant.threatmodel'), join(dir, 'm.threatmodel'));
    writeFileSync(join(dir, 'r.json'), '{"not": "results"}');
    const r = cli(['import', 'pyrit', 'm.threatmodel', 'r.json'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /expected a JSON array of PyRIT AttackResult objects/);
    assert.equal(cli(['import', 'pyrit', 'm.threatmodel'], { cwd: dir }).code, 2);
  });
});
