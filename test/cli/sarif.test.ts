// `check --format sarif` against the structure GitHub code scanning requires (a checker of the
// required fields and types, and GitHub's documented upload limits), and fingerprint stability.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, EXAMPLES, ROOT } from './helpers';

/** Problems with a SARIF log for GitHub code scanning; [] when it is acceptable. */
export function githubSarifProblems(log: any): string[] {
  const p: string[] = [];
  const isStr = (v: unknown) => typeof v === 'string' && v.length > 0;
  const isInt = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
  if (log.version !== '2.1.0') p.push('version must be 2.1.0');
  if (!isStr(log.$schema)) p.push('$schema missing');
  if (!Array.isArray(log.runs) || log.runs.length === 0) return [...p, 'runs must be a non-empty array'];
  if (log.runs.length > 20) p.push('GitHub accepts at most 20 runs per file');
  for (const run of log.runs) {
    const d = run.tool?.driver;
    if (!d || !isStr(d.name)) p.push('tool.driver.name is required');
    for (const k of ['version', 'semanticVersion', 'informationUri']) if (!isStr(d?.[k])) p.push(`tool.driver.${k} missing`);
    if (!/^\d+\.\d+\.\d+/.test(d?.semanticVersion ?? '')) p.push('semanticVersion must be semver');
    const rules = d?.rules ?? [];
    if (rules.length > 25_000) p.push('at most 25,000 rules');
    const ids = new Set<string>();
    rules.forEach((r: any, i: number) => {
      if (!isStr(r.id)) p.push(`rules[${i}].id missing`);
      if (ids.has(r.id)) p.push(`rules[${i}].id duplicated`);
      ids.add(r.id);
      if (!isStr(r.name)) p.push(`rules[${i}].name missing`);
      if (!isStr(r.shortDescription?.text)) p.push(`rules[${i}].shortDescription.text missing`);
      if (r.shortDescription?.text?.length > 1024) p.push(`rules[${i}].shortDescription too long`);
      if (!isStr(r.fullDescription?.text)) p.push(`rules[${i}].fullDescription.text missing`);
      if (!isStr(r.help?.text) || !isStr(r.help?.markdown)) p.push(`rules[${i}].help text/markdown missing`);
      if (!['error', 'warning', 'note', 'none'].includes(r.defaultConfiguration?.level)) p.push(`rules[${i}].defaultConfiguration.level invalid`);
      const tags = r.properties?.tags;
      if (!Array.isArray(tags) || tags.some((t: unknown) => typeof t !== 'string') || tags.length > 20) p.push(`rules[${i}].properties.tags invalid (max 20 strings)`);
      const sev = r.properties?.['security-severity'];
      if (sev !== undefined) {
        const n = Number(sev);
        if (!(n >= 0 && n <= 10)) p.push(`rules[${i}] security-severity must be a number 0.0-10.0`);
        if (!tags?.includes('security')) p.push(`rules[${i}] with security-severity needs the security tag`);
      }
    });
    const results = run.results ?? [];
    if (!Array.isArray(run.results)) p.push('results must be an array');
    if (results.length > 25_000) p.push('GitHub accepts at most 25,000 results per run');
    results.forEach((r: any, i: number) => {
      if (!isStr(r.ruleId)) p.push(`results[${i}].ruleId missing`);
      if (!isInt(r.ruleIndex, 0) || rules[r.ruleIndex]?.id !== r.ruleId) p.push(`results[${i}].ruleIndex does not point at its rule`);
      if (!['error', 'warning', 'note', 'none'].includes(r.level)) p.push(`results[${i}].level invalid`);
      if (!isStr(r.message?.text)) p.push(`results[${i}].message.text missing`);
      if (!Array.isArray(r.locations) || r.locations.length < 1 || r.locations.length > 1000) p.push(`results[${i}].locations must have 1-1000 entries`);
      const loc = r.locations?.[0]?.physicalLocation;
      const uri = loc?.artifactLocation?.uri;
      if (!isStr(uri) || uri.includes('\\') || (loc.artifactLocation.uriBaseId !== undefined && (uri.startsWith('/') || uri.startsWith('../')))) p.push(`results[${i}] artifactLocation.uri must be repository-relative with forward slashes`);
      const reg = loc?.region;
      if (!isInt(reg?.startLine, 1) || !isInt(reg?.startColumn, 1) || !isInt(reg?.endLine, 1) || !isInt(reg?.endColumn, 1)) p.push(`results[${i}].region needs 1-based integers`);
      else if (reg.endLine < reg.startLine || (reg.endLine === reg.startLine && reg.endColumn < reg.startColumn)) p.push(`results[${i}].region ends before it starts`);
      const fp = r.partialFingerprints;
      if (!fp || typeof fp !== 'object' || Object.values(fp).some((v) => !isStr(v))) p.push(`results[${i}].partialFingerprints must map to strings`);
      const sev = r.properties?.['security-severity'];
      if (sev !== undefined && !(Number(sev) >= 0 && Number(sev) <= 10)) p.push(`results[${i}] security-severity out of range`);
    });
  }
  if (Buffer.byteLength(JSON.stringify(log)) > 10 * 1024 * 1024) p.push('over 10 MB (GitHub limit, gzip)');
  return p;
}

