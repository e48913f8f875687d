// Completion of framework ids from the catalogs in use: ATLAS technique ids in a threat's `atlas:`,
// ATLAS mitigation ids in a mitigation's `atlas:`, OWASP LLM Top 10 ids in `owasp_llm:`.
import * as assert from 'node:assert/strict';
import { checkDocument, parseDocument, type ParsedDocument } from '../../src/core';
import { atlasCatalog, owaspLlm, setAtlasCatalog, type AtlasCatalog } from '../../src/core/catalog';
import { complete, type CompletionEntry } from '../../src/core/language/completion';
import { MODEL } from './languageFixture';

const good = parseDocument(MODEL);

function at(text: string, model: ParsedDocument | undefined = good): { entries: CompletionEntry[]; text: string; offset: number } {
  const offset = text.indexOf('|');
  assert.ok(offset >= 0, 'test text needs a | marker');
  const clean = text.slice(0, offset) + text.slice(offset + 1);
  return { entries: complete(clean, offset, model), text: clean, offset };
}

const labels = (entries: CompletionEntry[]) => entries.map((e) => e.label);
const THREAT = 'threatmodel: 1\nthreats:\n  - id: T9\n    title: x\n    target: api\n';
const MITIGATION = 'threatmodel: 1\nmitigations:\n  - id: M9\n    title: x\n';

