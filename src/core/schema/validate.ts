// Checks the YAML tree against the field declarations: unknown keys (with "did you mean"),
// missing required keys, wrong types, enum values, id syntax and patterns. Each problem is
// anchored to the exact key or value. Iterative over the tree, linear in its size.
import type { Diagnostic } from '../diagnostics/types';
import { closest } from '../text/similar';
import { hasPlainValueAt, indexOfKey, itemTextOf, itemValueOf, keyAt, keyTextAt, pairCount, SeqNode, scalarValueAt, valueAt, valueTextAt } from '../yaml/nodes';
import { deref, type ScalarValue, type YMap, type YNode, type YScalar } from '../yaml/tree';
import { ID_PATTERN, TOP_LEVEL_FIELDS, type FieldSpec } from './fields';

const MAX_DIAGNOSTICS_PER_KIND = 500;

/**
 * The key a value sits under: its mapping and pair index (keyIndex -1: none, a list item). Key
 * nodes are made on demand (yaml/nodes.ts MapNode) and only a diagnostic needs one, so the check
 * carries where the key is, not its node; work items are KeyRefs themselves.
 */
interface KeyRef {
  keyMap?: YMap;
  keyIndex: number;
}

interface WorkItem extends KeyRef {
  node: YNode;
  spec: FieldSpec;
}

function keyNodeOf(key: KeyRef | undefined): YNode | undefined {
  return key && key.keyMap && key.keyIndex >= 0 ? keyAt(key.keyMap, key.keyIndex) : undefined;
}

export function validateSchema(root: YNode | undefined, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const node = deref(root);
  if (!node || (node.kind === 'scalar' && (node.empty || node.value === null))) {
    if (text.trim() === '' || !node) {
      out.push({ code: 'empty-model', severity: 'error', message: 'The file is empty: a threat model starts with `threatmodel: 1`.', start: 0, end: 0 });
      return out;
    }
  }
  if (!node || node.kind !== 'map') {
    const n = node ?? { start: 0, end: 0 };
    out.push({
      code: 'invalid-root',
      severity: 'error',
      message: `The top level must be a mapping (keys such as \`threatmodel:\`, \`elements:\`, \`flows:\`), not ${describe(node)}.`,
      start: n.start,
      end: Math.min(n.end, lineEnd(text, n.start)),
    });
    return out;
  }
  const version = indexOfKey(node, 'threatmodel');
  if (version < 0) {
    out.push({
      code: 'missing-version',
      severity: 'error',
      message: 'Missing `threatmodel: 1` at the top of the file (the format version).',
      start: node.start,
      end: lineEnd(text, node.start),
    });
  } else {
    const v = deref(valueAt(node, version));
    if (v && v.kind === 'scalar' && typeof v.value === 'number' && v.value !== 1) {
      out.push({
        code: 'unsupported-version',
        severity: 'error',
        message: `Format version ${v.text} is not supported; this extension reads version 1.`,
        start: v.start,
        end: v.end,
      });
    }
  }
  const work: WorkItem[] = [];
  checkMap(node, TOP_LEVEL_FIELDS, undefined, out, work, true);
  while (work.length > 0) {
    const item = work.pop()!;
    checkValue(item.node, item.spec, item, out, work);
    if (out.length > MAX_DIAGNOSTICS_PER_KIND * 4) break;
  }
  return out;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return text[end - 1] === '\r' ? end - 1 : end;
}

export function describe(node: YNode | undefined): string {
  if (!node) return 'nothing';
  switch (node.kind) {
    case 'map':
      return 'a mapping';
    case 'seq':
      return node.items.length === 0 ? 'an empty list' : 'a list';
    case 'alias':
      return 'an alias';
    case 'scalar':
      if (node.empty || node.value === null) return 'an empty value';
      if (typeof node.value === 'boolean') return `the boolean \`${node.text}\``;
      if (typeof node.value === 'number') return `the number \`${node.text}\``;
      return `the text \`${truncate(node.text)}\``;
  }
}

