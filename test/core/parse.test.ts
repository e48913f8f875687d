import * as assert from 'node:assert/strict';
import { parseDocument, checkDocument, type ParsedDocument } from '../../src/core';

function diagnostics(text: string) {
  const doc: ParsedDocument = parseDocument(text);
  return checkDocument(doc).map((d) => {
    const s = doc.lines.positionAt(d.start);
    const e = doc.lines.positionAt(d.end);
    return { code: d.code, at: `${s.line}:${s.character}-${e.line}:${e.character}`, text: text.slice(d.start, d.end) };
  });
}

describe('core: parse and source map', () => {
  it('anchors an enum typo to the value, with a suggestion', () => {
    const text = 'threatmodel: 1\nelements:\n  - id: api\n    type: proces\n';
    const [d] = diagnostics(text);
    assert.deepEqual(d, { code: 'invalid-value', at: '3:10-3:16', text: 'proces' });
  });

  it('reports YAML syntax errors at their position and nothing else', () => {
    const ds = diagnostics('threatmodel: 1\nelements:\n  - id: a\n   bad: [\n');
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'yaml-syntax');
  });

  it('keeps quoted scalars inside their quotes', () => {
    const doc = parseDocument('threatmodel: 1\nelements:\n  - id: "api"\n    type: process\n');
    const def = doc.symbols.definitions[0];
    assert.equal(doc.text.slice(def.node.start, def.node.end), 'api');
  });

  it('does not expand aliases (alias bombs stay linear)', () => {
    let text = 'threatmodel: 1\nx-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    let prev = 'a';
    for (let i = 0; i < 9; i++) {
      const name = `b${i}`;
      text += `x-${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
      prev = name;
    }
    const started = Date.now();
    const ds = diagnostics(text);
    assert.ok(Date.now() - started < 2000);
    assert.deepEqual(ds, []);
  });
});
