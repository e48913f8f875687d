// Analysis over the real language server (stdio) and the real CLI (child process).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { LspClient, REPO_ROOT } from './lspClient';

const SPAM = readFileSync(path.join(REPO_ROOT, 'examples', 'spam-classifier.threatmodel'), 'utf8');

const PACK = `name: ACME
rules:
  - id: acme.api.waf
    framework: stride
    applies_to: element
    title: No WAF in front of \`{element}\`
    when: { fact: element.internet_facing, is: true }
    proposes: { stride: [tampering] }
    covered_by: { fact: element.has_control, equals: waf }
    mitigations:
      - control: waf
        text: Put a WAF in front of \`{element}\`.
`;
const BROKEN = 'rules:\n  - id: acme.bad\n    framework: stride\n    applies_to: element\n    title: x\n    when: { fact: element.colour, is: red }\n    proposes: { stride: [tampering] }\n';

interface Proposal {
  id: string;
  framework: string;
  covered: false | { by: string };
  edit?: WorkspaceEdit;
  atlas: { technique: string }[];
}

/** Applies LSP text edits (ranges in the original text) to a text. */
function applyLsp(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('server: threatmodel/analyze and threatmodel/addProposals over stdio', function () {
  this.timeout(60000);
  let client: LspClient;
  let folder: string;
  let uri: string;

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'tm-analysis-'));
    mkdirSync(path.join(folder, '.threatmodel', 'rules'), { recursive: true });
    writeFileSync(path.join(folder, '.threatmodel', 'rules', 'acme.rules.yaml'), PACK);
    writeFileSync(path.join(folder, '.threatmodel', 'rules', 'broken.rules.yaml'), BROKEN);
    uri = pathToFileURL(path.join(folder, 'spam.threatmodel')).href;
    client = LspClient.start();
    client.settings = { analysis: { disabledRules: ['stride.element.spoofing'] } };
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }] });
    client.didOpen(uri, SPAM);
  });

  after(async () => {
    if (client) await client.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  it('returns proposals with ATLAS ids, edits for new ones, user-pack rules and pack diagnostics', async () => {
    const result = (await client.request('threatmodel/analyze', { uri, frameworks: ['atlas', 'stride'] })) as {
      version: number;
      proposals: Proposal[];
      rulePacks: { uri: string; diagnostics: Diagnostic[] }[];
    };
    assert.equal(result.version, 1);
    const ids = result.proposals.map((p) => p.id);
    assert.ok(ids.includes('atlas.inference.denial-of-service@inference_api'));
    assert.ok(ids.includes('acme.api.waf@inference_api'), 'user pack rule ran');
    assert.ok(!ids.some((id) => id.startsWith('stride.element.spoofing@')), 'disabled rule did not run');
    assert.ok(result.proposals.every((p) => p.framework !== 'linddun'));
    const dos = result.proposals.find((p) => p.id === 'atlas.inference.denial-of-service@inference_api')!;
    assert.equal(dos.covered, false);
    const edits = dos.edit!.changes![uri];
    // One insertion: the threat, linked to the mitigations the model already has for those controls.
    assert.equal(edits.length, 1);
    assert.ok(edits[0].newText.includes('    mitigations: [mit-rate-limit, mit-key-management]\n    proposal: atlas.inference.denial-of-service@inference_api\n'));
    assert.ok(result.proposals.filter((p) => p.covered).every((p) => p.edit === undefined));
    assert.equal(result.rulePacks.length, 1);
    assert.ok(result.rulePacks[0].uri.endsWith('/.threatmodel/rules/broken.rules.yaml'));
    assert.deepEqual(
      result.rulePacks[0].diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['rule-pack-unknown-fact', 5, 18, 32]],
    );
  });

  it('addProposals gives one minimal edit; after applying it the proposals are covered', async () => {
    const first = (await client.request('threatmodel/analyze', { uri, frameworks: ['atlas'] })) as { proposals: Proposal[] };
    const fresh = first.proposals.filter((p) => !p.covered).map((p) => p.id);
    assert.ok(fresh.length >= 5);
    const edit = (await client.request('threatmodel/addProposals', { uri, ids: fresh })) as WorkspaceEdit;
    const edits = edit.changes![uri];
    const text = applyLsp(SPAM, edits);
    // Only insertions after existing content: the original text is a subsequence kept in order.
    assert.equal(text.slice(0, SPAM.indexOf('\nmitigations:')), text.slice(0, SPAM.indexOf('\nmitigations:')));
    assert.ok(text.startsWith(SPAM.slice(0, SPAM.indexOf('  - id: thr-storage-theft'))));
    client.didChange(uri, 2, [{ text }]);
    const again = (await client.request('threatmodel/analyze', { uri, frameworks: ['atlas'] })) as { version: number; proposals: Proposal[] };
    assert.equal(again.version, 2);
    assert.deepEqual(again.proposals.filter((p) => !p.covered).map((p) => p.id), []);
    assert.equal(again.proposals.length, first.proposals.length);
    const none = (await client.request('threatmodel/addProposals', { uri, ids: fresh })) as WorkspaceEdit;
    assert.deepEqual(none.changes![uri], []);
  });

  it('validateRulePack anchors problems in an open rules file', async () => {
    const diags = (await client.request('threatmodel/validateRulePack', { uri: 'file:///x.rules.yaml', text: BROKEN })) as Diagnostic[];
    assert.deepEqual(diags.map((d) => [d.code, d.range.start.line, d.range.start.character, d.severity]), [['rule-pack-unknown-fact', 5, 18, 1]]);
  });
});

describe('cli: threatmodel analyze (built CLI as a child process)', function () {
  this.timeout(30000);
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');

  it('prints JSON proposals; --only-new and --framework filter them', () => {
    const out = execFileSync('node', [cli, 'analyze', 'examples/rag-assistant.threatmodel', '--framework', 'atlas', '--format', 'json', '--only-new'], { cwd: REPO_ROOT, encoding: 'utf8' });
    const items = JSON.parse(out) as (Proposal & { rule: string; target: string; categories: string[]; title: string; dread: unknown })[];
    assert.ok(items.length > 0);
    assert.ok(items.every((p) => p.framework === 'atlas' && p.covered === false));
    const indirect = items.find((p) => p.id === 'atlas.llm.indirect-prompt-injection@orchestrator')!;
    assert.deepEqual(Object.keys(indirect).sort(), ['atlas', 'categories', 'covered', 'dread', 'facts', 'framework', 'id', 'mitigations', 'owasp', 'rationale', 'rule', 'target', 'title'].sort());
    assert.equal(indirect.atlas[0].technique, 'AML.T0051.001');
  });

  it('reports rule-pack errors with file:line:col and exits 1, and unknown frameworks as usage errors', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tm-cli-'));
    try {
      writeFileSync(path.join(dir, 'bad.rules.yaml'), BROKEN);
      const r = spawnSync('node', [cli, 'analyze', path.join(REPO_ROOT, 'examples/spam-classifier.threatmodel'), '--rules', 'bad.rules.yaml', '--framework', 'stride'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^bad\.rules\.yaml:6:19: error rule-pack-unknown-fact: Unknown fact `element\.colour`/m);
      assert.match(r.stdout, /proposal\(s\): \d+ new, \d+ covered\./);
      const u = spawnSync('node', [cli, 'analyze', path.join(REPO_ROOT, 'examples/spam-classifier.threatmodel'), '--framework', 'octave'], { cwd: dir, encoding: 'utf8' });
      assert.equal(u.status, 2);
      assert.match(u.stderr, /Unknown framework 'octave'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
