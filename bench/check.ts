// `npm run bench:check`: reads bench/results.json and checks the performance budgets. Exit 1
// listing each missed budget; budgets the results cannot answer (e.g. quick mode without the
// 5,000 element model) are listed as not checked.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBudgets } from './budgets';
import type { Results } from './results';

const ROOT = join(__dirname, '..', '..', '..');

function main(): number {
  const file = join(ROOT, 'bench', 'results.json');
  if (!existsSync(file)) {
    console.error('bench/results.json is missing: run npm run bench first.');
    return 2;
  }
  const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
  if (results.schema !== 1) {
    console.error(`bench/results.json has schema ${String(results.schema)}; this check reads schema 1. Re-run npm run bench.`);
    return 2;
  }
  const outcomes = checkBudgets(results);
  const mark = { pass: 'ok     ', fail: 'MISSED ', unchecked: 'skipped' };
  console.log(`Budgets for bench/results.json of ${results.generatedAt} (sizes ${results.options.sizes.join(', ')}${results.options.quick ? ', quick' : ''})`);
  for (const o of outcomes) console.log(`${mark[o.status]}  ${o.budget}: ${o.detail}`);
  const missed = outcomes.filter((o) => o.status === 'fail');
  const unchecked = outcomes.filter((o) => o.status === 'unchecked');
  if (unchecked.length) console.log(`\nNot checked (${unchecked.length}): ${unchecked.map((o) => `${o.budget} (${o.detail})`).join('; ')}`);
  if (missed.length) {
    console.log(`\n${missed.length} budget(s) missed:`);
    for (const o of missed) console.log(`  - ${o.budget}: ${o.detail}`);
    return 1;
  }
  console.log(`\nAll ${outcomes.length - unchecked.length} checked budgets met.`);
  return 0;
}

process.exit(main());
