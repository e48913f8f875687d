import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, applyEdits, builtinRulePacks, parseDocument, planAddProposals, type Proposal } from '../../src/core';

const root = join(__dirname, '..', '..', '..');
const example = (name: string) => parseDocument(readFileSync(join(root, 'examples', `${name}.threatmodel`), 'utf8'));
const techniques = (ps: Proposal[]) => new Set(ps.flatMap((p) => p.atlas.map((a) => a.technique)));
const byRule = (ps: Proposal[], rule: string) => ps.filter((p) => p.rule === rule);

describe('analysis: built-in rule packs', () => {
  it('all built-in packs load without diagnostics', () => {
    const packs = builtinRulePacks();
    assert.equal(packs.length, 6);
    for (const p of packs) assert.deepEqual(p.diagnostics, [], p.source);
    assert.ok(packs.reduce((n, p) => n + p.rules.length, 0) > 50);
  });
});

describe('analysis: spam classifier', () => {
  const doc = example('spam-classifier');
  const { proposals, warnings } = analyze(doc);

  it('proposes the inference API attacks with ATLAS ids, tactics and mitigations', () => {
    assert.deepEqual(warnings, []);
    const atlas = proposals.filter((p) => p.framework === 'atlas');
    const ids = techniques(atlas);
    for (const t of ['AML.T0040', 'AML.T0024', 'AML.T0024.000', 'AML.T0024.002', 'AML.T0015', 'AML.T0043', 'AML.T0020', 'AML.T0010.002', 'AML.T0029', 'AML.T0034']) {
      assert.ok(ids.has(t), `missing ${t}`);
    }
    const suggested = new Set(atlas.flatMap((p) => p.mitigations.map((m) => m.atlas)));
    assert.ok(suggested.has('AML.M0004') && suggested.has('AML.M0019'));
    const extraction = atlas.find((p) => p.id === 'atlas.inference.model-extraction@inference_api')!;
    assert.equal(extraction.target, 'inference_api');
    assert.equal(extraction.atlas[0].technique, 'AML.T0024.002');
    assert.match(extraction.atlas[0].name ?? '', /Extract AI Model/);
    assert.deepEqual(extraction.atlas[0].tactics, [{ id: 'AML.TA0010', name: 'Exfiltration' }]);
    assert.match(extraction.rationale, /reachable from the internet by flow `classify_request` from `mail_server` across the `outside -> dmz` boundary, which is authenticated/);
    assert.match(extraction.rationale, /returns confidence scores/);
    assert.ok(extraction.facts.includes('element.ml_role includes inference_api'));
    assert.ok(extraction.facts.includes('element.internet_reachable is true'));
    // The model already has thr-model-extraction (AML.T0024.002) on the API.
    assert.deepEqual(extraction.covered && { by: extraction.covered.by, ids: extraction.covered.ids }, { by: 'threat', ids: ['thr-model-extraction'] });
    // Denial of service is not written down, and the planned rate limit is not in place yet.
    const dos = atlas.find((p) => p.id === 'atlas.inference.denial-of-service@inference_api')!;
    assert.equal(dos.covered, false);
    assert.deepEqual(dos.dread, { damage: 6, reproducibility: 9, exploitability: 8, affectedUsers: 9, discoverability: 8, score: 8, band: 'high', scale: 'average-0-10' });
    const poisoning = atlas.find((p) => p.id === 'atlas.training.data-poisoning@training_data')!;
    assert.equal(poisoning.covered, false);
    assert.match(poisoning.rationale, /fed by `public_corpus`/);
    assert.equal(atlas.find((p) => p.id === 'atlas.training.data-poisoning@public_corpus')!.covered && 'threat', 'threat');
  });

  it('gives exactly the STRIDE-per-element table', () => {
    const pairs = proposals
      .filter((p) => p.rule.startsWith('stride.element.') || p.rule.startsWith('stride.flow.'))
      .map((p) => `${p.target}:${p.stride.join('+')}`)
      .sort();
    const expected: string[] = [];
    const add = (ids: string[], cats: string[]) => ids.forEach((id) => cats.forEach((c) => expected.push(`${id}:${c}`)));
    const all = ['spoofing', 'tampering', 'repudiation', 'information_disclosure', 'denial_of_service', 'elevation_of_privilege'];
    add(['mail_server', 'mail_user'], ['spoofing', 'repudiation']);
    add(['inference_api', 'training_pipeline'], all);
    add(['public_corpus', 'training_data', 'model_registry'], ['tampering', 'information_disclosure', 'denial_of_service']);
    add(['log_store'], ['tampering', 'repudiation', 'information_disclosure', 'denial_of_service']);
    add(
      ['classify_request', 'classify_response', 'feedback_report', 'feedback_store', 'corpus_download', 'training_read', 'model_publish', 'model_load', 'request_logging'],
      ['tampering', 'information_disclosure', 'denial_of_service'],
    );
    assert.deepEqual(pairs, expected.sort());
  });

  it('analyses only boundary-crossing flows per interaction, by interaction type', () => {
    const interaction = proposals.filter((p) => p.rule.startsWith('stride.interaction.'));
    const targets = new Set(interaction.map((p) => p.target));
    assert.ok(targets.has('classify_request') && targets.has('model_load') && targets.has('feedback_store'));
    assert.ok(!targets.has('training_read'), 'training_read stays inside training_env');
    assert.ok(!targets.has('corpus_download'), 'data store -> data store is not an interaction');
    // process -> external entity: S R D only.
    const response = interaction.filter((p) => p.target === 'classify_response').map((p) => p.stride[0]).sort();
    assert.deepEqual(response, ['denial_of_service', 'repudiation', 'spoofing']);
    // An authenticated, encrypted request is covered for spoofing and disclosure by its properties.
    const disclosure = interaction.find((p) => p.id === 'stride.interaction.information-disclosure@classify_request')!;
    assert.deepEqual(disclosure.covered, { by: 'property', ids: ['classify_request'], reason: '`classify_request` already has the control: flow.encrypted is true.' });
    // The threat in the model takes precedence over the property.
    const spoof = interaction.find((p) => p.id === 'stride.interaction.spoofing@classify_request')!;
    assert.deepEqual(spoof.covered, { by: 'threat', ids: ['thr-key-spoofing'], reason: 'Threat `thr-key-spoofing` on `classify_request` already lists spoofing.' });
  });

  it('uses deterministic ids and sorts by DREAD, then id', () => {
    const again = analyze(example('spam-classifier')).proposals;
    assert.deepEqual(again.map((p) => p.id), proposals.map((p) => p.id));
    assert.equal(new Set(proposals.map((p) => p.id)).size, proposals.length);
    for (const p of proposals) assert.equal(p.id, `${p.rule}@${p.target}`);
    const scored = proposals.filter((p) => p.dread);
    for (let i = 1; i < scored.length; i++) assert.ok(scored[i - 1].dread!.score >= scored[i].dread!.score);
    const firstUnscored = proposals.findIndex((p) => !p.dread);
    assert.ok(proposals.slice(firstUnscored).every((p) => !p.dread));
  });

  it('filters by framework and honours disabled rules', () => {
    const atlasOnly = analyze(doc, { frameworks: ['atlas'] }).proposals;
    assert.ok(atlasOnly.length > 0 && atlasOnly.every((p) => p.framework === 'atlas'));
    const without = analyze(doc, { frameworks: ['atlas'], disabledRules: ['atlas.inference.cost-harvesting'] }).proposals;
    assert.equal(without.length, atlasOnly.length - 1);
    assert.ok(!without.some((p) => p.rule === 'atlas.inference.cost-harvesting'));
  });
});