describe('cli: SARIF for GitHub code scanning', () => {
  const examples = EXAMPLES.map((e) => `examples/${e}.threatmodel`);

  it('the three examples give a log GitHub accepts, with a rule for every registered code', () => {
    const r = cli(['check', ...examples, '--format', 'sarif', '--fail-on', 'never']);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.deepEqual(githubSarifProblems(log), []);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'threatmodel');
    assert.equal(run.tool.driver.version, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const ruleIds = run.tool.driver.rules.map((x: { id: string }) => x.id);
    for (const code of ['yaml-syntax', 'unresolved-reference', 'invalid-encoding', 'validation-attack-succeeded']) assert.ok(ruleIds.includes(code), code);
    assert.ok(run.results.length > 0);
    for (const result of run.results) {
      assert.equal(result.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.ok(examples.includes(result.locations[0].physicalLocation.artifactLocation.uri));
    }
  });

  it('results about a threat with DREAD factors carry a security-severity from its score', () => {
    const log = JSON.parse(cli(['check', ...examples, '--format', 'sarif']).stdout);
    const scored = log.runs[0].results.filter((r: any) => r.properties?.dread !== undefined);
    assert.ok(scored.length > 0, 'some result concerns a scored threat');
    for (const r of scored) assert.equal(r.properties['security-severity'], Math.max(0.1, r.properties.dread).toFixed(1));
  });

  it('threat-related rules carry a rule-level security-severity (what GitHub uses to rank alerts); format rules do not', () => {
    const log = JSON.parse(cli(['check', ...examples, '--format', 'sarif', '--fail-on', 'never']).stdout);
    const rules = new Map<string, any>(log.runs[0].tool.driver.rules.map((r: any) => [r.id, r]));
    for (const id of ['unmitigated-threat', 'unprotected-boundary-crossing', 'unverified-ml-artifact', 'validation-attack-succeeded']) {
      const rule = rules.get(id);
      assert.ok(rule, id);
      const severity = Number(rule.properties['security-severity']);
      assert.ok(severity > 0 && severity <= 10, `${id}: security-severity ${rule.properties['security-severity']}`);
      assert.ok(rule.properties.tags.includes('security'), `${id} is tagged security`);
    }
    for (const id of ['yaml-syntax', 'invalid-value', 'unresolved-reference']) {
      assert.equal(rules.get(id)?.properties['security-severity'], undefined, id);
      assert.ok(!rules.get(id).properties.tags.includes('security'), id);
    }
  });

  it('fingerprints do not change when lines move, and differ between findings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-sarif-'));
    mkdirSync(join(dir, '.git'));
    const text = readFileSync(join(ROOT, 'test/fixtures/cli/error.threatmodel'), 'utf8') + '  - id: b\n    type: nope\n';
    writeFileSync(join(dir, 'm.threatmodel'), text);
    const before = JSON.parse(cli(['check', 'm.threatmodel', '--format', 'sarif'], { cwd: dir }).stdout).runs[0].results;
    writeFileSync(join(dir, 'm.threatmodel'), `# a comment\n# another\n\n${text}`);
    const after = JSON.parse(cli(['check', 'm.threatmodel', '--format', 'sarif'], { cwd: dir }).stdout).runs[0].results;
    assert.equal(before.length, 2);
    assert.notEqual(before[0].locations[0].physicalLocation.region.startLine, after[0].locations[0].physicalLocation.region.startLine);
    assert.deepEqual(after.map((r: any) => r.partialFingerprints), before.map((r: any) => r.partialFingerprints));
    assert.notDeepEqual(before[0].partialFingerprints, before[1].partialFingerprints);
  });

  it('URIs are relative to the git toplevel, not the working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-sarif-root-'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'models', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'models', 'sub', 'x.threatmodel'), readFileSync(join(ROOT, 'test/fixtures/cli/error.threatmodel')));
    const log = JSON.parse(cli(['check', 'sub/x.threatmodel', '--format', 'sarif'], { cwd: join(dir, 'models') }).stdout);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'models/sub/x.threatmodel');
    assert.deepEqual(githubSarifProblems(log), []);
  });

  it('the checker itself rejects what GitHub rejects', () => {
    assert.ok(githubSarifProblems({ version: '2.0.0', runs: [] }).length >= 2);
    const bad = { version: '2.1.0', $schema: 'x', runs: [{ tool: { driver: { name: 't', version: '1', semanticVersion: '1.0.0', informationUri: 'u', rules: [] } }, results: [{ ruleId: 'a', ruleIndex: 0, level: 'fatal', message: {}, locations: [] }] }] };
    const problems = githubSarifProblems(bad);
    for (const needle of ['ruleIndex', 'level', 'message', 'locations']) assert.ok(problems.some((x) => x.includes(needle)), needle);
  });
});
