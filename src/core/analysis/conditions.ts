// The rule condition language: a small tree of `all`, `any`, `not` and leaf predicates over named
// facts. It is compiled from the positioned YAML tree (so every mistake is reported where it is
// written) and evaluated by a plain interpreter: nothing from a rule pack is ever executed.
import { asScalar, deref, type YMap, type YNode } from '../yaml/tree';
import { factNames, factSpec, type FactValue, type Scope } from './facts';
import { closest } from '../text/similar';

export const OPERATORS = ['is', 'equals', 'includes', 'in', 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];
export type Scalar = string | boolean | number;

export type Condition =
  | { kind: 'all'; items: Condition[] }
  | { kind: 'any'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'leaf'; fact: string; op: Operator; value: Scalar | Scalar[] };

/** Bounds on what a rule pack can make the evaluator do. */
export const CONDITION_LIMITS = {
  maxDepth: 12,
  maxNodes: 256,
  maxListValues: 100,
};

export interface ConditionProblem {
  code: 'rule-pack-unknown-fact' | 'rule-pack-unknown-operator' | 'rule-pack-invalid-condition' | 'rule-pack-too-complex';
  message: string;
  node: YNode;
}

/** Compiles a condition node; returns undefined (and problems) when it is not valid. */
export function compileCondition(node: YNode, scope: Scope, problems: ConditionProblem[]): Condition | undefined {
  const budget = { nodes: 0 };
  return compile(node, scope, problems, 0, budget);
}

function compile(
  raw: YNode,
  scope: Scope,
  problems: ConditionProblem[],
  depth: number,
  budget: { nodes: number },
): Condition | undefined {
  const node = deref(raw);
  if (!node) {
    problems.push({ code: 'rule-pack-invalid-condition', message: 'A condition cannot be an alias to nothing.', node: raw });
    return undefined;
  }
  budget.nodes++;
  if (depth > CONDITION_LIMITS.maxDepth || budget.nodes > CONDITION_LIMITS.maxNodes) {
    problems.push({
      code: 'rule-pack-too-complex',
      message: `The condition is too deep or too large (at most ${CONDITION_LIMITS.maxDepth} levels and ${CONDITION_LIMITS.maxNodes} nodes).`,
      node,
    });
    return undefined;
  }
  if (node.kind !== 'map') {
    problems.push({
      code: 'rule-pack-invalid-condition',
      message: 'A condition is a mapping: `all: [...]`, `any: [...]`, `not: {...}` or `{fact: <name>, <operator>: <value>}`.',
      node,
    });
    return undefined;
  }
  const keys = node.pairs.map((p) => p.keyText);
  if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'any')) {
    const list = deref(node.pairs[0].value);
    if (!list || list.kind !== 'seq' || list.items.length === 0) {
      problems.push({ code: 'rule-pack-invalid-condition', message: `\`${keys[0]}\` takes a non-empty list of conditions.`, node: node.pairs[0].value });
      return undefined;
    }
    const items: Condition[] = [];
    let ok = true;
    for (const item of list.items) {
      const c = compile(item, scope, problems, depth + 1, budget);
      if (c) items.push(c);
      else ok = false;
    }
    return ok ? { kind: keys[0] as 'all' | 'any', items } : undefined;
  }
  if (keys.length === 1 && keys[0] === 'not') {
    const item = compile(node.pairs[0].value, scope, problems, depth + 1, budget);
    return item ? { kind: 'not', item } : undefined;
  }
  return compileLeaf(node, scope, problems);
}