function truncate(s: string): string {
  const oneLine = s.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}

function checkMap(
  map: YMap,
  fields: Record<string, FieldSpec>,
  key: KeyRef | undefined,
  out: Diagnostic[],
  work: WorkItem[],
  isRoot = false,
): void {
  const { names, required } = keysOf(fields);
  const count = pairCount(map);
  for (let i = 0; i < count; i++) {
    const keyText = keyTextAt(map, i);
    const spec = fields[keyText];
    if (!spec) {
      if (keyText.startsWith('x-')) continue;
      const suggestion = closest(keyText, names);
      const keyNode = keyAt(map, i);
      out.push({
        code: 'unknown-key',
        severity: 'warning',
        message: suggestion
          ? `Unknown key '${keyText}'. Did you mean '${suggestion}'?`
          : `Unknown key '${keyText}'. Expected one of: ${names.join(', ')}.`,
        start: keyNode.start,
        end: keyNode.end,
        data: suggestion ? { suggestion } : undefined,
      });
      continue;
    }
    if (hasPlainValueAt(map, i)) {
      if (plainIsValid(valueTextAt(map, i), scalarValueAt(map, i), spec)) continue;
    } else {
      const value = valueAt(map, i);
      if (value instanceof SeqNode && value.onePlainItem && oneItemIsValid(value, spec)) continue;
    }
    work.push({ node: valueAt(map, i), spec, keyMap: map, keyIndex: i });
  }
  if (isRoot) return;
  for (let r = 0; r < required.length; r++) {
    const name = required[r];
    if (indexOfKey(map, name) < 0) {
      const anchor = (count === 0 ? keyNodeOf(key) : keyAt(map, 0)) ?? map;
      out.push({
        code: 'missing-key',
        severity: 'error',
        message: `Missing required key '${name}'.`,
        start: anchor.start,
        end: anchor.end,
        data: { key: name },
      });
    }
  }
}

/** The keys of a field table, and its required ones: worked out once per table, not per mapping. */
const tableKeys = new Map<Record<string, FieldSpec>, { names: string[]; required: string[] }>();

function keysOf(fields: Record<string, FieldSpec>): { names: string[]; required: string[] } {
  let keys = tableKeys.get(fields);
  if (!keys) {
    const names = Object.keys(fields);
    keys = { names, required: names.filter((name) => fields[name].required) };
    tableKeys.set(fields, keys);
  }
  return keys;
}

