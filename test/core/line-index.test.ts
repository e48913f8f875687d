// Pins the line index (offsets <-> line/character) for every kind of line break, and for texts
// with more lines than the index first makes room for.
import * as assert from 'node:assert/strict';
import { LineIndex } from '../../src/core/text/lineIndex';

/** Every offset's position, and each line's text, as one comparable list. */
function layout(text: string): string[] {
  const index = new LineIndex(text);
  const out = [`lines ${index.lineCount}`];
  for (let offset = 0; offset <= text.length; offset++) {
    const p = index.positionAt(offset);
    out.push(`${offset}=${p.line}:${p.character}`);
  }
  for (let line = 0; line < index.lineCount; line++) out.push(`${line}:${JSON.stringify(index.lineText(line))}`);
  return out;
}

describe('core text: line index', () => {
  it('counts LF, CRLF and lone CR breaks, with an empty last line after a final break', () => {
    assert.deepEqual(layout('ab\ncd'), ['lines 2', '0=0:0', '1=0:1', '2=0:2', '3=1:0', '4=1:1', '5=1:2', '0:"ab"', '1:"cd"']);
    assert.deepEqual(layout('a\r\nb\rc\n'), [
      'lines 4',
      '0=0:0',
      '1=0:1',
      '2=0:2',
      '3=1:0',
      '4=1:1',
      '5=2:0',
      '6=2:1',
      '7=3:0',
      '0:"a"',
      '1:"b"',
      '2:"c"',
      '3:""',
    ]);
    assert.deepEqual(layout(''), ['lines 1', '0=0:0', '0:""']);
    assert.deepEqual(layout('\r\r\n\n'), ['lines 4', '0=0:0', '1=1:0', '2=1:1', '3=2:0', '4=3:0', '0:""', '1:""', '2:""', '3:""']);
  });

  it('indexes texts of many short lines (more than first guessed from the length)', () => {
    for (const brk of ['\n', '\r\n', '\r']) {
      const text = Array.from({ length: 3000 }, (_, i) => String(i % 10)).join(brk);
      const index = new LineIndex(text);
      assert.equal(index.lineCount, 3000);
      for (const line of [0, 1, 63, 64, 65, 1000, 2999]) {
        const offset = index.offsetAt({ line, character: 0 });
        assert.equal(offset, line * (1 + brk.length));
        assert.deepEqual(index.positionAt(offset), { line, character: 0 });
        assert.equal(index.lineText(line), String(line % 10));
      }
    }
  });

  it('clamps offsets and positions outside the text', () => {
    const index = new LineIndex('ab\ncd\n');
    assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(99), { line: 2, character: 0 });
    assert.equal(index.offsetAt({ line: -1, character: 4 }), 0);
    assert.equal(index.offsetAt({ line: 9, character: 0 }), 6);
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 3);
    assert.equal(index.lineStartOf(4), 3);
    assert.equal(index.lineText(7), '');
    assert.deepEqual(index.range(1, 4), { start: { line: 0, character: 1 }, end: { line: 1, character: 1 } });
  });
});
