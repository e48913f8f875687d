// The generated run_pyrit.py end to end with the system Python. PyRIT itself cannot be installed
// here, so a STUB of its 1.x API (test/fixtures/pyrit-stub: the calls the runner makes, with the
// documented keyword names and AttackResult fields from ../shared/reference/pyrit/FORMATS.md) stands
// in for it. Proves the loop: export -> the runner writes one JSON result per objective with the
// threat id in its labels -> import pyrit records them on the right threats.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from '../../src/core/document';
import { cli, ROOT } from './helpers';

const STUB = join(ROOT, 'test', 'fixtures', 'pyrit-stub');

describe('cli: the exported PyRIT runner (against a PyRIT stub)', function () {
  this.timeout(120_000);

  it('runs every objective, writes AttackResult JSON labelled with the threat id, and import pyrit records it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-pyrit-run-'));
    const out = join(dir, 'export');
    assert.equal(cli(['export', 'pyrit', 'examples/rag-assistant.threatmodel', '-o', out, '-q']).code, 0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { threats: { threat_id: string; objectives: string[] }[] };

    const results = join(dir, 'results.json');
    const run = spawnSync('python3', [join(out, 'run_pyrit.py'), '--endpoint', 'https://stub.invalid/v1', '--model', 'stub', '--out', results], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', PYTHONPATH: STUB, PYTHONDONTWRITEBYTECODE: '1' },
    });
    assert.equal(run.status, 0, run.stderr);
    const written = JSON.parse(readFileSync(results, 'utf8')) as { objective: string; outcome: string; labels: Record<string, string>; conversation_id: string }[];
    const objectives = manifest.threats.reduce((n, t) => n + t.objectives.length, 0);
    assert.equal(written.length, objectives, 'one result per objective');
    for (const threat of manifest.threats) {
      const mine = written.filter((r) => r.labels.threat_id === threat.threat_id);
      assert.deepEqual(mine.map((r) => r.objective), threat.objectives, threat.threat_id);
    }
    assert.ok(written.every((r) => r.conversation_id && r.labels.tm_run && ['success', 'failure'].includes(r.outcome)));

    // A custom HTTP target has no OpenAI endpoint to borrow for the judge: a clear error, not a traceback.
    const request = join(dir, 'request.txt');
    writeFileSync(request, 'POST /chat HTTP/1.1\nHost: api.example\n\n{"q": "{PROMPT}"}');
    const noJudge = spawnSync('python3', [join(out, 'run_pyrit.py'), '--http-request', request, '--out', join(dir, 'x.json')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', PYTHONPATH: STUB, PYTHONDONTWRITEBYTECODE: '1' },
    });
    assert.equal(noJudge.status, 2, noJudge.stderr);
    assert.match(noJudge.stderr, /^No judge: /);

    const model = join(dir, 'rag.threatmodel');
    copyFileSync(join(ROOT, 'examples', 'rag-assistant.threatmodel'), model);
    const imported = cli(['import', 'pyrit', model, results]);
    assert.equal(imported.code, 0, imported.stderr);
    const threats = parseDocument(readFileSync(model, 'utf8')).model.index.threats;
    for (const t of manifest.threats) {
      const latest = threats.get(t.threat_id)!.validation.at(-1)!;
      assert.equal(latest.result, 'succeeded', `${t.threat_id}: the stub's first objective succeeded`);
      assert.equal(latest.source?.startsWith('pyrit'), true);
      assert.equal(latest.date, '2026-03-02');
    }
  });
});
