// The JSON Schema (draft-07) of the .threatmodel format, derived from the declarations in
// `fields.ts`. `npm run gen` writes it to `schemas/threatmodel.schema.json`; a test regenerates it
// in memory and compares, so the committed file never drifts from the declarations.
import {
  ATTACK_NODE_FIELDS,
  ATTACK_TREE_FIELDS,
  BOUNDARY_FIELDS,
  DATA_ASSET_FIELDS,
  DREAD_FIELDS,
  ELEMENT_FIELDS,
  EVIDENCE_FIELDS,
  FLOW_FIELDS,
  ID_PATTERN,
  MITIGATION_FIELDS,
  SUPPRESSION_FIELDS,
  THREAT_FIELDS,
  TOP_LEVEL_FIELDS,
  VALIDATION_FIELDS,
  type FieldSpec,
} from './fields';

export type JsonSchema = { [key: string]: unknown };

export const SCHEMA_ID = 'https://threatmodel-as-code.invalid/schemas/threatmodel.schema.json';
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
/** Keys matching this pattern are user extensions, allowed in every mapping. */
export const EXTENSION_KEY_PATTERN = '^x-';

/** Each declared mapping gets a named definition (attack tree nodes refer to themselves). */
const DEFINITIONS: [string, Record<string, FieldSpec>][] = [
  ['dataAsset', DATA_ASSET_FIELDS],
  ['boundary', BOUNDARY_FIELDS],
  ['element', ELEMENT_FIELDS],
  ['flow', FLOW_FIELDS],
  ['dread', DREAD_FIELDS],
  ['validation', VALIDATION_FIELDS],
  ['threat', THREAT_FIELDS],
  ['evidence', EVIDENCE_FIELDS],
  ['mitigation', MITIGATION_FIELDS],
  ['attackNode', ATTACK_NODE_FIELDS],
  ['attackTree', ATTACK_TREE_FIELDS],
  ['suppression', SUPPRESSION_FIELDS],
];

function definitionName(fields: Record<string, FieldSpec>): string {
  const found = DEFINITIONS.find(([, f]) => f === fields);
  if (!found) throw new Error('A mapping in fields.ts has no JSON Schema definition name; add it to DEFINITIONS.');
  return found[0];
}

/** One value or a list of such values (the format's one-or-list shorthand). */
function oneOrMany(item: JsonSchema, description: string): JsonSchema {
  return { description, oneOf: [item, { type: 'array', items: item }] };
}

function fieldSchema(spec: FieldSpec): JsonSchema {
  const description = spec.doc;
  switch (spec.type) {
    case 'string':
      return spec.pattern ? { type: 'string', description, pattern: spec.pattern.source } : { type: 'string', description };
    case 'id':
      return { type: 'string', description, pattern: ID_PATTERN.source };
    case 'integer':
    case 'number': {
      const out: JsonSchema = { type: spec.type, description };
      if (spec.min !== undefined) out.minimum = spec.min;
      if (spec.max !== undefined) out.maximum = spec.max;
      return out;
    }
    case 'boolean':
      return { type: 'boolean', description };
    case 'date':
      return { type: 'string', description, pattern: DATE_PATTERN };
    case 'enum': {
      const item: JsonSchema = { type: 'string', enum: [...spec.values] };
      return spec.oneOrMany ? oneOrMany(item, description) : { ...item, description };
    }
    case 'ref': {
      const item: JsonSchema = { type: 'string', pattern: ID_PATTERN.source };
      return spec.oneOrMany ? oneOrMany(item, description) : { ...item, description };
    }
    case 'string-list': {
      const item: JsonSchema = spec.pattern ? { type: 'string', pattern: spec.pattern.source } : { type: 'string' };
      return spec.oneOrMany ? oneOrMany(item, description) : { type: 'array', description, items: item };
    }
    case 'map': {
      const ref = { $ref: `#/definitions/${definitionName(spec.fields())}` };
      if (spec.scalarShorthand) {
        return { description, oneOf: [{ type: 'string', description: `Shorthand for \`${spec.scalarShorthand}:\`.` }, ref] };
      }
      return { description, ...ref };
    }
    case 'list':
      return { type: 'array', description, items: fieldSchema(spec.item) };
  }
}

function objectSchema(fields: Record<string, FieldSpec>, description?: string): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, spec] of Object.entries(fields)) {
    properties[key] = fieldSchema(spec);
    if (spec.required) required.push(key);
  }
  const out: JsonSchema = { type: 'object' };
  if (description) out.description = description;
  out.properties = properties;
  if (required.length > 0) out.required = required;
  out.patternProperties = { [EXTENSION_KEY_PATTERN]: {} };
  out.additionalProperties = false;
  return out;
}

/** The whole schema, as a JSON-serialisable object with a stable key order. */
export function buildJsonSchema(): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  for (const [name, fields] of DEFINITIONS) definitions[name] = objectSchema(fields);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'Threat model (.threatmodel)',
    ...objectSchema(
      TOP_LEVEL_FIELDS,
      'A threat model as code: the system as a data-flow diagram, its data assets and trust boundaries, and its threats, mitigations and attack trees. Generated from src/core/schema/fields.ts; do not edit by hand (run npm run gen).',
    ),
    definitions,
  };
}

/** The text of `schemas/threatmodel.schema.json`. */
export function jsonSchemaText(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
