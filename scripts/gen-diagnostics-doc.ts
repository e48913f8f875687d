// Writes docs/diagnostics.md from the diagnostic code registry. Importing the core index loads
// every module that registers codes, so codes added by later features are included.
// Run with `npm run gen` (scripts/gen.mjs bundles and runs this file).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCodes } from '../src/core/index';
import { renderDiagnosticsDoc } from '../src/core/diagnostics/doc';

const out = join(process.cwd(), 'docs', 'diagnostics.md');
writeFileSync(out, renderDiagnosticsDoc(allCodes()));
console.log(`wrote ${out} (${allCodes().length} codes)`);
