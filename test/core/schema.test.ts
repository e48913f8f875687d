import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml, deref, type YNode } from '../../src/core';
import { buildJsonSchema, jsonSchemaText, type JsonSchema } from '../../src/core/schema/jsonSchema';
import { TOP_LEVEL_FIELDS, THREAT_FIELDS } from '../../src/core/schema/fields';

const root = join(__dirname, '..', '..', '..');
const EXAMPLES = ['spam-classifier', 'federated-imaging', 'rag-assistant'];

/** The YAML tree as plain JSON values, with the product's own scalar resolution (dates stay text). */
function toPlain(raw: YNode | undefined): unknown {
  const node = deref(raw);
  if (!node) return null;
  switch (node.kind) {
    case 'scalar':
      return node.empty ? null : node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const p of node.pairs) if (!(p.keyText in out)) out[p.keyText] = toPlain(p.value);
      return out;
    }
    case 'alias':
      return null;
  }
}

function load(text: string): unknown {
  const parsed = parseYaml(text);
  assert.ok(parsed.ok, 'fixture must be valid YAML');
  return toPlain(parsed.root);
}

/**
 * A small JSON Schema validator for exactly the keywords the generator emits: type, enum, pattern,
 * minimum, maximum, properties, required, patternProperties, additionalProperties:false, items,
 * oneOf and local $ref. It returns the JSON-pointer-ish paths of violations. Any other keyword
 * fails loudly, so the validator cannot silently ignore something the schema starts using.
 */
const KNOWN = new Set([
  '$schema', '$id', 'title', 'description', 'type', 'enum', 'pattern', 'minimum', 'maximum', 'properties',
  'required', 'patternProperties', 'additionalProperties', 'items', 'oneOf', '$ref', 'definitions',
]);

