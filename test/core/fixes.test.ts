import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, checkDocument, parseDocument, type Diagnostic } from '../../src/core';
import { compose, diffEdit, fixAllMissingMitigations, fixesFor, type Fix } from '../../src/core/fixes';
import { applyAndVerify, assertOnlyEditedRanges, NOW } from './fixes-verify';

const DIR = join(__dirname, '../../../test/fixtures/fixes');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

type Variant = { name: string; transform: (t: string) => string };
const VARIANTS: Variant[] = [
  { name: 'LF', transform: (t) => t },
  { name: 'CRLF', transform: (t) => t.replace(/\n/g, '\r\n') },
];

function fixFor(text: string, code: string, title: string, which = 0): { d: Diagnostic; fix: Fix } {
  const doc = parseDocument(text);
  const ds = checkDocument(doc).filter((x) => x.code === code);
  assert.ok(ds[which], `a '${code}' diagnostic`);
  const fixes = fixesFor(doc, ds[which], { now: NOW });
  const fix = fixes.find((f) => f.title.startsWith(title));
  assert.ok(fix, `fix '${title}' among: ${fixes.map((f) => f.title).join(' | ')}`);
  return { d: ds[which], fix };
}

const CASES: { input: string; code: string; title: string; expected: string; which?: number }[] = [
  { input: 'four-spaces', code: 'unmitigated-threat', title: 'Add mitigation: Rate limiting', expected: 'four-spaces.add-rate-limiting' },
  { input: 'four-spaces', code: 'unmitigated-threat', title: 'Accept risk of T1', expected: 'four-spaces.accept-risk' },
  { input: 'flow-lists', code: 'unmitigated-threat', title: 'Link existing mitigation M1', expected: 'flow-lists.link-m1' },
  { input: 'flow-lists', code: 'unmitigated-threat', title: 'Add mitigation: Audit logging', expected: 'flow-lists.add-audit-logging' },
  { input: 'flow-lists', code: 'accepted-without-owner', title: 'Add justification, owner and review date', expected: 'flow-lists.decision-fields' },
  { input: 'references', code: 'orphan-mitigation', title: 'Link M2 from threat T1', expected: 'references.link-orphan' },
  { input: 'references', code: 'unresolved-reference', title: "Change to 'store'", expected: 'references.change-to-store' },
  { input: 'references', code: 'unresolved-reference', title: 'Create mitigation M-rate', expected: 'references.create-mitigation', which: 1 },
  { input: 'references', code: 'unknown-key', title: "Change to 'internet_facing'", expected: 'references.unknown-key' },
  { input: 'references', code: 'invalid-value', title: "Change to 'process'", expected: 'references.invalid-value' },
  { input: 'references', code: 'mitigation-status-mismatch', title: 'Set T1 back to status open', expected: 'references.status-open' },
  { input: 'ml-artifact', code: 'unverified-ml-artifact', title: 'Add artifact verification for base_model', expected: 'ml-artifact.verify' },
  { input: 'ml-artifact', code: 'unprotected-boundary-crossing', title: 'Add a threat for the unauthenticated and unencrypted flow f1', expected: 'ml-artifact.crossing-threat' },
];

