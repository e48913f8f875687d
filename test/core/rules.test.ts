import * as assert from 'node:assert/strict';
import {
  analyze,
  compileCondition,
  CONDITION_LIMITS,
  evaluate,
  EvaluationLimitError,
  MAX_EVALUATION_STEPS,
  parseDocument,
  parseRulePack,
  parseYaml,
  testFact,
  type Condition,
} from '../../src/core';

function diags(text: string) {
  const pack = parseRulePack(text, 'test.rules.yaml');
  return pack.diagnostics.map((d) => ({ code: d.code, text: text.slice(d.start, d.end) }));
}

const RULE = (when: string, extra = '') => `rules:
  - id: acme.api.waf
    framework: stride
    applies_to: element
    title: Missing WAF in front of \`{element}\`
    when: ${when}
    proposes: { stride: [tampering] }
${extra}`;

function compile(yaml: string, scope: 'element' | 'flow' = 'element') {
  const problems: Parameters<typeof compileCondition>[2] = [];
  const root = parseYaml(yaml).root!;
  const c = compileCondition(root, scope, problems);
  return { c, problems: problems.map((p) => ({ code: p.code, text: yaml.slice(p.node.start, p.node.end) })) };
}

describe('rules: condition language', () => {
  it('evaluates each operator on scalar and list facts', () => {
    assert.equal(testFact('is', true, true), true);
    assert.equal(testFact('is', undefined, false), true);
    assert.equal(testFact('is', 'process', 'process'), true);
    assert.equal(testFact('equals', ['a', 'b'], 'b'), true);
    assert.equal(testFact('equals', 'a', 'b'), false);
    assert.equal(testFact('includes', ['rate_limiting'], 'rate_limiting'), true);
    assert.equal(testFact('includes', [], 'rate_limiting'), false);
    assert.equal(testFact('in', 'process', ['process', 'data_store']), true);
    assert.equal(testFact('in', ['x', 'y'], ['y']), true);
    assert.equal(testFact('in', undefined, ['y']), false);
    assert.equal(testFact('exists', [], false), true);
    assert.equal(testFact('exists', 'oidc', true), true);
  });

  it('combines with all, any and not, and reports the facts that made it true', () => {
    const ok = compile('all:\n  - {fact: element.type, is: process}\n  - any: [{fact: element.rate_limited, is: true}, {fact: element.ml_role, includes: llm}]\n  - not: {fact: element.authenticated, is: true}\n');
    assert.deepEqual(ok.problems, []);
    const facts: Record<string, unknown> = { 'element.type': 'process', 'element.rate_limited': false, 'element.ml_role': ['llm'], 'element.authenticated': false };
    const r = evaluate(ok.c as Condition, (f) => facts[f] as never, { steps: 0 });
    assert.equal(r.value, true);
    assert.deepEqual(r.evidence.map((e) => [e.fact, e.negated]), [['element.type', false], ['element.ml_role', false], ['element.authenticated', true]]);
    facts['element.authenticated'] = true;
    assert.equal(evaluate(ok.c as Condition, (f) => facts[f] as never, { steps: 0 }).value, false);
  });

  it('rejects unknown facts and operators, and wrong value types, at their position', () => {
    assert.deepEqual(compile('{fact: element.ml_rol, includes: llm}').problems, [{ code: 'rule-pack-unknown-fact', text: 'element.ml_rol' }]);
    assert.deepEqual(compile('{fact: flow.encrypted, is: true}').problems, [{ code: 'rule-pack-unknown-fact', text: 'flow.encrypted' }]);
    assert.deepEqual(compile('{fact: to.ml_role, includes: llm}', 'flow').problems, []);
    assert.deepEqual(compile('{fact: element.ml_role, contains: llm}').problems, [{ code: 'rule-pack-unknown-operator', text: 'contains' }]);
    assert.deepEqual(compile('{fact: element.rate_limited, is: yes}').problems, [{ code: 'rule-pack-invalid-condition', text: 'yes' }]);
    assert.deepEqual(compile('{fact: element.type, in: []}').problems, [{ code: 'rule-pack-invalid-condition', text: '[]' }]);
    assert.deepEqual(compile('{fact: element.type, includes: process}').problems, [{ code: 'rule-pack-invalid-condition', text: 'process' }]);
    assert.deepEqual(compile('eval: process.exit()').problems, [{ code: 'rule-pack-invalid-condition', text: 'eval' }]);
  });

  it('bounds depth and size', () => {
    let deep = '{fact: element.type, is: process}';
    for (let i = 0; i < CONDITION_LIMITS.maxDepth + 2; i++) deep = `{not: ${deep}}`;
    assert.equal(compile(deep).problems[0].code, 'rule-pack-too-complex');
    const wide = `any: [${Array.from({ length: CONDITION_LIMITS.maxNodes + 1 }, () => '{fact: element.type, is: process}').join(', ')}]`;
    assert.ok(compile(wide).problems.some((p) => p.code === 'rule-pack-too-complex'));
  });

  it('stops evaluation at the step budget', () => {
    const c: Condition = { kind: 'leaf', fact: 'element.type', op: 'is', value: 'process' };
    assert.throws(() => evaluate(c, () => 'process', { steps: MAX_EVALUATION_STEPS }), EvaluationLimitError);
  });
});

