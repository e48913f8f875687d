// Rule conditions and templates compiled once per rule into closures (never into code: nothing
// from a rule pack is executed). A compiled condition decides exactly as `evaluate` does and
// counts the same steps against the same budget; it only skips building evidence, which the
// engine asks `evaluate` for when a condition has held.
import { describeWithCore, evidenceCore, EvaluationLimitError, MAX_EVALUATION_STEPS, test, type Budget, type Condition, type Evidence, type Operator, type Scalar } from './conditions';
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

/** Evidence with the text of its test, made once per leaf. */
export interface FoundEvidence extends Evidence {
  core: string;
}

/** The evidence of a condition known to hold, as `evaluate` reports it. */
export type EvidenceCollector = (target: FactTarget, out: FoundEvidence[]) => void;

/** For re-deciding `any` branches while collecting: steps were counted when the condition was decided. */
const UNCOUNTED: Budget = { steps: -Infinity };

/**
 * Compiles the evidence of a condition, for targets it holds on: an `all` gives the evidence of
 * every item, an `any` that of its first true item, a `not` the tests under it (negated, at most
 * 8 per list), a leaf itself. Undefined for node kinds `evaluate` does not know (hand-built).
 */
export function compileEvidence(condition: Condition, scope: Scope): EvidenceCollector | undefined {
  if (!knownKinds(condition)) return undefined;
  return collector(condition, scope);
}

function knownKinds(c: Condition): boolean {
  if (c.kind === 'leaf') return true;
  if (c.kind === 'not') return knownKinds(c.item);
  if (c.kind === 'all' || c.kind === 'any') return Array.isArray(c.items) && c.items.every(knownKinds);
  return false;
}

function collector(condition: Condition, scope: Scope): EvidenceCollector {
  switch (condition.kind) {
    case 'all': {
      const items = condition.items.map((c) => collector(c, scope));
      return (t, out) => {
        for (const item of items) item(t, out);
      };
    }
    case 'any': {
      const tests = condition.items.map((c) => compilePredicate(c, scope));
      const items = condition.items.map((c) => collector(c, scope));
      return (t, out) => {
        for (let i = 0; i < items.length; i++) {
          if (tests[i](t, UNCOUNTED)) return items[i](t, out);
        }
      };
    }
    case 'not': {
      const negated = negatedCollector(condition.item, scope);
      return (t, out) => {
        for (const e of negated(t)) out.push(e);
      };
    }
    default: {
      const leaf = condition as Extract<Condition, { kind: 'leaf' }>;
      const read = factReader(leaf.fact, scope);
      const core = evidenceCore(leaf);
      return (t, out) => {
        out.push({ fact: leaf.fact, op: leaf.op, value: leaf.value, actual: read(t), negated: false, core });
      };
    }
  }
}

/** The leaf tests under a false condition in a true `not`, reported negated. */
function negatedCollector(condition: Condition, scope: Scope): (t: FactTarget) => FoundEvidence[] {
  if (condition.kind === 'leaf') {
    const read = factReader(condition.fact, scope);
    const core = evidenceCore(condition);
    return (t) => [{ fact: condition.fact, op: condition.op, value: condition.value, actual: read(t), negated: true, core }];
  }
  if (condition.kind === 'not') return () => [];
  const items = (condition as Extract<Condition, { kind: 'all' | 'any' }>).items.map((c) => negatedCollector(c, scope));
  return (t) => items.flatMap((item) => item(t)).slice(0, 8);
}

/** `describeEvidence` for collected evidence. */
export function describeFound(e: FoundEvidence): string {
  // Texts with a plain value ("element.type in [process, data_store] (process)") repeat across
  // thousands of proposals: kept per test and value (a bounded number), one string each.
  if (e.negated || typeof e.actual !== 'string') return describeWithCore(e, e.core);
  let byValue = described.get(e.core);
  if (!byValue) {
    if (described.size >= 10_000) return describeWithCore(e, e.core);
    described.set(e.core, (byValue = new Map()));
  }
  let text = byValue.get(e.actual);
  if (text === undefined) {
    text = describeWithCore(e, e.core);
    if (byValue.size < 256) byValue.set(e.actual, text);
  }
  return text;
}

const described = new Map<string, Map<string, string>>();

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
  // Joined rather than concatenated: one flat string per text instead of a chain of pieces. The
  // parts list is reused (filling is synchronous), so a fill leaves no garbage but its result.
  const parts: string[] = [];
  return (values) => {
    parts.length = 0;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      parts.push(texts[i], Object.prototype.hasOwnProperty.call(values, name) ? values[name] : `{${name}}`);
    }
    parts.push(tail);
    return parts.join('');
  };
}
