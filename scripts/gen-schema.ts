// Writes schemas/threatmodel.schema.json from the format declarations (src/core/schema/fields.ts).
// Run with `npm run gen` (scripts/gen.mjs bundles and runs this file).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaText } from '../src/core/schema/jsonSchema';

const out = join(process.cwd(), 'schemas', 'threatmodel.schema.json');
writeFileSync(out, jsonSchemaText());
console.log(`wrote ${out}`);
