import * as assert from 'node:assert/strict';
import { checkDocument, codeInfo, parseDocument, type CheckOptions } from '../../src/core';

const MY_CODES = [
  'unmitigated-threat',
  'mitigation-status-mismatch',
  'accepted-without-justification',
  'accepted-without-owner',
  'accepted-without-review-date',
  'orphan-mitigation',
  'missing-evidence',
  'evidence-not-found',
  'unprotected-boundary-crossing',
  'unverified-ml-artifact',
];

/** My diagnostics as `code line:col-line:col 'text' severity` (1-based lines, as an editor shows them). */
function found(text: string, options: CheckOptions = {}, codes = MY_CODES): string[] {
  const doc = parseDocument(text);
  return checkDocument(doc, options)
    .filter((d) => codes.includes(d.code))
    .map((d) => {
      const s = doc.lines.positionAt(d.start);
      const e = doc.lines.positionAt(d.end);
      return `${d.code} ${s.line + 1}:${s.character}-${e.line + 1}:${e.character} '${text.slice(d.start, d.end)}' ${d.severity}`;
    });
}

const HEAD = 'threatmodel: 1\nelements:\n  - id: api\n    type: process\n';

describe('core/mitigations: unmitigated-threat', () => {
  it('warns at the threat id when no mitigation is linked', () => {
    const text = HEAD + 'threats:\n  - id: T1\n    title: t\n    target: api\n';
    assert.deepEqual(found(text), ["unmitigated-threat 6:8-6:10 'T1' warning"]);
  });

  it('is silent when a mitigation is linked or the risk is accepted/transferred with everything recorded', () => {
    const text =
      HEAD +
      'threats:\n  - id: T1\n    title: t\n    target: api\n    mitigations: [M1]\n' +
      '  - id: T2\n    title: t\n    target: api\n    status: transferred\n    justification: insurer\n    owner: cfo\n    review_by: 2026-01-01\n' +
      'mitigations:\n  - id: M1\n    title: m\n';
    assert.deepEqual(found(text), []);
  });

  it('is an error at or above the DREAD band threshold (default high; configurable; off; the sum-1-3 scale)', () => {
    const dread = (n: number) => `    dread: {damage: ${n}, reproducibility: ${n}, exploitability: ${n}, affected_users: ${n}, discoverability: ${n}}\n`;
    const text = HEAD + 'threats:\n  - id: T1\n    title: t\n    target: api\n' + dread(8) + '  - id: T2\n    title: t\n    target: api\n' + dread(5);
    assert.deepEqual(found(text), ["unmitigated-threat 6:8-6:10 'T1' error", "unmitigated-threat 10:8-10:10 'T2' warning"]);
    assert.deepEqual(found(text, { highRiskBand: 'medium' }), ["unmitigated-threat 6:8-6:10 'T1' error", "unmitigated-threat 10:8-10:10 'T2' error"]);
    assert.deepEqual(found(text, { highRiskBand: 'off' }), ["unmitigated-threat 6:8-6:10 'T1' warning", "unmitigated-threat 10:8-10:10 'T2' warning"]);
    const small = HEAD + 'threats:\n  - id: T1\n    title: t\n    target: api\n' + dread(3);
    assert.deepEqual(found(small, { dreadScale: 'sum-1-3' }), ["unmitigated-threat 6:8-6:10 'T1' error"]);
  });

  it('honours severity overrides and off', () => {
    const text = HEAD + 'threats:\n  - id: T1\n    title: t\n    target: api\n';
    assert.deepEqual(found(text, { severity: { 'unmitigated-threat': 'info' } }), ["unmitigated-threat 6:8-6:10 'T1' info"]);
    assert.deepEqual(found(text, { severity: { 'unmitigated-threat': 'off' } }), []);
  });
});

describe('core/mitigations: threat status checks', () => {
  it('flags mitigated with only proposed/planned mitigations at the status value', () => {
    const text =
      HEAD +
      'threats:\n  - id: T1\n    title: t\n    target: api\n    status: mitigated\n    mitigations: [M1, M2]\n' +
      'mitigations:\n  - id: M1\n    title: m\n  - id: M2\n    title: m\n    status: planned\n';
    assert.deepEqual(found(text), ["mitigation-status-mismatch 9:12-9:21 'mitigated' warning"]);
    assert.deepEqual(found(text.replace('status: planned', 'status: implemented\n    evidence: [src/x.ts]')), []);
  });

  it('flags accepted without justification (warning), owner and review date (info) at the status value', () => {
    const text = HEAD + 'threats:\n  - id: T1\n    title: t\n    target: api\n    status: accepted\n';
    assert.deepEqual(found(text), [
      "accepted-without-justification 9:12-9:20 'accepted' warning",
      "accepted-without-owner 9:12-9:20 'accepted' info",
      "accepted-without-review-date 9:12-9:20 'accepted' info",
    ]);
  });
});

describe('core/mitigations: mitigation checks', () => {
  it('marks an orphan mitigation as unnecessary (hint) at its id', () => {
    const text = HEAD + 'mitigations:\n  - id: M1\n    title: m\n';
    assert.deepEqual(found(text), ["orphan-mitigation 6:8-6:10 'M1' hint"]);
    const doc = parseDocument(text);
    assert.deepEqual(checkDocument(doc).find((d) => d.code === 'orphan-mitigation')?.tags, ['unnecessary']);
  });

  it('flags implemented/verified without evidence, and evidence paths that do not exist (only when fileExists is given)', () => {
    const text =
      HEAD +
      'threats:\n  - id: T1\n    title: t\n    target: api\n    mitigations: [M1, M2]\n' +
      'mitigations:\n  - id: M1\n    title: m\n    status: verified\n' +
      '  - id: M2\n    title: m\n    status: implemented\n    evidence:\n      - src/ok.ts\n      - path: "src/gone.ts"\n        ticket: SEC-1\n';
    assert.deepEqual(found(text), ["missing-evidence 13:12-13:20 'verified' warning"]);
    assert.deepEqual(found(text, { fileExists: (p) => p === 'src/ok.ts' }), [
      "missing-evidence 13:12-13:20 'verified' warning",
      "evidence-not-found 19:15-19:26 'src/gone.ts' warning",
    ]);
  });
});

