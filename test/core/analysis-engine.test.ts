// The engine compiles conditions, reads facts lazily and emits proposals already sorted. These
// tests hold it to the plain algorithm it replaces: every rule over every target in model order,
// conditions interpreted by `evaluate` on the `computeFacts` tables, coverage decided in the
// documented order, then a sort by DREAD and id; including when the step budget runs out.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyze,
  builtinRulePacks,
  computeFacts,
  describeEvidence,
  evaluate,
  EvaluationLimitError,
  forEachRuleHit,
  parseRulePack,
  type Condition,
  type ModelFacts,
  type Rule,
  type RulePack,
} from '../../src/core/analysis';
import { compileEvidence, compilePredicate, describeFound, type FoundEvidence } from '../../src/core/analysis/compiled';
import { ELEMENT_SLOTS, type FactTarget } from '../../src/core/analysis/factContext';
import type { FactValue } from '../../src/core/analysis/facts';
import { DREAD_FACTORS, convertDread, dreadScore } from '../../src/core/analysis/dread';
import { parseDocument } from '../../src/core/document';
import type { ThreatModel } from '../../src/core/model/types';
import { generateModel } from '../../src/core/testing/generate';

const root = join(__dirname, '..', '..', '..');
const example = (name: string) => readFileSync(join(root, 'examples', `${name}.threatmodel`), 'utf8');