/** An invalid-type diagnostic for `value`, anchored at `at` (the value itself, or the alias to it). */
function reportTypeError(at: YNode, value: YNode, expected: string, out: Diagnostic[], key?: KeyRef): void {
  const keyNode = value.kind === 'scalar' && value.empty ? keyNodeOf(key) : undefined;
  const anchor = keyNode ?? at;
  out.push({
    code: 'invalid-type',
    severity: 'error',
    message: `Expected ${expected}, found ${describe(value)}.`,
    start: anchor.start,
    end: anchor.kind === 'scalar' || anchor.kind === 'alias' || anchor === keyNode ? anchor.end : Math.min(anchor.end, anchor.start + 1),
  });
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with a non-empty scalar as a value of `spec` (see scalarVerdict). */
type ScalarVerdict = 'ok' | 'type' | 'date' | 'pattern' | 'id' | 'enum';

/**
 * The schema's rules for one non-empty scalar, given its text and resolved value: the one place
 * they are written, read by checkValue (which turns a verdict into its diagnostic) and by the
 * fast path for plain values held by their mapping, which skips checkValue when the verdict is 'ok'.
 * For enum, ref and string-list the scalar is one item (lists are checked item by item).
 */
function scalarVerdict(spec: FieldSpec, text: string, value: ScalarValue | undefined): ScalarVerdict {
  switch (spec.type) {
    case 'string':
    case 'string-list':
      return spec.pattern && !spec.pattern.test(text) ? 'pattern' : 'ok';
    case 'date':
      return DATE.test(text) ? 'ok' : 'date';
    case 'id':
      return ID_PATTERN.test(text) ? 'ok' : 'id';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? 'ok' : 'type';
    case 'number':
      return typeof value === 'number' ? 'ok' : 'type';
    case 'boolean':
      return typeof value === 'boolean' ? 'ok' : 'type';
    case 'enum':
      return spec.values.includes(text) ? 'ok' : 'enum';
    case 'ref':
      return 'ok';
    case 'map':
      return spec.scalarShorthand ? 'ok' : 'type';
    case 'list':
      return 'type';
  }
}

/**
 * True when checkValue would find nothing wrong with a plain scalar value held by its mapping (see
 * yaml/nodes.ts MapNode), given its text (as scalarTextOf gives it) and value; read without making
 * the value's node, which only a diagnostic needs. False means: check it with checkValue.
 */
function plainIsValid(text: string | undefined, value: ScalarValue | undefined, spec: FieldSpec): boolean {
  if (text === undefined) return !spec.required; // empty or null: allowed for optional keys
  return scalarVerdict(spec, text, value) === 'ok';
}

/** True when checkValue would find nothing wrong with a list of one plain scalar (see yaml/nodes.ts SeqNode); false: check it. */
function oneItemIsValid(seq: SeqNode, spec: FieldSpec): boolean {
  const text = itemTextOf(seq);
  if (text === null) return false;
  switch (spec.type) {
    case 'enum':
    case 'ref':
    case 'string-list':
      if (spec.type !== 'string-list' && spec.oneOrMany !== true) return false;
      return text === undefined || scalarVerdict(spec, text, itemValueOf(seq)) === 'ok'; // an empty item is skipped
    case 'list':
      return plainIsValid(text, itemValueOf(seq), spec.item);
    default:
      return false;
  }
}

function isEmptyScalar(node: YNode): boolean {
  return node.kind === 'scalar' && (node.empty || node.value === null);
}

function checkValue(
  raw: YNode,
  spec: FieldSpec,
  key: KeyRef | undefined,
  out: Diagnostic[],
  work: WorkItem[],
): void {
  const node = deref(raw);
  if (!node) return;
  // A wrong type through an alias is reported at the alias (the use), not at the anchored node.
  const typeError = (at: YNode, expected: string, diagnostics: Diagnostic[], key?: KeyRef): void =>
    reportTypeError(at === node && raw.kind === 'alias' ? raw : at, at, expected, diagnostics, key);
  // An empty value is allowed for optional keys (the user is typing); required ones are flagged.
  if (isEmptyScalar(node)) {
    if (spec.required) typeError(node, expectedOf(spec), out, key);
    return;
  }
  switch (spec.type) {
    case 'string':
    case 'date': {
      if (node.kind !== 'scalar') return typeError(node, expectedOf(spec), out, key);
      const verdict = scalarVerdict(spec, node.text, node.value);
      if (verdict === 'date') {
        out.push({ code: 'invalid-value', severity: 'error', message: `Expected a date as YYYY-MM-DD, found '${truncate(node.text)}'.`, start: node.start, end: node.end });
      }
      if (verdict === 'pattern' && spec.type === 'string') {
        out.push({ code: 'invalid-value', severity: 'error', message: `'${truncate(node.text)}' is not ${spec.patternHint ?? 'valid here'}.`, start: node.start, end: node.end });
      }
      return;
    }
    case 'id': {
      if (node.kind !== 'scalar') return typeError(node, 'an id', out, key);
      if (scalarVerdict(spec, node.text, node.value) === 'id') {
        out.push({
          code: 'invalid-id',
          severity: 'error',
          message: `'${truncate(node.text)}' is not a valid id: use letters, digits and _ . : - (starting with a letter or digit).`,
          start: node.start,
          end: node.end,
        });
      }
      return;
    }
    case 'integer':
    case 'number': {
      if (node.kind !== 'scalar' || scalarVerdict(spec, node.text, node.value) === 'type') {
        return typeError(node, spec.type === 'integer' ? 'a whole number' : 'a number', out, key);
      }
      return;
    }
    case 'boolean': {
      if (node.kind !== 'scalar' || scalarVerdict(spec, node.text, node.value) === 'type') return typeError(node, '`true` or `false`', out, key);
      return;
    }
    case 'enum':
    case 'ref':
    case 'string-list': {
      const items = listOrOne(node, spec.type === 'string-list' || ('oneOrMany' in spec && spec.oneOrMany === true));
      if (!items) return typeError(node, expectedOf(spec), out, key);
      // A required key needs at least one value: `target: []` leaves a threat without a target.
      if (spec.required && items.length === 0) {
        return reportTypeError(raw.kind === 'alias' ? raw : node, node, `at least one ${spec.type === 'ref' ? 'id' : 'value'}`, out, key);
      }
      for (const itemRaw of items) {
        const item = deref(itemRaw);
        if (!item) continue;
        if (item.kind !== 'scalar' || isEmptyScalar(item)) {
          if (!isEmptyScalar(item)) typeError(item, spec.type === 'ref' ? 'an id' : 'a text value', out);
          continue;
        }
        const verdict = scalarVerdict(spec, item.text, item.value);
        if (verdict === 'enum' && spec.type === 'enum') {
          const suggestion = closest(item.text, spec.values);
          out.push({
            code: 'invalid-value',
            severity: 'error',
            message: `'${truncate(item.text)}' is not allowed here${suggestion ? `; did you mean '${suggestion}'?` : ''} Expected one of: ${spec.values.join(', ')}.`,
            start: item.start,
            end: item.end,
            data: suggestion ? { suggestion } : undefined,
          });
        } else if (verdict === 'pattern' && spec.type === 'string-list') {
          out.push({ code: 'invalid-value', severity: 'error', message: `'${truncate(item.text)}' is not ${spec.patternHint ?? 'valid here'}.`, start: item.start, end: item.end });
        }
      }
      return;
    }
    case 'map': {
      if (node.kind === 'scalar' && scalarVerdict(spec, node.text, node.value) === 'ok') return; // the scalar shorthand
      if (node.kind !== 'map') return typeError(node, expectedOf(spec), out, key);
      checkMap(node, spec.fields(), key, out, work);
      return;
    }
    case 'list': {
      if (node.kind !== 'seq') return typeError(node, 'a list', out, key);
      for (let i = node.items.length - 1; i >= 0; i--) work.push({ node: node.items[i], spec: spec.item, keyMap: undefined, keyIndex: -1 });
      return;
    }
  }
}

/** A scalar or a list of scalars, as the spec allows; undefined when the shape is wrong. */
function listOrOne(node: YNode, many: boolean): YNode[] | undefined {
  if (node.kind === 'seq') return many ? node.items : undefined;
  if (node.kind === 'scalar') return [node as YScalar];
  return undefined;
}

export function expectedOf(spec: FieldSpec): string {
  switch (spec.type) {
    case 'string':
      return 'a text value';
    case 'date':
      return 'a date (YYYY-MM-DD)';
    case 'id':
      return 'an id';
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return '`true` or `false`';
    case 'enum':
      return spec.oneOrMany ? `one or a list of: ${spec.values.join(', ')}` : `one of: ${spec.values.join(', ')}`;
    case 'ref':
      return spec.oneOrMany ? 'an id or a list of ids' : 'an id';
    case 'string-list':
      return 'a list of text values';
    case 'map':
      return spec.scalarShorthand ? `a mapping or a ${spec.scalarShorthand}` : 'a mapping';
    case 'list':
      return 'a list';
  }
}
