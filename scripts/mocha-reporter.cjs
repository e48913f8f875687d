// Mocha's spec reporter plus the plain closing line CI reads ("N passed, N failed"), and the
// counts written to $TM_COUNTS_FILE (JSON) so scripts/test-all.mjs can total every stage.
'use strict';
const Mocha = require('mocha');
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats || {};
      const file = process.env.TM_COUNTS_FILE;
      if (file) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending }) + '\n');
      }
      // Printed after the spec reporter's epilogue.
      process.nextTick(() => {
        console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
      });
    });
  }
}

module.exports = SummaryReporter;
