// Hover on framework values: LINDDUN threat types (STRIDE is in language-hover.test.ts) and OWASP
// Top 10 for LLM Applications ids.
import * as assert from 'node:assert/strict';
import { parseDocument } from '../../src/core';
import { owaspItem } from '../../src/core/catalog';
import { hoverAt } from '../../src/core/language/hover';

const TEXT = [
  'threatmodel: 1',
  'elements:',
  '  - id: llm',
  '    type: process',
  'threats:',
  '  - id: T1',
  '    title: Customer data reaches the vendor',
  '    target: llm',
  '    linddun: [data_disclosure, linking]',
  '    owasp_llm: [LLM02, LLM01:2025]',
  '    stride: [linking]',
  '',
].join('\n');
const doc = parseDocument(TEXT);
const at = (needle: string, from = 0) => TEXT.indexOf(needle, from) + 1;

describe('core language: hover on LINDDUN and OWASP values', () => {
  it('explains a LINDDUN threat type with its letter and the property it violates', () => {
    const h = hoverAt(doc, at('data_disclosure'))!;
    assert.equal(TEXT.slice(h.start, h.end), 'data_disclosure');
    assert.match(h.markdown, /^\*\*Data Disclosure\*\* — LINDDUN category `DD`/);
    assert.match(h.markdown, /Violates: \*/);
    assert.match(hoverAt(doc, at('linking'))!.markdown, /LINDDUN category `L`/);
  });

  it('does not explain a LINDDUN name written under stride:', () => {
    assert.equal(hoverAt(doc, at('linking', TEXT.indexOf('stride:'))), undefined);
  });

  it('names an OWASP LLM id, short or with the year, with its ATLAS cross-references', () => {
    const h = hoverAt(doc, at('LLM02'))!;
    assert.equal(TEXT.slice(h.start, h.end), 'LLM02');
    assert.match(h.markdown, new RegExp(`^\\*\\*${owaspItem('LLM02')!.name}\\*\\* — OWASP Top 10 for LLM Applications \`LLM02:2025\``));
    const full = hoverAt(doc, at('LLM01:2025'))!;
    assert.match(full.markdown, /`LLM01:2025`/);
    assert.match(full.markdown, /MITRE ATLAS: .*`AML\.T0051` LLM Prompt Injection/);
  });

  it('says nothing for an OWASP id that does not exist', () => {
    const text = TEXT.replace('LLM02', 'LLM11');
    assert.equal(hoverAt(parseDocument(text), text.indexOf('LLM11') + 1), undefined);
  });
});