describe('core/fixes: each fix against its expected file', () => {
  for (const c of CASES) {
    for (const v of VARIANTS) {
      it(`${c.input}: ${c.title} (${v.name})`, () => {
        const text = v.transform(read(`${c.input}.threatmodel`));
        const { d, fix } = fixFor(text, c.code, c.title, c.which);
        const out = applyAndVerify(text, d, fix);
        assert.equal(out, v.transform(read(`${c.expected}.expected.threatmodel`)));
      });
    }
  }

  it('handles a file without a trailing newline', () => {
    const text = read('ml-artifact.threatmodel').replace(/\n$/, '');
    const { d, fix } = fixFor(text, 'unverified-ml-artifact', 'Add artifact verification');
    const out = applyAndVerify(text, d, fix);
    assert.equal(out, read('ml-artifact.verify.expected.threatmodel').replace(/\n$/, ''));
  });

  it('fix all missing mitigations: one edit set, every unmitigated threat answered', () => {
    for (const v of VARIANTS) {
      const text = v.transform(read('four-spaces.threatmodel'));
      const fix = fixAllMissingMitigations(parseDocument(text));
      assert.ok(fix);
      assert.equal(fix.kind, 'source.fixAll');
      const out = applyEdits(text, fix.edits);
      assertOnlyEditedRanges(text, out, fix.edits);
      assert.equal(out, v.transform(read('four-spaces.fix-all.expected.threatmodel')));
      assert.equal(fixAllMissingMitigations(parseDocument(out)), undefined, 'nothing left to fix');
    }
  });

  it('fix all shares a created mitigation between threats it fits, and creates sections once', () => {
    const text = 'threatmodel: 1\nelements:\n  - id: api\n    type: process\nthreats:\n  - id: T1\n    title: a\n    target: api\n    stride: [denial_of_service]\n  - id: T2\n    title: b\n    target: api\n    stride: [denial_of_service]\n';
    const fix = fixAllMissingMitigations(parseDocument(text))!;
    const out = applyEdits(text, fix.edits);
    assert.equal(
      out,
      text.replace('stride: [denial_of_service]\n  - id: T2', 'stride: [denial_of_service]\n    mitigations: [M1]\n  - id: T2') +
        '    mitigations: [M1]\nmitigations:\n  - id: M1\n    title: Rate limiting\n    description: \'Cap requests per client and per time window, and queue or shed excess load.\'\n    status: proposed\n    controls: [rate_limiting]\n',
    );
    const after = checkDocument(parseDocument(out));
    assert.deepEqual(after.filter((d) => d.code === 'unmitigated-threat' || d.severity === 'error'), []);
  });

  it('accept risk lists its placeholders in tab order', () => {
    const { fix } = fixFor(read('four-spaces.threatmodel'), 'unmitigated-threat', 'Accept risk');
    assert.deepEqual(fix.placeholders, ["'TODO: why this risk is acceptable'", "'TODO: owner'", '2025-04-01']);
  });

  it('marks exactly one preferred fix, and prefers linking a mitigation that already provides a suggestion', () => {
    const doc = parseDocument(read('flow-lists.threatmodel'));
    const d = checkDocument(doc).find((x) => x.code === 'unmitigated-threat')!;
    const fixes = fixesFor(doc, d, { now: NOW });
    assert.equal(fixes.filter((f) => f.isPreferred).length, 1);
    assert.equal(fixes[0].title, 'Link existing mitigation M1 (API keys)');
    assert.ok(fixes[0].isPreferred);
  });

  it('suggests ATLAS mitigations linked to the threat techniques', () => {
    const doc = parseDocument(read('four-spaces.threatmodel'));
    const d = checkDocument(doc).find((x) => x.code === 'unmitigated-threat')!;
    const titles = fixesFor(doc, d, { now: NOW }).map((f) => f.title);
    assert.ok(titles.some((t) => t.includes('(AML.M0004)')), titles.join(' | '));
  });
});

describe('core/fixes: edit composition', () => {
  it('composes a second step that lands inside text inserted by the first', () => {
    const original = 'a\nb\n';
    const first = [{ start: 2, end: 2, newText: 'X\n' }];
    const second = [{ start: 3, end: 3, newText: 'Y' }, { start: 5, end: 5, newText: 'Z' }];
    const composed = compose(original, first, second);
    assert.equal(applyEdits(original, composed), applyEdits(applyEdits(original, first), second));
    assert.deepEqual(composed, [{ start: 2, end: 2, newText: 'XY\n' }, { start: 3, end: 3, newText: 'Z' }]);
  });

  it('diffEdit keeps the common prefix and suffix', () => {
    assert.deepEqual(diffEdit('abcXdef', 'abcYYdef'), { start: 3, end: 4, newText: 'YY' });
  });
});
