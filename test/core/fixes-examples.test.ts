// Property test over the example models: for every diagnostic that has a fix, applying each fix
// keeps the YAML valid, adds no error, answers the diagnostic, and changes no byte outside the
// edited ranges. Also for the same models with CRLF line endings.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, checkDocument, parseDocument } from '../../src/core';
import { fixAllMissingMitigations, fixesFor } from '../../src/core/fixes';
import { applyAndVerify, assertOnlyEditedRanges, NOW } from './fixes-verify';

const EXAMPLES = join(__dirname, '../../../examples');

describe('core/fixes: property over the example models', function () {
  this.timeout(120000);
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.threatmodel'));

  it('has example models to check', () => {
    assert.ok(files.length >= 3, files.join(', '));
  });

  for (const file of files) {
    for (const eol of ['\n', '\r\n']) {
      it(`${file} (${eol === '\n' ? 'LF' : 'CRLF'}): every fix keeps the model valid and answers its diagnostic`, () => {
        const text = readFileSync(join(EXAMPLES, file), 'utf8').replace(/\r?\n/g, eol);
        const doc = parseDocument(text);
        let applied = 0;
        for (const d of checkDocument(doc)) {
          for (const fix of fixesFor(doc, d, { now: NOW })) {
            applyAndVerify(text, d, fix);
            applied++;
          }
        }
        assert.ok(applied > 0, 'some fixes were applied');
        const all = fixAllMissingMitigations(doc);
        if (all) {
          const out = applyEdits(text, all.edits);
          assertOnlyEditedRanges(text, out, all.edits);
          const after = checkDocument(parseDocument(out));
          assert.deepEqual(after.filter((x) => x.code === 'unmitigated-threat'), []);
          const errorsBefore = checkDocument(doc).filter((x) => x.severity === 'error').map((x) => x.code);
          assert.deepEqual(after.filter((x) => x.severity === 'error' && !errorsBefore.includes(x.code)), []);
        }
      });
    }
  }
});
