// The PyRIT bridge in core. PyRIT itself cannot be installed here (no PyPI access), so the dataset
// is validated against PyRIT's documented SeedDataset / Seed fields (pydantic extra="forbid":
// any unknown key is an error) and against the real bundled dataset copied to
// ../shared/reference/pyrit/leakage.prompt (see FORMATS.md there).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { applyEdits, checkDocument, parseDocument } from '../../src/core';
import { escapeForJinja, exportPyrit, parseResults, planImport, pyritTargets, verdict } from '../../src/core/pyrit';

const ROOT = resolve(__dirname, '..', '..', '..');
const REFERENCE = resolve(ROOT, '..', 'shared', 'reference', 'pyrit', 'leakage.prompt');

const DATASET_KEYS = new Set(['dataset_name', 'name', 'description', 'source', 'harm_categories', 'authors', 'groups', 'data_type', 'seed_type', 'date_added', 'added_by', 'seeds']);
const SEED_KEYS = new Set(['value', 'name', 'dataset_name', 'description', 'source', 'harm_categories', 'authors', 'groups', 'metadata', 'date_added', 'added_by', 'prompt_group_alias', 'seed_type', 'value_sha256', 'is_general_technique']);
const LIST_OR_STRING = ['harm_categories', 'authors', 'groups'];

/** What SeedDataset.from_yaml_file would reject, as documented in FORMATS.md. */
function seedDatasetProblems(data: any): string[] {
  const p: string[] = [];
  if (!data || typeof data !== 'object' || Array.isArray(data)) return ['not a mapping'];
  for (const k of Object.keys(data)) if (!DATASET_KEYS.has(k)) p.push(`unknown dataset key ${k}`);
  if (!Array.isArray(data.seeds) || data.seeds.length === 0) p.push('seeds must be a non-empty list');
  if (data.seed_type !== undefined && !['prompt', 'objective', 'simulated_conversation'].includes(data.seed_type)) p.push('bad seed_type');
  for (const k of LIST_OR_STRING) if (data[k] !== undefined && typeof data[k] !== 'string' && !(Array.isArray(data[k]) && data[k].every((x: unknown) => typeof x === 'string'))) p.push(`${k} must be a string or list of strings`);
  for (const k of ['dataset_name', 'name', 'description', 'source', 'data_type']) if (data[k] !== undefined && typeof data[k] !== 'string') p.push(`${k} must be a string`);
  (data.seeds ?? []).forEach((s: any, i: number) => {
    if (!s || typeof s !== 'object') return void p.push(`seeds[${i}] not a mapping`);
    for (const k of Object.keys(s)) if (!SEED_KEYS.has(k)) p.push(`seeds[${i}] unknown key ${k}`);
    if (typeof s.value !== 'string' || s.value.length === 0) p.push(`seeds[${i}].value must be a string`);
    if (s.metadata !== undefined && (typeof s.metadata !== 'object' || Array.isArray(s.metadata))) p.push(`seeds[${i}].metadata must be a mapping`);
    for (const k of LIST_OR_STRING) if (s[k] !== undefined && !Array.isArray(s[k]) && typeof s[k] !== 'string') p.push(`seeds[${i}].${k} must be a list`);
    if ((s.seed_type ?? data.seed_type) === 'objective' && s.is_general_technique === true) p.push(`seeds[${i}] objective cannot be a general technique`);
  });
  return p;
}

const rag = () => parseDocument(readFileSync(join(ROOT, 'examples', 'rag-assistant.threatmodel'), 'utf8'));

