// The Threat Analysis view sorts by DREAD: the ordering lives in src/extension/analysis/order.ts
// (no `vscode` import), tested here on real analysis results of the examples.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, parseDocument, type Proposal } from '../../src/core';
import { compareInView, groupByTarget } from '../../src/extension/analysis/order';

const root = join(__dirname, '..', '..', '..');
const proposalsOf = (name: string) => analyze(parseDocument(readFileSync(join(root, 'examples', `${name}.threatmodel`), 'utf8'))).proposals;
const score = (p: Proposal) => p.dread?.score ?? -1;
const topNew = (ps: Proposal[]) => Math.max(-1, ...ps.filter((p) => !p.covered).map(score));

describe('Threat Analysis view order (riskiest first)', () => {
  it('orders a group new before covered, then by DREAD score, then by id', () => {
    const p = (id: string, covered: boolean, s?: number) => ({ id, target: 't', covered: covered ? { by: 'x' } : false, dread: s === undefined ? undefined : { score: s } });
    const sorted = [p('a', true, 9), p('b', false, 4), p('c', false), p('d', false, 8), p('e', false, 8), p('f', true, 2)].sort(compareInView);
    assert.deepEqual(sorted.map((x) => x.id), ['d', 'e', 'b', 'c', 'a', 'f']);
  });

  for (const name of ['spam-classifier', 'federated-imaging', 'rag-assistant']) {
    it(`examples/${name}: targets by their highest new DREAD score, proposals by DREAD inside new and covered`, () => {
      // Shuffle the input: the view must not depend on the server's order.
      const proposals = proposalsOf(name);
      const shuffled = [...proposals].sort((a, b) => (a.id.split('').reverse().join('') < b.id.split('').reverse().join('') ? -1 : 1));
      const groups = groupByTarget(shuffled);
      assert.equal(groups.reduce((n, [, ps]) => n + ps.length, 0), proposals.length, 'every proposal shown once');
      assert.equal(new Set(groups.map(([t]) => t)).size, groups.length);
      for (let i = 1; i < groups.length; i++) assert.ok(topNew(groups[i - 1][1]) >= topNew(groups[i][1]), `${groups[i - 1][0]} before ${groups[i][0]}`);
      const first = groups[0][1];
      assert.equal(topNew(first), Math.max(...proposals.filter((p) => !p.covered).map(score)), 'the riskiest new proposal is in the first group');
      for (const [target, ps] of groups) {
        assert.ok(ps.every((p) => p.target === target));
        const firstCovered = ps.findIndex((p) => p.covered);
        if (firstCovered >= 0) assert.ok(ps.slice(firstCovered).every((p) => p.covered), `${target}: new before covered`);
        for (let i = 1; i < ps.length; i++) {
          if (!!ps[i - 1].covered === !!ps[i].covered) assert.ok(score(ps[i - 1]) >= score(ps[i]), `${target}: ${ps[i - 1].id} before ${ps[i].id}`);
        }
      }
    });
  }
});