describe('analysis: federated imaging', () => {
  const { proposals } = analyze(example('federated-imaging'));

  it('proposes LINDDUN linking, identifying and data disclosure on model updates derived from patient scans', () => {
    const updates = byRule(proposals, 'linddun.federated.update-linkage');
    assert.deepEqual(updates.map((p) => p.target).sort(), ['update_a', 'update_b', 'update_c']);
    for (const p of updates) assert.deepEqual(p.linddun, ['linking', 'identifying', 'data_disclosure']);
    assert.ok(updates[0].facts.includes('flow.derived_from_personal_data is true'));
  });

  it('maps malicious participants, membership inference and inversion to the nearest ATLAS techniques and says so', () => {
    const participant = proposals.find((p) => p.id === 'atlas.federated.malicious-participant@aggregator')!;
    assert.deepEqual(participant.atlas.map((a) => a.technique).slice(0, 2), ['AML.T0020', 'AML.T0018.000']);
    assert.match(participant.rationale, /ATLAS has no federated-learning technique/);
    const shared = proposals.find((p) => p.id === 'atlas.federated.shared-model-inference@fl_client_b')!;
    assert.deepEqual(shared.atlas.map((a) => a.technique), ['AML.T0024.000', 'AML.T0024.001', 'AML.T0044']);
    assert.match(shared.rationale, /ATLAS has no federated-learning technique/);
    assert.equal(shared.covered, false);
  });

  it('proposes non-compliance for cross-hospital processing', () => {
    const nc = byRule(proposals, 'linddun.interaction.cross-organisation').filter((p) => p.target.startsWith('update_'));
    assert.equal(nc.length, 3);
    for (const p of nc) {
      assert.deepEqual(p.linddun, ['non_compliance']);
      assert.ok(p.covered && p.covered.by === 'threat' && p.covered.ids.includes('thr-cross-hospital-compliance'));
    }
  });
});

