// Quick-fix titles are what the user reads in the light-bulb menu: short, one line, framework
// names as published rather than raw ids.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument, parseDocument } from '../../src/core';
import { fixesFor } from '../../src/core/fixes';
import { MAX_TITLE_IN_FIX, shortTitle } from '../../src/core/fixes/threatFixes';
import { NOW } from './fixes-verify';

const ROOT = join(__dirname, '../../..');

function titles(text: string, code = 'unmitigated-threat'): string[] {
  const doc = parseDocument(text);
  const d = checkDocument(doc).find((x) => x.code === code);
  assert.ok(d, `a '${code}' diagnostic`);
  return fixesFor(doc, d, { now: NOW }).map((f) => f.title);
}

const THREAT = (categories: string) =>
  `threatmodel: 1\nelements:\n  - id: api\n    type: process\nthreats:\n  - id: T1\n    title: Something goes wrong\n    target: api\n${categories}`;

describe('core/fixes: quick-fix titles', () => {
  it('names the STRIDE category a control answers by its published name, not its id', () => {
    const t = titles(THREAT('    stride: [tampering]\n'));
    assert.ok(t.includes('Add mitigation: Integrity check (STRIDE: Tampering)'), t.join(' | '));
    assert.ok(!t.some((x) => /\((STRIDE|LINDDUN) [a-z_]+/.test(x)), t.join(' | '));
  });

  it('names the LINDDUN threat type once, without a nested parenthesis', () => {
    const t = titles(THREAT('    linddun: [data_disclosure]\n')).filter((x) => x.startsWith('Add mitigation:'));
    assert.ok(t.length > 0);
    for (const title of t) assert.match(title, /^Add mitigation: [^()]+ \(LINDDUN: Data Disclosure\)$/);
  });

  it('keeps the ATLAS mitigation id in the title of an ATLAS suggestion', () => {
    const t = titles(THREAT('    atlas: [AML.T0029]\n'));
    assert.ok(t.includes('Add mitigation: Restrict Number of AI Model Queries (AML.M0004)'), t.join(' | '));
  });

  it('shortens a long existing-mitigation title, keeping the id first so it reads "Link existing mitigation <id>"', () => {
    const long = 'Client-side differential privacy (DP-SGD, epsilon <= 8 per year), reviewed every quarter';
    const text =
      THREAT('    stride: [information_disclosure]\n') +
      `mitigations:\n  - id: mit-dp\n    title: ${long}\n    status: implemented\n    controls: [data_minimization]\n    evidence: [docs/dp.md]\n`;
    const link = titles(text).find((x) => x.startsWith('Link existing mitigation mit-dp '));
    assert.equal(link, 'Link existing mitigation mit-dp (Client-side differential privacy…)');
  });

  it('shortTitle: short titles unchanged, long ones cut at a word without a dangling word or open parenthesis', () => {
    assert.equal(shortTitle('API keys'), 'API keys');
    assert.equal(shortTitle('  Rate\n limiting  '), 'Rate limiting');
    assert.equal(shortTitle('Input and output guardrails (injection classifier, policy checks)'), 'Input and output guardrails…');
    assert.equal(shortTitle('Train on obfuscated spam variants and character-level features'), 'Train on obfuscated spam variants…');
    const unbroken = 'x'.repeat(100);
    assert.equal(shortTitle(unbroken), `${'x'.repeat(MAX_TITLE_IN_FIX - 1)}…`);
    for (const s of ['a '.repeat(60), 'word, '.repeat(20), '(((((((((((((((((((((((((((((((((((((((((((((']) {
      assert.ok(shortTitle(s).length <= MAX_TITLE_IN_FIX, JSON.stringify(shortTitle(s)));
    }
  });

  for (const name of ['spam-classifier', 'federated-imaging', 'rag-assistant']) {
    it(`every fix offered on examples/${name}.threatmodel has a one-line title of at most 90 characters`, () => {
      const text = readFileSync(join(ROOT, 'examples', `${name}.threatmodel`), 'utf8');
      const doc = parseDocument(text);
      const all = checkDocument(doc, { fileExists: () => true, coverageHints: true }).flatMap((d) => fixesFor(doc, d, { now: NOW }));
      assert.ok(all.length > 0);
      for (const f of all) {
        assert.ok(f.title.length <= 90 && !/\n/.test(f.title), `${f.title.length}: ${f.title}`);
        assert.ok(!/\((STRIDE|LINDDUN) [a-z_]+/.test(f.title), f.title);
      }
    });
  }
});