function compileLeaf(node: YMap, scope: Scope, problems: ConditionProblem[]): Condition | undefined {
  const factPair = node.pairs.find((p) => p.keyText === 'fact');
  if (!factPair) {
    const unknown = node.pairs.find((p) => !['all', 'any', 'not'].includes(p.keyText)) ?? node.pairs[0];
    problems.push({
      code: 'rule-pack-invalid-condition',
      message: unknown
        ? `\`${unknown.keyText}\` is not a condition. Use \`all\`, \`any\`, \`not\` (each alone in its mapping) or \`{fact: <name>, <operator>: <value>}\`.`
        : 'An empty condition. Use `all`, `any`, `not` or `{fact: <name>, <operator>: <value>}`.',
      node: unknown ? unknown.key : node,
    });
    return undefined;
  }
  const factScalar = asScalar(factPair.value);
  if (!factScalar || typeof factScalar.value !== 'string') {
    problems.push({ code: 'rule-pack-invalid-condition', message: '`fact` names a fact, such as `element.ml_role`.', node: factPair.value });
    return undefined;
  }
  const fact = factScalar.text;
  const spec = factSpec(scope, fact);
  if (!spec) {
    const suggestion = closest(fact, factNames(scope));
    problems.push({
      code: 'rule-pack-unknown-fact',
      message: `Unknown fact \`${fact}\` for a rule that applies to ${scope === 'element' ? 'elements' : 'flows'}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      node: factScalar,
    });
    return undefined;
  }
  const opPairs = node.pairs.filter((p) => p !== factPair);
  if (opPairs.length !== 1) {
    problems.push({
      code: opPairs.length === 0 ? 'rule-pack-invalid-condition' : 'rule-pack-invalid-condition',
      message: `A fact test has exactly one operator (${OPERATORS.join(', ')}); this one has ${opPairs.length}.`,
      node: opPairs[1]?.key ?? factPair.key,
    });
    return undefined;
  }
  const opPair = opPairs[0];
  const op = opPair.keyText as Operator;
  if (!(OPERATORS as readonly string[]).includes(op)) {
    const suggestion = closest(opPair.keyText, OPERATORS);
    problems.push({
      code: 'rule-pack-unknown-operator',
      message: `Unknown operator \`${opPair.keyText}\`; use one of ${OPERATORS.join(', ')}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      node: opPair.key,
    });
    return undefined;
  }
  const valueNode = deref(opPair.value);
  const bad = (message: string) => {
    problems.push({ code: 'rule-pack-invalid-condition', message, node: valueNode ?? opPair.value });
    return undefined;
  };
  if (!valueNode) return bad('The operator needs a value.');
  if (op === 'in') {
    if (valueNode.kind !== 'seq' || valueNode.items.length === 0) return bad('`in` takes a non-empty list of values.');
    if (valueNode.items.length > CONDITION_LIMITS.maxListValues) return bad(`\`in\` takes at most ${CONDITION_LIMITS.maxListValues} values.`);
    const values: Scalar[] = [];
    for (const item of valueNode.items) {
      const s = asScalar(item);
      if (!s || s.value === null) return bad('The values of `in` are plain strings, numbers or booleans.');
      values.push(typeof s.value === 'string' ? s.text : s.value);
    }
    return { kind: 'leaf', fact, op, value: values };
  }
  const scalar = asScalar(valueNode);
  if (!scalar || scalar.value === null || scalar.empty) return bad(`\`${op}\` takes a single value (a string, number or boolean).`);
  const value: Scalar = typeof scalar.value === 'string' ? scalar.text : scalar.value;
  if (op === 'exists' && typeof value !== 'boolean') return bad('`exists` takes `true` or `false`.');
  if (op === 'is' && spec.type === 'boolean' && typeof value !== 'boolean') return bad(`\`${fact}\` is true or false; write \`is: true\` or \`is: false\`.`);
  if (op === 'is' && spec.type === 'list') return bad(`\`${fact}\` is a list; use \`includes\` or \`in\`.`);
  if (op === 'includes' && spec.type !== 'list') return bad(`\`${fact}\` is not a list; use \`is\` or \`equals\`.`);
  return { kind: 'leaf', fact, op, value };
}

/** One fact test that contributed to a condition being true. */
export interface Evidence {
  fact: string;
  op: Operator;
  value: Scalar | Scalar[];
  /** The fact's value as read. */
  actual: FactValue;
  negated: boolean;
}

export class EvaluationLimitError extends Error {}

/** Shared step budget for one analysis run (bounds the total work whatever the rule packs say). */
export interface Budget {
  steps: number;
}

export const MAX_EVALUATION_STEPS = 2_000_000;

/**
 * Evaluates a condition. `read` gives a fact's value. Returns whether it holds and, when it does,
 * the fact tests that made it hold (for `any`, the first true branch). Without a budget nothing is
 * counted: the engine decides with compiled conditions (which count the same steps) and calls this
 * only for the evidence of a condition it already knows holds.
 */
export function evaluate(
  condition: Condition,
  read: (fact: string) => FactValue,
  budget: Budget | undefined,
  negated = false,
): { value: boolean; evidence: Evidence[] } {
  if (budget && ++budget.steps > MAX_EVALUATION_STEPS) throw new EvaluationLimitError('The analysis exceeded its evaluation budget.');
  switch (condition.kind) {
    case 'all': {
      const evidence: Evidence[] = [];
      for (const item of condition.items) {
        const r = evaluate(item, read, budget, negated);
        if (!r.value) return { value: false, evidence: [] };
        evidence.push(...r.evidence);
      }
      return { value: true, evidence };
    }
    case 'any': {
      for (const item of condition.items) {
        const r = evaluate(item, read, budget, negated);
        if (r.value) return r;
      }
      return { value: false, evidence: [] };
    }
    case 'not': {
      const r = evaluate(condition.item, read, budget, !negated);
      // The evidence of a true `not` is the tests that came out false; we report them negated.
      return r.value ? { value: false, evidence: [] } : { value: true, evidence: negatedEvidence(condition.item, read, !negated) };
    }
    case 'leaf': {
      const actual = read(condition.fact);
      const value = test(condition.op, actual, condition.value);
      return { value, evidence: value ? [{ fact: condition.fact, op: condition.op, value: condition.value, actual, negated }] : [] };
    }
  }
}

/** For a false condition under `not`: the leaf tests, reported as "not ...". */
function negatedEvidence(condition: Condition, read: (fact: string) => FactValue, negated: boolean): Evidence[] {
  if (condition.kind === 'leaf') {
    return [{ fact: condition.fact, op: condition.op, value: condition.value, actual: read(condition.fact), negated }];
  }
  if (condition.kind === 'not') return [];
  return condition.items.flatMap((c) => negatedEvidence(c, read, negated)).slice(0, 8);
}

export function test(op: Operator, actual: FactValue, expected: Scalar | Scalar[]): boolean {
  switch (op) {
    case 'is':
      if (typeof expected === 'boolean') return (actual === true) === expected;
      return actual === String(expected);
    case 'equals':
    case 'includes':
      if (Array.isArray(actual)) return actual.includes(String(expected));
      if (typeof expected === 'boolean') return actual === expected;
      return actual === String(expected);
    case 'in': {
      const values = (expected as Scalar[]).map(String);
      if (Array.isArray(actual)) return actual.some((a) => values.includes(a));
      if (actual === undefined) return false;
      return values.includes(String(actual));
    }
    case 'exists': {
      const present = Array.isArray(actual) ? actual.length > 0 : actual !== undefined && actual !== false && actual !== '';
      return present === expected;
    }
  }
}

/** "element.ml_role includes inference_api", "not flow.authenticated is true". */
export function describeEvidence(e: Evidence): string {
  return describeWithCore(e, evidenceCore(e));
}

/** `describeEvidence` with the test's text already made (`evidenceCore`). */
export function describeWithCore(e: Evidence, core: string): string {
  if (e.negated) return `not (${core}); it is ${actualText(e.actual)}`;
  if (e.op === 'is' || e.op === 'exists' || (Array.isArray(e.actual) && e.op !== 'in')) return core;
  return `${core} (${actualText(e.actual)})`;
}

/** The test itself, "element.ml_role includes inference_api" (the same for every target). */
export function evidenceCore(e: Pick<Evidence, 'fact' | 'op' | 'value'>): string {
  const v = Array.isArray(e.value) ? `[${e.value.join(', ')}]` : String(e.value);
  return `${e.fact} ${e.op} ${v}`;
}

function actualText(actual: FactValue): string {
  return Array.isArray(actual) ? `[${actual.join(', ')}]` : actual === undefined ? 'unset' : String(actual);
}
