// The validation state the Threat Analysis view shows for covered proposals: core
// `coveringValidation` (latest run per covering threat, most severe first) and the view's wording
// (src/extension/analysis/validationText.ts, vscode-free).
import * as assert from 'node:assert/strict';
import { parseDocument } from '../../src/core/document';
import { coveringValidation } from '../../src/core/pyrit/coverageValidation';
import { validationDescription, validationLines } from '../../src/extension/analysis/validationText';

const MODEL = `threatmodel: 1
title: T
elements:
  - {id: llm, type: process, ml_role: llm}
threats:
  - id: held
    title: Held
    target: llm
    validation:
      - {result: succeeded, date: 2025-01-01, source: pyrit}
      - {result: failed, date: 2025-03-01, source: pyrit}
  - id: broken
    title: Broken
    target: llm
    mitigations: []
    validation:
      - {result: failed, date: 2025-01-01}
      - result: succeeded
        date: 2025-02-01
        source: pyrit
  - id: unsure
    title: Unsure
    target: llm
    validation: [{result: undetermined}]
  - id: never
    title: Never
    target: llm
`;

describe('validation state of covered proposals', () => {
  const model = parseDocument(MODEL).model;

  it('takes the latest run of each validated covering threat, most severe first, skipping unvalidated and unknown ids', () => {
    assert.deepEqual(coveringValidation(model, ['held', 'never', 'nope', 'unsure', 'broken', 'held']), [
      { threat: 'broken', result: 'succeeded', date: '2025-02-01', source: 'pyrit', runs: 2 },
      { threat: 'unsure', result: 'undetermined', date: undefined, source: undefined, runs: 1 },
      { threat: 'held', result: 'failed', date: '2025-03-01', source: 'pyrit', runs: 2 },
    ]);
    assert.deepEqual(coveringValidation(model, ['never']), []);
  });

  it('words it for the tree item description and tooltip', () => {
    const states = coveringValidation(model, ['held', 'broken']);
    assert.equal(validationDescription(states), 'validated: attack SUCCEEDED (+1)');
    assert.equal(validationDescription(coveringValidation(model, ['held'])), 'validated: held (attack failed)');
    assert.equal(validationDescription([]), undefined);
    assert.equal(validationDescription(undefined), undefined);
    assert.deepEqual(validationLines(states), [
      'broken: attack SUCCEEDED on 2025-02-01 (pyrit) — the threat is confirmed · 2 runs',
      'held: held (attack failed) on 2025-03-01 (pyrit) · 2 runs',
    ]);
    assert.deepEqual(validationLines(coveringValidation(model, ['unsure'])), ['unsure: undetermined · 1 run']);
  });
});