describe('analysis: RAG assistant', () => {
  const { proposals } = analyze(example('rag-assistant'));

  it('proposes prompt injection, RAG poisoning, leakage, system prompt extraction and jailbreak with OWASP references', () => {
    const ids = techniques(proposals);
    for (const t of ['AML.T0051.000', 'AML.T0051.001', 'AML.T0070', 'AML.T0057', 'AML.T0056', 'AML.T0054']) assert.ok(ids.has(t), `missing ${t}`);
    const owasp = new Set(proposals.flatMap((p) => p.owasp));
    for (const o of ['LLM01', 'LLM02', 'LLM07', 'LLM08']) assert.ok(owasp.has(o), `missing ${o}`);
    const indirect = proposals.find((p) => p.id === 'atlas.llm.indirect-prompt-injection@orchestrator')!;
    assert.equal(indirect.covered, false);
    assert.deepEqual(indirect.owasp, ['LLM01']);
    assert.equal(proposals.find((p) => p.id === 'atlas.llm.rag-poisoning@vector_store')!.covered, false);
  });

  it('proposes LINDDUN data disclosure for customer data sent to the LLM vendor', () => {
    const vendor = proposals.find((p) => p.id === 'linddun.interaction.third-party-disclosure@llm_request')!;
    assert.deepEqual(vendor.linddun, ['data_disclosure', 'non_compliance']);
    assert.match(vendor.title, /third party `commercial_llm`/);
  });

  it('treats rate limiting on the vendor LLM as a property that covers cost harvesting', () => {
    const cost = proposals.find((p) => p.id === 'atlas.inference.cost-harvesting@commercial_llm')!;
    assert.deepEqual(cost.covered && cost.covered.by, 'property');
  });
});

const SECURED = `threatmodel: 1
title: Secured API
elements:
  - id: client
    type: external_entity
    internet_facing: true
  - id: api
    type: process
    ml_role: inference_api
    boundary: dmz
    authentication: oauth
boundaries:
  - id: dmz
flows:
  - id: call
    from: client
    to: api
    authenticated: true
    encrypted: true
    rate_limited: true
`;

describe('analysis: controls cover what they cover', () => {
  const { proposals } = analyze(parseDocument(SECURED));
  const find = (id: string) => proposals.find((p) => p.id === id)!;

  it('an authenticated, encrypted, rate-limited flow does not get the proposals those controls cover', () => {
    for (const id of ['stride.flow.tampering@call', 'stride.flow.information-disclosure@call', 'stride.flow.denial-of-service@call', 'stride.interaction.spoofing@call', 'stride.interaction.tampering@call', 'stride.interaction.information-disclosure@call', 'stride.interaction.denial-of-service@call']) {
      const p = find(id);
      assert.ok(p, id);
      assert.equal(p.covered && p.covered.by, 'property', id);
    }
    assert.equal(find('stride.flow.information-disclosure@call').covered && (find('stride.flow.information-disclosure@call').covered as { reason: string }).reason, '`call` already has the control: flow.encrypted is true.');
    // What the controls do not cover stays new.
    assert.equal(find('stride.interaction.repudiation@call').covered, false);
    assert.equal(find('stride.interaction.elevation-of-privilege@call').covered, false);
  });

  it('a rate limit on the flow does not stand in for ATLAS controls that need the API itself', () => {
    assert.equal(find('atlas.inference.model-extraction@api').covered, false);
  });

  it('an implemented mitigation with the control covers; a proposed one does not', () => {
    const withMitigation = (status: string) =>
      parseDocument(
        SECURED +
          `threats:\n  - id: t1\n    title: x\n    target: api\n    stride: spoofing\n    mitigations: [m1]\nmitigations:\n  - id: m1\n    title: Quotas\n    status: ${status}\n    atlas: AML.M0004\n    controls: [rate_limiting]\n`,
      );
    const covered = analyze(withMitigation('implemented')).proposals.find((p) => p.id === 'atlas.inference.model-extraction@api')!;
    assert.deepEqual(covered.covered && { by: covered.covered.by, ids: covered.covered.ids }, { by: 'mitigation', ids: ['m1'] });
    const proposed = analyze(withMitigation('proposed')).proposals.find((p) => p.id === 'atlas.inference.model-extraction@api')!;
    assert.equal(proposed.covered, false);
  });

  it('a suppression with a justification covers the proposal; one without does not', () => {
    const text = `${SECURED}suppressions:\n  - rule: atlas.inference.cost-harvesting\n    target: api\n    justification: Internal pilot, billed per seat.\n  - proposal: atlas.inference.evasion@api\n`;
    const ps = analyze(parseDocument(text)).proposals;
    assert.deepEqual(ps.find((p) => p.id === 'atlas.inference.cost-harvesting@api')!.covered, {
      by: 'suppression',
      ids: ['atlas.inference.cost-harvesting'],
      reason: 'Suppressed: Internal pilot, billed per seat.',
    });
    assert.equal(ps.find((p) => p.id === 'atlas.inference.evasion@api')!.covered, false);
  });
});