describe('core/mitigations: unprotected-boundary-crossing', () => {
  const model = (flowExtra: string, threats = '') =>
    'threatmodel: 1\nboundaries:\n  - id: dmz\n  - id: internal\nelements:\n' +
    '  - id: user\n    type: external_entity\n  - id: api\n    type: process\n    boundary: dmz\n  - id: db\n    type: data_store\n    boundary: internal\n  - id: worker\n    type: process\n    boundary: dmz\n' +
    `flows:\n  - id: f1\n    from: user\n    to: api\n${flowExtra}  - id: f2\n    from: api\n    to: worker\n  - id: f3\n    from: api\n    to: db\n    authenticated: true\n    encrypted: true\n` +
    threats;

  it('warns at the flow id, naming the boundaries and what is missing', () => {
    const text = model('');
    assert.deepEqual(found(text), ["unprotected-boundary-crossing 18:8-18:10 'f1' warning"]);
    const doc = parseDocument(text);
    const d = checkDocument(doc).find((x) => x.code === 'unprotected-boundary-crossing')!;
    assert.equal(d.message, 'Flow `f1` crosses outside all boundaries -> dmz unauthenticated and unencrypted, and no threat covers it.');
    const half = checkDocument(parseDocument(model('    encrypted: true\n'))).find((x) => x.code === 'unprotected-boundary-crossing')!;
    assert.equal(half.message, 'Flow `f1` crosses outside all boundaries -> dmz unauthenticated, and no threat covers it.');
  });

  it('is silent when a threat targets the flow', () => {
    assert.deepEqual(found(model('', 'threats:\n  - id: T1\n    title: t\n    target: [f1]\n    mitigations: [M1]\nmitigations:\n  - id: M1\n    title: m\n')), []);
  });
});

describe('core/mitigations: unverified-ml-artifact', () => {
  const text = (mitigation: string) =>
    'threatmodel: 1\nelements:\n  - id: base\n    type: data_store\n    ml_role: [pretrained_model]\n    provenance: vendor\n' +
    'threats:\n  - id: T1\n    title: t\n    target: base\n    mitigations: [M1]\nmitigations:\n  - id: M1\n    title: m\n' +
    mitigation;

  it('warns at the provenance value when no linked mitigation verifies the artifact', () => {
    assert.deepEqual(found(text('')), ["unverified-ml-artifact 6:16-6:22 'vendor' warning"]);
  });

  it('accepts AML.M0014 / AML.M0013 or integrity controls', () => {
    assert.deepEqual(found(text('    atlas: [AML.M0014]\n')), []);
    assert.deepEqual(found(text('    atlas: AML.M0013\n')), []);
    assert.deepEqual(found(text('    controls: [integrity_check]\n')), []);
  });

  it('ignores internal artifacts and non-artifact roles', () => {
    assert.deepEqual(found(text('').replace('provenance: vendor', 'provenance: internal')), []);
    assert.deepEqual(found(text('').replace('[pretrained_model]', '[inference_api]')), []);
  });
});

describe('core/mitigations: registry', () => {
  it('registers every code with a title and help', () => {
    for (const code of MY_CODES.concat('coverage-gap')) {
      const info = codeInfo(code);
      assert.ok(info, code);
      assert.ok(info.title.length > 10 && info.help.length > 10, code);
      assert.equal(info.category, 'mitigation');
    }
  });
});

describe('core/mitigations: coverage-gap', () => {
  const text = 'threatmodel: 1\nelements:\n  - id: payments-db\n    type: data_store\n';

  it('is off by default', () => {
    assert.deepEqual(found(text, {}, ['coverage-gap']), []);
  });

  it('lists the uncovered STRIDE categories per element at its id, with the proposal ids as data', () => {
    const doc = parseDocument(text);
    const ds = checkDocument(doc, { coverageHints: true }).filter((d) => d.code === 'coverage-gap');
    assert.equal(ds.length, 1);
    assert.equal(text.slice(ds[0].start, ds[0].end), 'payments-db');
    assert.equal(ds[0].severity, 'info');
    assert.match(ds[0].message, /^\d STRIDE categor(y|ies) not considered for `payments-db`: [STRIDE](, [STRIDE])*$/);
    const proposals = ds[0].data?.proposals as string[];
    assert.ok(proposals.length > 0 && proposals.every((p) => p.endsWith('@payments-db')));
  });

  it('its quick fix adds the missing threats and the hint goes away', async () => {
    const { fixesFor } = await import('../../src/core/fixes');
    const { applyEdits } = await import('../../src/core');
    const doc = parseDocument(text);
    const d = checkDocument(doc, { coverageHints: true }).find((x) => x.code === 'coverage-gap')!;
    const [fix] = fixesFor(doc, d);
    assert.match(fix.title, /^Add the \d+ missing threats? for payments-db$/);
    const out = applyEdits(text, fix.edits);
    assert.ok(out.startsWith(text), 'the original text is kept');
    const after = checkDocument(parseDocument(out), { coverageHints: true });
    assert.deepEqual(after.filter((x) => x.code === 'coverage-gap' || x.severity === 'error'), []);
  });
});
