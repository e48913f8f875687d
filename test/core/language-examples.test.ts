// The language features over the reference example models (examples/*.threatmodel), as property
// checks: every key is completed from its first two characters with the text cut off right there
// (broken, mid-typing text), every reference value is offered when the text is cut off before it,
// every id hovers and every resolved reference goes to its definition.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument, resolve, type YNode } from '../../src/core';
import { fieldsAtPath, specAtPath } from '../../src/core/schema/fields';
import { complete } from '../../src/core/language/completion';
import { hoverAt } from '../../src/core/language/hover';
import { definitionAt } from '../../src/core/language/navigation';
import { outline } from '../../src/core/language/outline';

const dir = path.join(process.cwd(), 'examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.threatmodel'));

interface KeyAt {
  key: YNode;
  keyText: string;
  value: YNode;
  path: (string | number)[];
}

function keysOf(node: YNode, path: (string | number)[], out: KeyAt[]): void {
  if (node.kind === 'map') {
    for (const pair of node.pairs) {
      out.push({ key: pair.key, keyText: pair.keyText, value: pair.value, path });
      keysOf(pair.value, [...path, pair.keyText], out);
    }
  } else if (node.kind === 'seq') {
    node.items.forEach((item, i) => keysOf(item, [...path, i], out));
  }
}

describe('core language: over the example models', () => {
  it('has example models to check', () => {
    assert.ok(files.length >= 3, `examples found: ${files.join(', ')}`);
  });

  for (const file of files) {
    describe(file, () => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const doc = parseDocument(text);
      const keys: KeyAt[] = [];
      if (doc.yaml.root) keysOf(doc.yaml.root, [], keys);

      it('parses, and has an outline', () => {
        assert.equal(doc.yaml.ok, true);
        assert.ok(outline(doc).length >= 5);
      });

      it('completes every known key from its first two characters, with the rest of the text cut off', () => {
        let checked = 0;
        for (const k of keys) {
          if (!fieldsAtPath(k.path)?.[k.keyText] || k.key.kind !== 'scalar') continue;
          const cut = text.slice(0, k.key.start + Math.min(2, k.keyText.length));
          const labels = complete(cut, cut.length, doc).map((e) => e.label);
          assert.ok(labels.includes(k.keyText), `${file}: key '${k.keyText}' at ${k.path.join('.')} not offered; got [${labels.join(', ')}]`);
          checked++;
        }
        assert.ok(checked > 50, `only ${checked} keys checked`);
      });

      it('offers every resolved reference value when the text is cut off just before it', () => {
        let checked = 0;
        for (const ref of doc.symbols.references) {
          if (!resolve(doc.symbols, ref)) continue;
          const cut = text.slice(0, ref.node.start);
          const labels = complete(cut, cut.length, doc).map((e) => e.label);
          assert.ok(labels.includes(ref.id), `${file}: '${ref.id}' (${ref.field}) at offset ${ref.node.start} not offered; got [${labels.join(', ')}]`);
          checked++;
        }
        assert.ok(checked > 10, `only ${checked} references checked`);
      });

      it('hovers every id and resolves every reference to its definition', () => {
        for (const def of doc.symbols.definitions) {
          const h = hoverAt(doc, def.node.start);
          assert.ok(h && h.markdown.includes(def.id), `${file}: no hover for '${def.id}'`);
        }
        for (const ref of doc.symbols.references) {
          const target = resolve(doc.symbols, ref);
          if (!target) continue;
          assert.equal(definitionAt(doc, ref.node.start)?.start, target.node.start);
        }
        // And every key hovers with its documentation.
        for (const k of keys) {
          if (!specAtPath([...k.path, k.keyText])) continue;
          assert.ok(hoverAt(doc, k.key.start), `${file}: no hover on key ${k.keyText}`);
        }
      });
    });
  }
});