/** The straightforward engine: ids and coverage kinds in the final order, and whether it stopped early. */
function reference(model: ThreatModel, packs: readonly RulePack[], summaryOnly: boolean): { hits: [string, string | false][]; partial: boolean } {
  const facts = computeFacts(model);
  const rules: Rule[] = [];
  const seen = new Set<string>();
  for (const pack of packs) for (const r of pack.rules) if (!seen.has(r.id)) (seen.add(r.id), rules.push(r));
  const read = (name: string, target: { facts: Map<string, FactValue> }, all: ModelFacts): FactValue => {
    const dot = name.indexOf('.');
    const prefix = name.slice(0, dot);
    const key = name.slice(dot + 1);
    if (prefix === 'element' || prefix === 'flow') return target.facts.get(key);
    const endpoint = target.facts.get(prefix);
    return typeof endpoint === 'string' ? all.elements.get(endpoint)?.facts.get(key) : undefined;
  };
  const key = (r: Rule): number => {
    if (summaryOnly || !r.dread) return -1;
    const d = convertDread(r.dread, 'average-0-10');
    return dreadScore(d, 'average-0-10') === undefined ? -1 : DREAD_FACTORS.reduce((s, f) => s + (d[f.prop] ?? 0), 0) / 5;
  };
  const out: { id: string; key: number; by: string | false }[] = [];
  const budget = { steps: 0 };
  let partial = false;
  try {
    for (const rule of rules) {
      const interactions = ['external_entity->process', 'process->process', 'process->data_store', 'data_store->process', 'process->external_entity'];
      const targets =
        rule.appliesTo === 'element'
          ? [...facts.elements.values()]
          : [...facts.flows.values()].filter(
              (f) => rule.appliesTo === 'flow' || (f.facts.get('crosses_boundary') === true && interactions.includes(String(f.facts.get('interaction')))),
            );
      for (const target of targets) {
        const r = (name: string) => read(name, target, facts);
        if (!evaluate(rule.when, r, budget).value) continue;
        const id = `${rule.id}@${target.id}`;
        const primary = rule.proposes[rule.framework][0];
        const onTarget = model.threats.filter((t) => t.targets.includes(target.id));
        let by: string | false = false;
        if (model.threats.some((t) => t.proposal === id)) by = 'threat';
        else if (
          primary &&
          onTarget.some((t) =>
            rule.framework === 'stride'
              ? (t.stride as string[]).includes(primary)
              : rule.framework === 'linddun'
                ? (t.linddun as string[]).includes(primary)
                : t.atlas.some((a) => a === primary || a.startsWith(`${primary}.`)),
          )
        ) {
          by = 'threat';
        } else if (rule.coveredBy && evaluate(rule.coveredBy, r, budget).value) by = 'condition';
        else {
          const s = model.suppressions.find(
            (x) => x.justification?.trim() && (x.proposal === id || (x.rule === rule.id && (x.target === undefined || x.target === target.id))),
          );
          if (s) by = `suppression ${s.proposal ?? s.rule}: ${s.justification}`;
        }
        out.push({ id, key: key(rule), by });
      }
    }
  } catch (error) {
    if (!(error instanceof EvaluationLimitError)) throw error;
    partial = true;
  }
  out.sort((a, b) => (a.key !== b.key ? b.key - a.key : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { hits: out.map((h) => [h.id, h.by]), partial };
}

const kind = (covered: false | { by: string; ids: string[]; reason: string }): string | false =>
  covered === false
    ? false
    : covered.by === 'threat'
      ? 'threat'
      : covered.by === 'suppression'
        ? `suppression ${covered.ids[0]}: ${covered.reason.replace(/^Suppressed: /, '')}`
        : 'condition';

function compare(model: ThreatModel, userPacks: RulePack[] = [], builtinPacks?: RulePack[]): boolean {
  const packs = [...(builtinPacks ?? builtinRulePacks()), ...userPacks];
  for (const summaryOnly of [false, true]) {
    const expected = reference(model, packs, summaryOnly);
    const result = analyze(model, { userPacks, builtinPacks, summaryOnly });
    assert.deepEqual(
      result.proposals.map((p) => [p.id, kind(p.covered)]),
      expected.hits,
    );
    assert.equal(result.warnings.some((w) => w.includes('stopped early')), expected.partial);
    if (summaryOnly) {
      const hits: [string, boolean][] = [];
      forEachRuleHit(model, { userPacks, builtinPacks }, (rule, target, covered) => hits.push([`${rule.id}@${target}`, covered]));
      assert.deepEqual(
        hits,
        expected.hits.map(([id, by]) => [id, by !== false]),
      );
    }
  }
  return reference(model, packs, true).partial;
}

/** A pack whose conditions are long `any` lists, to run out of the step budget on a mid-size model. */
function heavyPack(rules: number): RulePack {
  const lines = ['name: heavy', 'rules:'];
  const leaves = Array.from({ length: 60 }, (_, i) => `{ fact: element.tags, includes: t${i} }`).join(', ');
  for (let r = 0; r < rules; r++) {
    lines.push(
      `  - id: heavy.r${r}`,
      `    framework: ${r % 2 ? 'stride' : 'linddun'}`,
      '    applies_to: element',
      '    title: H {element}',
      `    when: { any: [ ${leaves}, { fact: element.type, in: [process, data_store] } ] }`,
      '    proposes: { stride: [tampering], linddun: [linking] }',
      `    covered_by: { any: [ ${leaves}, { fact: element.has_control, includes: encryption } ] }`,
      `    dread: { damage: ${1 + (r % 9)}, reproducibility: 4, exploitability: 9, affected_users: 2, discoverability: 7 }`,
    );
  }
  const pack = parseRulePack(`${lines.join('\n')}\n`, 'heavy.rules.yaml');
  assert.deepEqual(pack.diagnostics, []);
  return pack;
}

describe('analysis engine: same results as the plain algorithm', () => {
  for (const name of ['spam-classifier', 'federated-imaging', 'rag-assistant']) {
    it(`examples/${name}`, () => {
      compare(parseDocument(example(name)).model);
    });
  }

  it('a generated model, with suppressions and threats added from proposals', () => {
    const suppressions = [
      ['rule: stride.element.spoofing', 'target: el-3', 'justification: A'],
      ['rule: stride.element.spoofing', 'justification: B'],
      ['proposal: stride.element.spoofing@el-5', 'justification: C'],
      ['proposal: stride.flow.tampering@flow-3', 'justification: D'],
      ['rule: stride.flow.tampering', 'target: flow-3', 'justification: E'],
      ['rule: stride.flow.tampering', 'target: flow-4', 'justification: F'],
      ['rule: stride.element.tampering'],
      ['rule: stride.element.repudiation', 'target: el-7', 'justification: " "'],
    ];
    const text = `${generateModel({ elements: 150, seed: 3 })}\nsuppressions:\n${suppressions.map((lines) => `  - ${lines.join('\n    ')}\n`).join('')}`;
    const model = parseDocument(text).model;
    assert.equal(model.suppressions.length, suppressions.length);
    compare(model);
    const reasons = analyze(model, { summaryOnly: true }).proposals.filter((p) => p.covered && p.covered.by === 'suppression');
    assert.ok(reasons.some((p) => p.id === 'stride.element.spoofing@el-5' && p.covered && p.covered.reason === 'Suppressed: B'));
  });

  it('stops at the step budget with the hits found in rule and model order', () => {
    const model = parseDocument(generateModel({ elements: 200, seed: 2 })).model;
    assert.equal(compare(model, [heavyPack(150)]), true, 'the budget runs out');
  });

  it('sorts by proposal id when one rule id starts another (`a-b@x` before `a@x`)', () => {
    const model = parseDocument(example('rag-assistant')).model;
    const base = builtinRulePacks()[0];
    const renamed = (id: string): Rule => ({ ...base.rules[0], id });
    const pack: RulePack = { ...base, rules: [renamed('a'), renamed('a-b'), renamed('a.b'), renamed('a_b'), renamed('a0'), renamed('ab'), ...base.rules.slice(1)] };
    compare(model, [], [pack]);
  });

  it('sorts by id when rule ids hold `@` (rules built by hand)', () => {
    const model = parseDocument(example('rag-assistant')).model;
    const base = builtinRulePacks()[0];
    const renamed = (id: string): Rule => ({ ...base.rules[0], id });
    const pack: RulePack = { ...base, rules: [renamed('a@b'), renamed('a'), renamed('a-b'), renamed('a.b@'), ...base.rules.slice(1)] };
    compare(model, [], [pack]);
  });
});

describe('analysis engine: compiled conditions', () => {
  // A small pseudo-random generator, so failures reproduce.
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const facts = ['element.type', 'element.ml_role', 'element.internet_facing', 'element.tags', 'element.authentication', 'element.nope'];
  const values: FactValue[] = ['process', 'data_store', true, false, undefined, [], ['a', 'process'], ['b'], '', 'a'];
  const leaf = (): Condition => {
    const op = (['is', 'equals', 'includes', 'in', 'exists'] as const)[rand(5)];
    const scalars = ['process', 'a', true, false, 3];
    const value = op === 'in' ? [scalars[rand(5)], scalars[rand(5)]] : op === 'exists' ? rand(2) === 0 : scalars[rand(5)];
    return { kind: 'leaf', fact: facts[rand(facts.length)], op, value };
  };
  const tree = (depth: number): Condition => {
    const k = depth > 3 ? 3 : rand(4);
    if (k === 0) return { kind: 'all', items: Array.from({ length: 1 + rand(3) }, () => tree(depth + 1)) };
    if (k === 1) return { kind: 'any', items: Array.from({ length: 1 + rand(3) }, () => tree(depth + 1)) };
    if (k === 2) return { kind: 'not', item: tree(depth + 1) };
    return leaf();
  };

  it('decide as `evaluate` does and count the same steps', () => {
    const keys = new Map([...ELEMENT_SLOTS].map(([k, slot]) => [slot, `element.${k}`]));
    for (let i = 0; i < 2000; i++) {
      const condition = tree(0);
      const table = new Map(facts.map((f) => [f, values[rand(values.length)]]));
      const known = (f: string) => ELEMENT_SLOTS.has(f.slice('element.'.length));
      const target = { fact: (slot: number) => table.get(keys.get(slot)!) } as unknown as FactTarget;
      const a = { steps: 0 };
      const b = { steps: 0 };
      const expected = evaluate(condition, (f) => (known(f) ? table.get(f) : undefined), a).value;
      const context = JSON.stringify({ condition, table: [...table] });
      assert.equal(compilePredicate(condition, 'element')(target, b), expected, context);
      assert.equal(b.steps, a.steps);
      if (expected) {
        const found: FoundEvidence[] = [];
        compileEvidence(condition, 'element')!(target, found);
        const reference = evaluate(condition, (f) => (known(f) ? table.get(f) : undefined), undefined).evidence;
        assert.deepEqual(
          found.map((e) => [describeFound(e), e.actual, e.negated]),
          reference.map((e) => [describeEvidence(e), e.actual, e.negated]),
          context,
        );
      }
    }
  });
});
