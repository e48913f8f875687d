// The report escapers return text that needs no escaping as it is (a fast path). These tests hold
// them to the full chain of replacements on random text made of the characters that matter.
import * as assert from 'node:assert/strict';
import { escapeHtml, mdBlock, mdCell, mdInline } from '../../src/core/report';

const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** The escaping as written before the fast path: every replacement, always. */
function fullMdLine(line: string): string {
  return line
    .replace(INVISIBLE, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`)
    .replace(/^(\s*\d+)([.)])/, '$1\\$2')
    .replace(/^(\s*)([-+=#:])/, '$1\\$2');
}

function fullHtml(text: string): string {
  return text
    .replace(INVISIBLE, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/`/g, '&#96;');
}

describe('report escaping: the fast path changes nothing', () => {
  const alphabet = ['a', 'Z', '1', '9', ' ', '  ', '\t', '\n', '\r\n', '.', ')', '(', '-', '+', '=', '#', ':', '!', '&', '<', '>', '"', "'", '`', '\\', '*', '_', '[', ']', '|', '~', '$', '\u0007', '\u2028', '\u202e', '\ufeff', 'é', '漢'];
  let seed = 11;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const texts = ['', 'plain id', 'api-gateway', '1. first', '  - item', '#tag', 'a:b'];
  for (let i = 0; i < 3000; i++) texts.push(Array.from({ length: 1 + rand(8) }, () => alphabet[rand(alphabet.length)]).join(''));

  it('for inline text, cells and blocks', () => {
    for (const t of texts) {
      assert.equal(mdInline(t), fullMdLine(t.replace(/\r\n?|\n/g, ' ').replace(/\s+/g, ' ').trim()), JSON.stringify(t));
      const cell = t === '' ? '' : t.split(/\r\n?|\n/).map((l) => fullMdLine(l.replace(/\s+/g, ' ').trim())).filter((l) => l.length > 0).join('<br>');
      assert.equal(mdCell(t), cell, JSON.stringify(t));
      const block = t
        .replace(/\r\n?/g, '\n')
        .split(/\n\s*\n/)
        .map((para) => para.split('\n').map((l) => fullMdLine(l.trim())).filter((l) => l.length > 0).join('  \n'))
        .filter((p) => p.length > 0)
        .join('\n\n');
      assert.equal(mdBlock(t), block, JSON.stringify(t));
    }
  });

  it('for HTML', () => {
    for (const t of texts) assert.equal(escapeHtml(t), fullHtml(t), JSON.stringify(t));
    assert.equal(escapeHtml(3.5), '3.5');
    assert.equal(escapeHtml(undefined), '');
  });
});
