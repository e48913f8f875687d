// Rule conditions and templates compiled once per rule into closures (never into code: nothing
// from a rule pack is executed). A compiled condition decides exactly as `evaluate` does and
// counts the same steps against the same budget; it only skips building evidence, which the
// engine asks `evaluate` for when a condition has held.
import { EvaluationLimitError, MAX_EVALUATION_STEPS, test, type Budget, type Condition, type Operator, type Scalar } from './conditions';
import { ELEMENT_SLOTS, FLOW_SLOTS, readFactByName, type FactTarget, type FlowTarget } from './factContext';
import type { FactValue, Scope } from './facts';

export type Predicate = (target: FactTarget, budget: Budget) => boolean;
export type FactReader = (target: FactTarget) => FactValue;

const readers: Record<Scope, Map<string, FactReader>> = { element: new Map(), flow: new Map() };

/** Reads a dotted fact for targets of a scope: a slot of the target or of a flow endpoint. */
export function factReader(name: string, scope: Scope): FactReader {
  let reader = readers[scope].get(name);
  if (!reader) {
    reader = makeReader(name, scope);
    // Bounded: rule packs have a bounded number of facts, but user packs come and go.
    if (readers[scope].size < 10_000) readers[scope].set(name, reader);
  }
  return reader;
}

const NOTHING: FactReader = () => undefined;

function makeReader(name: string, scope: Scope): FactReader {
  const dot = name.indexOf('.');
  if (dot >= 0) {
    const prefix = name.slice(0, dot);
    const key = name.slice(dot + 1);
    if (prefix === 'element' || prefix === 'flow') {
      const slot = (scope === 'element' ? ELEMENT_SLOTS : FLOW_SLOTS).get(key);
      return slot === undefined ? NOTHING : (t) => t.fact(slot);
    }
    if (scope === 'flow' && (prefix === 'from' || prefix === 'to')) {
      const slot = ELEMENT_SLOTS.get(key);
      if (slot === undefined) return NOTHING;
      return prefix === 'from' ? (t) => (t as FlowTarget).fromTarget?.fact(slot) : (t) => (t as FlowTarget).toTarget?.fact(slot);
    }
  }
  // Anything else (only hand-built conditions get here): the general lookup.
  return (t) => readFactByName(name, t);
}

function limit(): never {
  throw new EvaluationLimitError('The analysis exceeded its evaluation budget.');
}

/** Compiles a condition for targets of a scope. */
export function compilePredicate(condition: Condition, scope: Scope): Predicate {
  switch (condition.kind) {
    case 'all': {
      const items = condition.items.map((c) => compilePredicate(c, scope));
      return (t, b) => {
        if (++b.steps > MAX_EVALUATION_STEPS) limit();
        for (let i = 0; i < items.length; i++) if (!items[i](t, b)) return false;
        return true;
      };
    }
    case 'any': {
      const items = condition.items.map((c) => compilePredicate(c, scope));
      return (t, b) => {
        if (++b.steps > MAX_EVALUATION_STEPS) limit();
        for (let i = 0; i < items.length; i++) if (items[i](t, b)) return true;
        return false;
      };
    }
    case 'not': {
      const item = compilePredicate(condition.item, scope);
      return (t, b) => {
        if (++b.steps > MAX_EVALUATION_STEPS) limit();
        return !item(t, b);
      };
    }
    case 'leaf': {
      const read = factReader(condition.fact, scope);
      const check = compileTest(condition.op, condition.value);
      return (t, b) => {
        if (++b.steps > MAX_EVALUATION_STEPS) limit();
        return check(read(t));
      };
    }
    default:
      // An unknown node (hand-built) is false, as in `evaluate`.
      return (_t, b) => {
        if (++b.steps > MAX_EVALUATION_STEPS) limit();
        return false;
      };
  }
}

/** `test(op, actual, expected)` with `expected` worked out once. */
export function compileTest(op: Operator, expected: Scalar | Scalar[]): (actual: FactValue) => boolean {
  switch (op) {
    case 'is': {
      if (typeof expected === 'boolean') return (a) => (a === true) === expected;
      const s = String(expected);
      return (a) => a === s;
    }
    case 'equals':
    case 'includes': {
      if (Array.isArray(expected)) break;
      const s = String(expected);
      if (typeof expected === 'boolean') return (a) => (Array.isArray(a) ? a.includes(s) : a === expected);
      return (a) => (Array.isArray(a) ? a.includes(s) : a === s);
    }
    case 'in': {
      if (!Array.isArray(expected)) break;
      const values = new Set(expected.map(String));
      return (a) => {
        if (Array.isArray(a)) {
          for (let i = 0; i < a.length; i++) if (values.has(a[i])) return true;
          return false;
        }
        return a !== undefined && values.has(String(a));
      };
    }
    case 'exists':
      return (a) => (Array.isArray(a) ? a.length > 0 : a !== undefined && a !== false && a !== '') === expected;
  }
  return (a) => test(op, a, expected);
}

export type Template = (values: Record<string, string>) => string;

/** `fillTemplate` with the template split once into text and placeholder names. */
export function compileTemplate(template: string): Template {
  const texts: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
    texts.push(template.slice(last, m.index));
    names.push(m[1]);
    last = m.index! + m[0].length;
  }
  const tail = template.slice(last);
  if (names.length === 0) return () => template;
  return (values) => {
    let out = '';
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      out += texts[i] + (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : `{${name}}`);
    }
    return out + tail;
  };
}
