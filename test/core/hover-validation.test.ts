// Hover shows a threat's validation runs (e.g. from `threatmodel import pyrit`): the latest result with
// date and source and the number of runs, on the threat and in the threat lines of an element's hover;
// and ATLAS ids with their names from the catalog in use (bundled or user-imported).
import * as assert from 'node:assert/strict';
import { atlasCatalog, parseDocument, setAtlasCatalog } from '../../src/core';
import { hoverAt, latestValidation } from '../../src/core/language/hover';
import { at } from './languageFixture';

const MODEL = `threatmodel: 1
title: RAG assistant
elements:
  - id: llm
    name: Hosted LLM
    type: process
    ml_role: llm
  - id: kb
    name: Knowledge base
    type: data_store
threats:
  - id: T1
    title: Prompt injection
    target: llm
    atlas: [AML.T0051, AML.T0051.000]
    mitigations: [M1]
    validation:
      - result: failed
        date: 2026-10-01
        source: pyrit
      - result: succeeded
        date: 2026-11-20
        source: pyrit
        details: "2 of 5 objectives achieved (run 7f3a)"
      - result: undetermined
        source: manual
  - id: T2
    title: Leakage of documents
    target: llm
    validation:
      - { result: failed, date: 2026-11-21, source: pyrit }
  - id: T3
    title: Poisoned documents
    target: kb
    validation:
      - result: undetermined
        date: 2026-11-22
        source: "pyrit <b>run</b>"
  - id: T4
    title: Not validated
    target: kb
    validation:
      - result: succeeded
        date: 2026-11-23
mitigations:
  - id: M1
    title: Input filtering
    atlas: [AML.M0015]
`;

describe('core language: hover shows validation results and ATLAS names', () => {
  const doc = parseDocument(MODEL);

  it('shows the latest run (by date) of a threat with date, source, consequence and run count', () => {
    const h = hoverAt(doc, at(MODEL, 'id: T1', 4))!.markdown;
    assert.ok(h.includes('Validated: attack SUCCEEDED on 2026-11-20 (pyrit) — mitigations not effective · 3 runs'), h);
    assert.ok(h.includes('> 2 of 5 objectives achieved (run 7f3a)'), h);
  });

  it('says the defences held for a failed attack, and undetermined, with one run', () => {
    assert.ok(hoverAt(doc, at(MODEL, 'id: T2', 4))!.markdown.includes('Validated: held (attack failed) on 2026-11-21 (pyrit) · 1 run'));
    const t3 = hoverAt(doc, at(MODEL, 'id: T3', 4))!.markdown;
    assert.ok(t3.includes('Validated: undetermined on 2026-11-22 (pyrit &lt;b&gt;run&lt;/b&gt;) · 1 run'), t3);
    assert.ok(!t3.includes('<b>'), 'the source is escaped');
  });

  it('a succeeded attack on a threat without mitigations confirms it; no source, no parentheses', () => {
    const h = hoverAt(doc, at(MODEL, 'id: T4', 4))!.markdown;
    assert.ok(h.includes('Validated: attack SUCCEEDED on 2026-11-23 — threat confirmed · 1 run'), h);
  });

  it('lists the validation in the threat lines of an element hover (count only for several runs)', () => {
    const llm = hoverAt(doc, at(MODEL, 'target: llm', 8))!.markdown;
    assert.ok(llm.includes('- `T1` Prompt injection — *open* · Validated: attack SUCCEEDED on 2026-11-20 (pyrit) · 3 runs'), llm);
    assert.ok(llm.includes('- `T2` Leakage of documents — *open* · Validated: held (attack failed) on 2026-11-21 (pyrit)'), llm);
    assert.ok(!llm.includes('held (attack failed) on 2026-11-21 (pyrit) ·'), 'one run: no count in the list');
    const kb = hoverAt(doc, at(MODEL, 'id: kb', 4))!.markdown;
    assert.ok(kb.includes('- `T3` Poisoned documents — *open* · Validated: undetermined on 2026-11-22'), kb);
  });

  it('shows nothing about validation for a threat without runs', () => {
    const start = MODEL.indexOf('    validation:');
    const text = MODEL.slice(0, start) + MODEL.slice(MODEL.indexOf('  - id: T2'));
    const h = hoverAt(parseDocument(text), at(text, 'id: T1', 4))!.markdown;
    assert.ok(h.includes('**Threat** `T1`'), h);
    assert.ok(!h.includes('Validated'), h);
    const llm = hoverAt(parseDocument(text), at(text, 'id: llm', 4))!.markdown;
    assert.ok(llm.includes('- `T1` Prompt injection — *open*\n'), llm);
  });

  it('picks the latest dated run; undated runs count as oldest; ties go to the later entry', () => {
    assert.equal(latestValidation([{ result: 'failed', date: '2026-01-02' }, { result: 'succeeded' }])?.result, 'failed');
    assert.equal(latestValidation([{ result: 'failed', date: '2026-01-02' }, { result: 'succeeded', date: '2026-01-02' }])?.result, 'succeeded');
    assert.equal(latestValidation([{ result: 'undetermined' }, { result: 'failed' }])?.result, 'failed');
    assert.equal(latestValidation([]), undefined);
  });

  it('names ATLAS ids in the threat hover and on the id itself, from the catalog in use', () => {
    const h = hoverAt(doc, at(MODEL, 'id: T1', 4))!.markdown;
    assert.ok(h.includes('ATLAS: `AML.T0051` LLM Prompt Injection, `AML.T0051.000` Direct'), h);
    const tech = hoverAt(doc, at(MODEL, 'AML.T0051,', 2))!;
    assert.equal(MODEL.slice(tech.start, tech.end), 'AML.T0051');
    assert.ok(tech.markdown.startsWith('**LLM Prompt Injection** — MITRE ATLAS technique `AML.T0051`'), tech.markdown);
    assert.match(tech.markdown, /Tactics: `AML\.TA\d{4}` /);
    const sub = hoverAt(doc, at(MODEL, 'AML.T0051.000', 2))!.markdown;
    assert.ok(sub.includes('Sub-technique of `AML.T0051` LLM Prompt Injection'), sub);
    const mit = hoverAt(doc, at(MODEL, 'AML.M0015', 2))!.markdown;
    assert.ok(mit.startsWith('**Adversarial Input Detection** — MITRE ATLAS mitigation `AML.M0015`'), mit);

    const bundled = atlasCatalog();
    const renamed = { ...bundled, techniques: bundled.techniques.map((t) => (t.id === 'AML.T0051' ? { ...t, name: 'Prompt Injection (renamed)' } : t)) };
    setAtlasCatalog(renamed);
    try {
      assert.ok(hoverAt(doc, at(MODEL, 'AML.T0051,', 2))!.markdown.startsWith('**Prompt Injection (renamed)** — MITRE ATLAS technique'));
      assert.ok(hoverAt(doc, at(MODEL, 'id: T1', 4))!.markdown.includes('`AML.T0051` Prompt Injection (renamed)'));
    } finally {
      setAtlasCatalog(undefined);
    }
    assert.ok(hoverAt(doc, at(MODEL, 'AML.T0051,', 2))!.markdown.startsWith('**LLM Prompt Injection**'));
  });

  it('gives no ATLAS hover for an id the catalog does not know', () => {
    const text = MODEL.replace('AML.M0015', 'AML.M9999');
    assert.equal(hoverAt(parseDocument(text), at(text, 'AML.M9999', 2)), undefined);
  });
});