const SMALL = `# A small model
threatmodel: 1
title: Small
elements:
  - id: user
    type: external_entity
  - id: api
    type: process
    ml_role: inference_api
    internet_facing: true
threats:
  - id: thr-1
    title: Existing
    target: api
    stride: spoofing
mitigations:
  - id: mit-quota
    title: Existing quota
    status: planned
    controls: [rate_limiting]
`;

describe('analysis: add to model', () => {
  it('appends the threat and new mitigations as a minimal edit, linking existing mitigations', () => {
    const doc = parseDocument(SMALL);
    const { proposals } = analyze(doc, { frameworks: ['atlas'] });
    const dos = proposals.filter((p) => p.id === 'atlas.inference.denial-of-service@api');
    const plan = planAddProposals(doc, dos);
    assert.deepEqual(plan.threats, { 'atlas.inference.denial-of-service@api': 'thr-denial-of-service-api' });
    assert.deepEqual(plan.mitigations, ['mit-access-control']);
    const result = applyEdits(SMALL, plan.edits);
    const expected = SMALL.replace(
      '    stride: spoofing\n',
      `    stride: spoofing
  - id: thr-denial-of-service-api
    title: Denial of AI service against \`api\`
    description: '\`api\` is declared internet-facing; inference is expensive, so floods of (possibly chaff) queries take the service down for everyone (ATLAS Denial of AI Service, Spamming AI System with Chaff Data).'
    target: api
    stride: [denial_of_service]
    atlas: [AML.T0029, AML.T0046]
    owasp_llm: [LLM10]
    dread: { damage: 6, reproducibility: 9, exploitability: 8, affected_users: 9, discoverability: 8 }
    status: open
    mitigations: [mit-quota, mit-access-control]
    proposal: atlas.inference.denial-of-service@api
`,
    ) + `  - id: mit-access-control
    title: 'Serve \`api\` only to authenticated, known clients.'
    status: proposed
    atlas: [AML.M0019]
    controls: [access_control]
`;
    assert.equal(result, expected);
    const reparsed = parseDocument(result);
    assert.ok(reparsed.yaml.ok);
    assert.equal(reparsed.model.threats.length, 2);
  });

  it('re-running after adding every proposal reports them all as covered and never duplicates', function () {
    this.timeout(20000);
    for (const name of ['spam-classifier', 'federated-imaging', 'rag-assistant']) {
      const doc = example(name);
      const before = analyze(doc).proposals;
      const fresh = before.filter((p) => !p.covered);
      assert.ok(fresh.length > 0);
      const plan = planAddProposals(doc, fresh);
      const text = applyEdits(doc.text, plan.edits);
      // Everything before the first insertion is untouched (comments included).
      assert.equal(text.slice(0, plan.edits[0].start), doc.text.slice(0, plan.edits[0].start));
      const after = parseDocument(text);
      assert.ok(after.yaml.ok, name);
      assert.equal(after.model.threats.length, doc.model.threats.length + fresh.length);
      const rerun = analyze(after).proposals;
      assert.deepEqual(rerun.map((p) => p.id).sort(), before.map((p) => p.id).sort());
      assert.deepEqual(rerun.filter((p) => !p.covered).map((p) => p.id), [], name);
      // Adding again changes nothing.
      assert.deepEqual(planAddProposals(after, fresh).edits, []);
    }
  });

  it('creates the threats and mitigations sections when missing, with CRLF and no trailing newline', () => {
    const text = 'threatmodel: 1\r\nelements:\r\n  - id: api\r\n    type: process\r\n    ml_role: inference_api\r\n    internet_facing: true';
    const doc = parseDocument(text);
    const p = analyze(doc, { frameworks: ['atlas'] }).proposals.find((x) => x.id === 'atlas.inference.cost-harvesting@api')!;
    const out = applyEdits(text, planAddProposals(doc, [p]).edits);
    assert.ok(out.startsWith(text));
    assert.ok(!/[^\r]\n/.test(out), 'only CRLF line breaks');
    const reparsed = parseDocument(out);
    assert.equal(reparsed.model.threats[0].proposal, 'atlas.inference.cost-harvesting@api');
    assert.deepEqual(reparsed.model.threats[0].mitigations, ['mit-rate-limiting']);
    assert.deepEqual(reparsed.model.mitigations.map((m) => [m.id, m.status, m.atlas, m.controls]), [['mit-rate-limiting', 'proposed', ['AML.M0004'], ['rate_limiting']]]);
    assert.equal(analyze(reparsed, { frameworks: ['atlas'] }).proposals.find((x) => x.id === p.id)!.covered && 'yes', 'yes');
  });
});