describe('rules: rule pack validation', () => {
  it('accepts a valid user pack and runs it', () => {
    const text = RULE('{ fact: element.internet_facing, is: true }', `    covered_by: { fact: element.has_control, equals: waf }
    mitigations:
      - control: waf
        text: Put a WAF in front of \`{element}\`.
    rationale: "\`{element}\` is {exposure}."
    dread: { damage: 5, reproducibility: 5, exploitability: 5, affected_users: 5, discoverability: 5 }
`);
    const pack = parseRulePack(text, 'acme.rules.yaml');
    assert.deepEqual(pack.diagnostics, []);
    const doc = parseDocument('threatmodel: 1\nelements:\n  - id: api\n    type: process\n    internet_facing: true\n');
    const ps = analyze(doc, { builtinPacks: [], userPacks: [pack] }).proposals;
    assert.deepEqual(ps.map((p) => [p.id, p.title, p.rationale, p.dread?.score]), [['acme.api.waf@api', 'Missing WAF in front of `api`', '`api` is declared internet-facing.', 5]]);
  });

  it('reports each problem at its position and skips only the bad rule', () => {
    assert.deepEqual(diags(RULE('{ fact: element.internet_facng, is: true }')), [{ code: 'rule-pack-unknown-fact', text: 'element.internet_facng' }]);
    assert.deepEqual(diags(RULE('{ fact: element.type, is: process }', '    colour: red\n')), [{ code: 'rule-pack-unknown-key', text: 'colour' }]);
    assert.deepEqual(diags(RULE('{ fact: element.type, is: process }').replace('{element}', '{elemnt}')), [{ code: 'rule-pack-unknown-placeholder', text: 'Missing WAF in front of `{elemnt}`' }]);
    assert.deepEqual(diags(RULE('{ fact: element.type, is: process }').replace('[tampering]', '[tamper]')), [{ code: 'rule-pack-unknown-reference', text: 'tamper' }]);
    assert.deepEqual(diags(RULE('{ fact: element.type, is: process }').replace('stride: [tampering]', 'stride: [tampering], atlas: [AML.T9999]')), [{ code: 'rule-pack-unknown-reference', text: 'AML.T9999' }]);
    assert.deepEqual(diags(RULE('{ fact: element.type, is: process }').replace('framework: stride', 'framework: octave')), [{ code: 'rule-pack-invalid', text: 'octave' }]);
    assert.deepEqual(diags('rules:\n  - id: x\n    framework: stride\n'), [
      { code: 'rule-pack-invalid', text: 'id' },
      { code: 'rule-pack-invalid', text: 'id' },
      { code: 'rule-pack-invalid', text: 'id' },
      { code: 'rule-pack-invalid', text: 'id' },
    ]);
    assert.deepEqual(diags('rules: [\n'), [{ code: 'rule-pack-yaml', text: '' }]);
    assert.deepEqual(diags('- a\n'), [{ code: 'rule-pack-invalid', text: '- a' }]);
    const two = RULE('{ fact: element.type, is: process }') + RULE('{ fact: element.type, is: process }').replace('rules:\n', '');
    assert.deepEqual(diags(two), [{ code: 'rule-pack-duplicate-id', text: 'acme.api.waf' }]);
    const mixed = parseRulePack(RULE('{ fact: element.nope, is: true }') + RULE('{ fact: element.type, is: process }').replace('rules:\n', '').replace('acme.api.waf', 'acme.api.ok'), 'x');
    assert.deepEqual(mixed.rules.map((r) => r.id), ['acme.api.ok']);
  });

  it('the example pack in docs/analysis.md is valid', () => {
    const md = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', '..', 'docs', 'analysis.md'), 'utf8') as string;
    const block = /### Example user pack[\s\S]*?```yaml\n([\s\S]*?)```/.exec(md)![1];
    const pack = parseRulePack(block, 'docs');
    assert.deepEqual(pack.diagnostics, []);
    assert.deepEqual(pack.rules.map((r) => r.id), ['acme.api.waf']);
  });

  it('a user rule with the id of a built-in rule is ignored with a warning', () => {
    const pack = parseRulePack(RULE('{ fact: element.type, is: process }').replace('acme.api.waf', 'stride.element.spoofing'), 'dup.rules.yaml');
    const r = analyze(parseDocument('threatmodel: 1\nelements:\n  - id: a\n    type: process\n'), { userPacks: [pack] });
    assert.deepEqual(r.warnings, ['Rule `stride.element.spoofing` in dup.rules.yaml is ignored: a rule with that id is already loaded.']);
  });
});