function validate(schema: JsonSchema, value: unknown, rootSchema: JsonSchema, path = ''): string[] {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`validator does not know keyword ${key}`);
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    const target = (rootSchema.definitions as Record<string, JsonSchema>)[name];
    if (!target) return [`${path}: unresolved $ref ${schema.$ref}`];
    return validate(target, value, rootSchema, path);
  }
  const errors: string[] = [];
  if (Array.isArray(schema.oneOf)) {
    const passing = (schema.oneOf as JsonSchema[]).filter((s) => validate(s, value, rootSchema, path).length === 0);
    if (passing.length !== 1) errors.push(`${path}: matches ${passing.length} of oneOf`);
    return errors;
  }
  if (schema.type) {
    const t = schema.type as string;
    const ok =
      t === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value)
      : t === 'array' ? Array.isArray(value)
      : t === 'integer' ? Number.isInteger(value)
      : typeof value === t;
    if (!ok) return [`${path}: expected ${t}, got ${JSON.stringify(value)}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) errors.push(`${path}: below minimum`);
  if (typeof schema.maximum === 'number' && typeof value === 'number' && value > schema.maximum) errors.push(`${path}: above maximum`);
  if (schema.type === 'array' && schema.items) {
    (value as unknown[]).forEach((v, i) => errors.push(...validate(schema.items as JsonSchema, v, rootSchema, `${path}/${i}`)));
  }
  if (schema.type === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, JsonSchema>);
    for (const req of (schema.required ?? []) as string[]) if (!(req in obj)) errors.push(`${path}: missing ${req}`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) errors.push(...validate(props[k], v, rootSchema, `${path}/${k}`));
      else {
        const pattern = patterns.find(([p]) => new RegExp(p, 'u').test(k));
        if (pattern) errors.push(...validate(pattern[1], v, rootSchema, `${path}/${k}`));
        else if (schema.additionalProperties === false) errors.push(`${path}: additional property ${k}`);
      }
    }
  }
  return errors;
}

describe('core: JSON Schema', () => {
  const schema = buildJsonSchema();

  it('the committed schemas/threatmodel.schema.json is up to date with fields.ts (run npm run gen)', () => {
    const committed = readFileSync(join(root, 'schemas', 'threatmodel.schema.json'), 'utf8');
    assert.equal(committed, jsonSchemaText(), 'schemas/threatmodel.schema.json is stale: run npm run gen');
  });

  it('declares every top-level key, closes mappings and allows x- extension keys', () => {
    const props = schema.properties as Record<string, JsonSchema>;
    assert.deepEqual(Object.keys(props), Object.keys(TOP_LEVEL_FIELDS));
    assert.deepEqual(schema.required, ['threatmodel']);
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.patternProperties, { '^x-': {} });
    const threat = (schema.definitions as Record<string, JsonSchema>).threat;
    assert.deepEqual(Object.keys(threat.properties as object), Object.keys(THREAT_FIELDS));
    assert.deepEqual(threat.required, ['id', 'title', 'target']);
  });

  it('uses oneOf for the one-or-list shorthand and keeps descriptions and patterns', () => {
    const threat = (schema.definitions as Record<string, JsonSchema>).threat.properties as Record<string, JsonSchema>;
    assert.equal(threat.stride.description, THREAT_FIELDS.stride.doc);
    const [one, many] = threat.stride.oneOf as JsonSchema[];
    assert.equal(one.type, 'string');
    assert.ok((one.enum as string[]).includes('information_disclosure'));
    assert.equal(many.type, 'array');
    const atlasItem = (threat.atlas.oneOf as JsonSchema[])[0];
    assert.ok(new RegExp(atlasItem.pattern as string).test('AML.T0051.000'));
    assert.ok(!new RegExp(atlasItem.pattern as string).test('AML.M0004'));
    const evidenceItem = ((schema.definitions as Record<string, JsonSchema>).mitigation.properties as Record<string, JsonSchema>).evidence.items as JsonSchema;
    assert.equal((evidenceItem.oneOf as JsonSchema[])[0].type, 'string');
    assert.equal((evidenceItem.oneOf as JsonSchema[])[1].$ref, '#/definitions/evidence');
    const children = ((schema.definitions as Record<string, JsonSchema>).attackNode.properties as Record<string, JsonSchema>).children;
    assert.equal((children.items as JsonSchema).$ref, '#/definitions/attackNode');
  });

  for (const name of EXAMPLES) {
    it(`validates examples/${name}.threatmodel`, () => {
      const value = load(readFileSync(join(root, 'examples', `${name}.threatmodel`), 'utf8'));
      assert.deepEqual(validate(schema, value, schema), []);
    });
  }

  it('rejects invalid models, naming the offending path', () => {
    const bad = load(
      [
        'threatmodel: 2',
        'elements:',
        '  - id: "bad id"',
        '    type: proces',
        '    internet_facing: yes',
        'threats:',
        '  - id: t1',
        '    title: x',
        '    target: [a, b]',
        '    stride: spoofing',
        '    atlas: AML.M0004',
        '    dread: { damage: high }',
        '    review_by: 30.6.2026',
        '    colour: red',
        'x-team: allowed',
        'mitigations:',
        '  - title: no id',
      ].join('\n'),
    );
    const errors = validate(schema, bad, schema);
    const expected = [
      ': above maximum',
      '/elements/0/id: "bad id" does not match',
      '/elements/0/type: "proces" not in enum',
      '/elements/0/internet_facing: expected boolean',
      '/threats/0/atlas: matches 0 of oneOf',
      '/threats/0/dread/damage: expected number',
      '/threats/0/review_by: "30.6.2026" does not match',
      '/threats/0: additional property colour',
      '/mitigations/0: missing id',
    ];
    for (const e of expected) assert.ok(errors.some((x) => x.startsWith(e) || x.includes(e)), `expected an error like '${e}' in ${JSON.stringify(errors, null, 1)}`);
    assert.equal(errors.length, expected.length, JSON.stringify(errors, null, 1));
  });

  it('rejects a top level without the version and with unknown keys', () => {
    const errors = validate(schema, load('title: x\nelemnts: []\n'), schema);
    assert.deepEqual(errors, [': missing threatmodel', ': additional property elemnts']);
  });
});