describe('core: PyRIT bridge', () => {
  it('the structure checker accepts PyRIT\'s own bundled dataset and rejects the old format', () => {
    const reference = load(readFileSync(REFERENCE, 'utf8'));
    assert.deepEqual(seedDatasetProblems(reference), []);
    assert.ok(seedDatasetProblems({ prompts: [{ value: 'x', is_objective: true }] }).length >= 2);
    assert.ok(seedDatasetProblems({ seeds: [{ value: 'x', tags: ['a'] }] }).some((x) => x.includes('tags')));
  });

  it('exports a dataset in the current seeds:/seed_type format with threat ids in per-seed metadata', () => {
    const doc = rag();
    const result = exportPyrit(doc.model, 'rag-assistant');
    const datasetFile = result.files.find((f) => f.path === 'threatmodel_seeds.prompt')!;
    const data = load(datasetFile.content) as any;
    assert.deepEqual(seedDatasetProblems(data), []);
    assert.equal(data.seed_type, 'objective');
    const reference = load(readFileSync(REFERENCE, 'utf8')) as any;
    assert.equal(typeof data.dataset_name, typeof reference.dataset_name);
    const open = new Set(doc.model.threats.filter((t) => t.status === 'open').map((t) => t.id));
    for (const seed of data.seeds) {
      assert.ok(open.has(seed.metadata.threat_id), `${seed.metadata.threat_id} is an open threat`);
      assert.ok(result.files.some((f) => f.path === seed.metadata.scorer));
    }
    // Specific to the model: element and data asset names appear in the objectives.
    const values: string = data.seeds.map((s: any) => s.value).join('\n');
    assert.match(values, /Assistant orchestrator/);
    assert.match(values, /Account lookup tool/);
    assert.match(values, /Account balances and transactions/);
    // Mitigated / transferred threats are not exported.
    assert.ok(!data.seeds.some((s: any) => s.metadata.threat_id === 'thr-tool-overreach' || s.metadata.threat_id === 'thr-vendor-disclosure'));
  });

  it('each threat gets a true/false rubric with the keys TrueFalseQuestion reads', () => {
    const result = exportPyrit(rag().model, 'rag-assistant');
    const rubrics = result.files.filter((f) => f.path.startsWith('scorers/'));
    assert.equal(rubrics.length, result.threats.length);
    for (const f of rubrics) {
      const r = load(f.content) as Record<string, unknown>;
      assert.deepEqual(Object.keys(r).sort(), ['category', 'false_description', 'metadata', 'true_description']);
      for (const v of Object.values(r)) assert.equal(typeof v, 'string');
    }
  });

  it('system prompt presence shapes the objectives; template syntax is wrapped in {% raw %}', () => {
    const doc = parseDocument(readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'hostile.threatmodel'), 'utf8'));
    const [target] = pyritTargets(doc.model);
    assert.deepEqual(target.categories, ['system_prompt_leakage']);
    const result = exportPyrit(doc.model, 'hostile');
    const data = load(result.files[0].content) as any;
    assert.deepEqual(seedDatasetProblems(data), []);
    const leak = data.seeds.find((s: any) => s.value.includes('hidden instructions'));
    assert.ok(leak.value.startsWith('{% raw %}') && leak.value.endsWith('{% endraw %}'), leak.value);
    assert.ok(leak.value.includes('{{7*7}} system prompt'));
    assert.ok(data.seeds.every((s: any) => !/\{\{|\{%/.test(s.value.replace(/^\{% raw %\}|\{% endraw %\}$/g, '').replace(/\{\{7\*7\}\}/g, ''))));
  });

  it('escapeForJinja leaves plain text alone and cannot be closed early', () => {
    assert.equal(escapeForJinja('plain text'), 'plain text');
    assert.equal(escapeForJinja('a {{ x }} b'), '{% raw %}a {{ x }} b{% endraw %}');
    const tricky = escapeForJinja('x {% endraw %}{{ evil }}');
    assert.equal(tricky.match(/\{% endraw %\}/g)?.length, 1);
    assert.ok(tricky.endsWith('{% endraw %}'));
  });

  it('results: any success -> succeeded, all failures -> failed, else undetermined; bad entries named', () => {
    const text = JSON.stringify([
      { objective: 'o1', outcome: 'failure', attack_result_id: 'a', labels: { threat_id: 't' } },
      { objective: 'o2', outcome: 'success', attack_result_id: 'b', labels: { threat_id: 't' }, timestamp: '2026-02-03T01:00:00Z' },
      { objective: 'o3', outcome: 'error', attack_result_id: 'c', labels: { threat_id: 'u' } },
      { objective: 'o4', outcome: 'weird', labels: { threat_id: 'u' } },
      { objective: 'o5', outcome: 'failure' },
    ]);
    const { outcomes, problems } = parseResults(text);
    assert.equal(outcomes.length, 3);
    assert.deepEqual(problems.map((p) => p.index), [3, 4]);
    assert.equal(verdict('t', outcomes.filter((o) => o.threatId === 't')).result, 'succeeded');
    assert.equal(verdict('t', outcomes.filter((o) => o.key === 'a')).result, 'failed');
    assert.equal(verdict('u', outcomes.filter((o) => o.threatId === 'u')).result, 'undetermined');
    assert.equal(verdict('t', outcomes.filter((o) => o.threatId === 't')).date, '2026-02-03');
    assert.equal(parseResults('{oops').problems[0].index, -1);
  });

  it('import: minimal edits in every list style, idempotent, and the succeeded-while-mitigated check fires', () => {
    const model = [
      'threatmodel: 1 # keep me',
      'title: T',
      'elements:',
      '  - {id: llm, type: process, ml_role: llm}',
      'threats:',
      '  - id: a',
      '    title: A',
      '    target: llm',
      '    status: mitigated',
      '  - id: b',
      '    title: B',
      '    target: llm',
      '    validation: []',
      '  - id: c',
      '    title: C',
      '    target: llm',
      '    validation:',
      '      - result: failed',
      '        date: 2025-01-01',
      '    # trailing comment stays',
      '',
    ].join('\n');
    const results = parseResults(
      JSON.stringify(['a', 'b', 'c'].map((t, i) => ({ objective: `o${i}`, outcome: t === 'b' ? 'failure' : 'success', attack_result_id: `id-${t}`, timestamp: '2026-03-01T00:00:00Z', labels: { threat_id: t } }))),
    ).outcomes;
    const doc = parseDocument(model);
    const plan = planImport(doc, results);
    const after = applyEdits(model, plan.edits);
    const parsed = parseDocument(after);
    assert.deepEqual(checkDocument(parsed).filter((d) => d.severity === 'error'), []);
    const byId = new Map(parsed.model.threats.map((t) => [t.id, t.validation]));
    assert.equal(byId.get('a')!.at(-1)!.result, 'succeeded');
    assert.equal(byId.get('b')!.at(-1)!.result, 'failed');
    assert.equal(byId.get('c')!.length, 2);
    assert.equal(byId.get('c')!.at(-1)!.date, '2026-03-01');
    assert.ok(after.startsWith('threatmodel: 1 # keep me\n') && after.includes('    # trailing comment stays'));
    // Only insertions: the original text is a subsequence of the result.
    let i = 0;
    for (const ch of after) if (ch === model[i]) i++;
    assert.equal(i, model.length);
    // Idempotent.
    assert.deepEqual(planImport(parsed, results).edits, []);
    // Threat a is mitigated but its latest validation succeeded.
    const d = checkDocument(parsed).filter((x) => x.code === 'validation-attack-succeeded');
    assert.deepEqual(d.map((x) => x.data?.threat), ['a']);
    assert.equal(d[0].severity, 'warning');
  });
});
