import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCodes, checkDocument, parseDocument } from '../../src/core';
import { renderDiagnosticsDoc } from '../../src/core/diagnostics/doc';
import { TOP_LEVEL_FIELDS, type FieldSpec } from '../../src/core/schema/fields';

const root = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('docs: diagnostics reference and format reference', () => {
  it('docs/diagnostics.md documents every registered code with its default severity (run npm run gen)', () => {
    const doc = read('docs/diagnostics.md');
    const missing: string[] = [];
    for (const c of allCodes()) {
      const section = doc.split(`\n### ${c.code}\n`)[1]?.split('\n### ')[0];
      if (!section || !section.includes(`Default severity: **${c.severity}**`) || !section.includes(c.title)) missing.push(c.code);
    }
    assert.deepEqual(missing, [], `docs/diagnostics.md is out of date for these codes: run npm run gen`);
  });

  it('renders a summary row and a section per code, and explains the severity setting', () => {
    const text = renderDiagnosticsDoc([
      { code: 'demo-code', severity: 'info', category: 'rules', title: 'A | piped title.', help: 'Do the thing.' },
    ]);
    assert.ok(text.includes('| [`demo-code`](#demo-code) | info | A \\| piped title. |'));
    assert.ok(text.includes('## Custom rules\n\n### demo-code\n\nDefault severity: **info**'));
    assert.ok(text.includes('**How to fix:** Do the thing.'));
    assert.ok(text.includes('threatmodel.diagnostics.severity'));
    assert.ok(!text.includes('## YAML and file'), 'empty categories are left out');
  });

  it('docs/format.md documents every key the format declares', () => {
    const doc = read('docs/format.md');
    const missing: string[] = [];
    const seen = new Set<Record<string, FieldSpec>>();
    const walk = (fields: Record<string, FieldSpec>, where: string): void => {
      if (seen.has(fields)) return;
      seen.add(fields);
      for (const [key, spec] of Object.entries(fields)) {
        if (!doc.includes(`\`${key}\``)) missing.push(`${where}${key}`);
        const inner = spec.type === 'map' ? spec : spec.type === 'list' && spec.item.type === 'map' ? spec.item : undefined;
        if (inner && inner.type === 'map') walk(inner.fields(), `${where}${key}.`);
      }
    };
    walk(TOP_LEVEL_FIELDS, '');
    assert.deepEqual(missing, []);
  });

  it('docs/format.md lists every allowed value of every enum', () => {
    const doc = read('docs/format.md');
    const missing: string[] = [];
    const seen = new Set<Record<string, FieldSpec>>();
    const walk = (fields: Record<string, FieldSpec>): void => {
      if (seen.has(fields)) return;
      seen.add(fields);
      for (const spec of Object.values(fields)) {
        if (spec.type === 'enum') for (const v of spec.values) if (!doc.includes(`\`${v}\``)) missing.push(v);
        const inner = spec.type === 'map' ? spec : spec.type === 'list' && spec.item.type === 'map' ? spec.item : undefined;
        if (inner && inner.type === 'map') walk(inner.fields());
      }
    };
    walk(TOP_LEVEL_FIELDS);
    assert.deepEqual(missing, []);
  });

  it('the complete example at the top of docs/format.md is a valid model', () => {
    const doc = read('docs/format.md');
    const example = doc.split('```yaml\n')[1].split('```')[0];
    assert.ok(example.startsWith('threatmodel: 1'));
    const parsed = parseDocument(example);
    const errors = checkDocument(parsed, { fileExists: () => true }).filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), []);
    assert.equal(parsed.model.attackTrees.length, 1);
  });
});