describe('core language: completion of ATLAS and OWASP ids', () => {
  it("offers every ATLAS technique and sub-technique of the catalog in a threat's `atlas:`, named and explained", () => {
    const r = at(`${THREAT}    atlas: |\n`);
    assert.deepEqual(labels(r.entries), atlasCatalog().techniques.map((t) => t.id));
    assert.equal(r.entries.length, 170);
    const injection = r.entries.find((e) => e.label === 'AML.T0051.000')!;
    // A sub-technique is named with its parent ("LLM Prompt Injection: Direct").
    assert.equal(injection.detail, `${atlasCatalog().techniques.find((t) => t.id === 'AML.T0051')!.name}: ${atlasCatalog().techniques.find((t) => t.id === 'AML.T0051.000')!.name}`);
    assert.match(injection.documentation!, /MITRE ATLAS sub-technique `AML\.T0051\.000`/);
    assert.match(injection.documentation!, /Tactics: /);
    assert.equal(injection.insertText, 'AML.T0051.000');
    assert.equal(injection.start, r.offset);
    // Typing part of the name finds the id.
    assert.match(injection.filterText!, /^AML\.T0051\.000 .*Prompt Injection/i);
  });

  it('replaces the partial id being typed, and skips ids already in a flow list', () => {
    const r = at(`${THREAT}    atlas: [AML.T0051.000, AML.T00|]\n`);
    const ids = labels(r.entries);
    assert.ok(!ids.includes('AML.T0051.000'), 'already listed');
    assert.ok(ids.includes('AML.T0051') && ids.includes('AML.T0040'));
    assert.equal(r.text.slice(r.entries[0].start, r.entries[0].end), 'AML.T00');
  });

  it('completes items of a block list, with the space after a just-typed dash', () => {
    const r = at(`${THREAT}    atlas:\n      - AML.T0024.000\n      - |\n`);
    assert.ok(labels(r.entries).includes('AML.T0024.001'));
    assert.ok(!labels(r.entries).includes('AML.T0024.000'), 'sibling already listed');
    const dash = at(`${THREAT}    atlas:\n      -|\n`);
    const t40 = dash.entries.find((e) => e.label === 'AML.T0040')!;
    assert.equal(t40.insertText, ' AML.T0040');
    assert.equal(t40.start, dash.offset, 'the dash is kept, not replaced');
  });

  it("offers ATLAS mitigation ids (not techniques) in a mitigation's `atlas:`", () => {
    const r = at(`${MITIGATION}    atlas: AML.M00|\n`);
    assert.deepEqual(labels(r.entries), atlasCatalog().mitigations.map((m) => m.id));
    assert.equal(r.entries.length, 35);
    const m4 = r.entries.find((e) => e.label === 'AML.M0004')!;
    assert.equal(m4.detail, 'Restrict Number of AI Model Queries');
    assert.equal(r.text.slice(m4.start, m4.end), 'AML.M00');
  });

  it('offers the OWASP Top 10 for LLM Applications ids with their names in `owasp_llm:`', () => {
    const r = at(`${THREAT}    owasp_llm: [|]\n`);
    assert.deepEqual(labels(r.entries), ['LLM01', 'LLM02', 'LLM03', 'LLM04', 'LLM05', 'LLM06', 'LLM07', 'LLM08', 'LLM09', 'LLM10']);
    const llm01 = r.entries[0];
    assert.equal(llm01.detail, owaspLlm()[0].name);
    assert.match(llm01.documentation!, /OWASP Top 10 for LLM Applications `LLM01:2025`[\s\S]*MITRE ATLAS: `AML\.T0051/);
    // Every offered id is valid where it is inserted.
    const text = `${THREAT}    owasp_llm: [LLM07]\n    atlas: [AML.T0056]\n`;
    assert.deepEqual(checkDocument(parseDocument(text)).filter((d) => d.code === 'invalid-value'), []);
  });

  it('uses a user-imported ATLAS catalog once it is installed', () => {
    const bundled = atlasCatalog();
    const user: AtlasCatalog = {
      ...bundled,
      version: '9.9.9',
      techniques: [...bundled.techniques, { id: 'AML.T0999', name: 'A Technique From A Newer Release', tactics: ['AML.TA0002'] }],
    };
    setAtlasCatalog(user);
    try {
      const r = at(`${THREAT}    atlas: AML.T09|\n`);
      assert.equal(r.entries.find((e) => e.label === 'AML.T0999')?.detail, 'A Technique From A Newer Release');
    } finally {
      setAtlasCatalog(undefined);
    }
    assert.ok(!labels(at(`${THREAT}    atlas: |\n`).entries).includes('AML.T0999'));
  });

  it('escapes catalog text in the documentation (a user-imported catalog is data, not Markdown)', () => {
    const bundled = atlasCatalog();
    setAtlasCatalog({ ...bundled, techniques: [...bundled.techniques, { id: 'AML.T0998', name: '<img src=x onerror=alert(1)>', tactics: ['AML.TA0002'] }] });
    try {
      const e = at(`${THREAT}    atlas: |\n`).entries.find((x) => x.label === 'AML.T0998')!;
      assert.ok(!e.documentation!.includes('<img'));
      assert.ok(e.documentation!.includes('&lt;img'));
    } finally {
      setAtlasCatalog(undefined);
    }
  });

  it('offers nothing for free-text lists such as controls or tags', () => {
    assert.deepEqual(at(`${MITIGATION}    controls: [|]\n`).entries, []);
  });
});

describe('core language: completion right after a typed list dash', () => {
  // `-` is a completion trigger character: accepting an item must keep the dash and add the space.
  it('inserts a mitigation id after the dash of a block list instead of replacing the dash', () => {
    const r = at(`${THREAT}    mitigations:\n      -|\n`);
    const m1 = r.entries.find((e) => e.label === 'M1')!;
    assert.equal(m1.start, r.offset);
    assert.equal(r.text.slice(0, m1.start) + m1.insertText + r.text.slice(m1.end), `${THREAT}    mitigations:\n      - M1\n`);
  });

  it('inserts the keys of a new list item after the dash, snippets indented from the key column', () => {
    const r = at('threatmodel: 1\nthreats:\n  -|\n');
    const id = r.entries.find((e) => e.label === 'id')!;
    assert.equal(id.start, r.offset);
    assert.equal(id.insertText, ' id: ');
    const dread = r.entries.find((e) => e.label === 'dread')!;
    assert.equal(dread.insertText.split('\n')[0], ' dread:');
    assert.match(dread.insertText.split('\n')[1], /^ {6}\S/, 'nested keys two deeper than the key after `- `');
  });
});
