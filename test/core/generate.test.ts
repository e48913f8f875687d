import * as assert from 'node:assert/strict';
import { checkDocument, parseDocument } from '../../src/core';
import { generateModel, oneCharacterEdit } from '../../src/core/testing/generate';

describe('core: synthetic model generator', () => {
  it('is deterministic from its seed', () => {
    assert.equal(generateModel({ elements: 50, seed: 7 }), generateModel({ elements: 50, seed: 7 }));
    assert.notEqual(generateModel({ elements: 50, seed: 7 }), generateModel({ elements: 50, seed: 8 }));
  });

  for (const size of [100, 1000]) {
    it(`gives a model with ${size} elements and the documented proportions, free of errors`, () => {
      const doc = parseDocument(generateModel({ elements: size, seed: 1 }));
      const m = doc.model;
      assert.equal(m.elements.length, size);
      assert.equal(m.flows.length, 2 * size);
      assert.equal(m.threats.length, 3 * size);
      assert.equal(m.mitigations.length, 2 * size);
      assert.equal(m.boundaries.length, Math.ceil(size / 20));
      assert.ok(m.boundaries.some((b) => b.parent), 'boundaries nest');
      assert.ok(m.elements.some((e) => e.mlRoles.length > 0), 'ML roles present');
      assert.ok(m.dataAssets.some((a) => a.personal), 'personal data present');
      const errors = checkDocument(doc).filter((d) => d.severity === 'error');
      assert.deepEqual(errors.slice(0, 3).map((d) => `${d.code}: ${d.message}`), []);
    });
  }

  it('offers a one-character edit inside a threat title', () => {
    const text = generateModel({ elements: 100, seed: 1 });
    const edit = oneCharacterEdit(text);
    const edited = text.slice(0, edit.offset) + edit.insert + text.slice(edit.offset);
    assert.equal(edited.length, text.length + 1);
    assert.equal(parseDocument(edited).model.threats.length, 300);
  });
});
