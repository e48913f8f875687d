// Every diagnostic code the product can emit is registered (so it has a severity, a title, help,
// a SARIF rule, a severity setting and an entry in docs/diagnostics.md). The codes are found by
// reading the sources: kebab-case literals after `code:` (objects, ternaries, unions), in
// comparisons with a `code`, and as the first argument of any function whose first parameter is
// named `code`.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { allCodes } from '../../src/core';

const ROOT = join(__dirname, '..', '..', '..');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) sources(file, out);
    else if (/\.ts$/.test(name) && !/\.d\.ts$/.test(name)) out.push(file);
  }
  return out;
}

const LITERAL = /'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g;

/** Each code literal in the sources with the file and line it is on. */
function emittedCodes(files: string[]): Map<string, string[]> {
  const texts = files.map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
  // Functions and function types whose first parameter is `code`, and identifiers of such a type.
  const takers = new Set<string>();
  const types = new Set<string>();
  for (const { text } of texts) {
    for (const m of text.matchAll(/(?:function\s+(\w+)\s*|(?:const|let)\s+(\w+)\s*=\s*)\(\s*code\s*[:,)]/g)) takers.add(m[1] ?? m[2]);
    for (const m of text.matchAll(/type\s+(\w+)\s*=\s*\(\s*code\s*:/g)) types.add(m[1]);
  }
  for (const { text } of texts) {
    for (const t of types) for (const m of text.matchAll(new RegExp(`(\\w+)\\s*:\\s*${t}\\b`, 'g'))) takers.add(m[1]);
  }
  const found = new Map<string, string[]>();
  const add = (code: string, file: string, text: string, index: number) => {
    const where = `${file}:${text.slice(0, index).split('\n').length}`;
    found.set(code, [...(found.get(code) ?? []), where]);
  };
  for (const { file, text } of texts) {
    for (const m of text.matchAll(/\bcode\??\s*:\s*([^,\n}]*)/g)) {
      for (const l of m[1].matchAll(LITERAL)) add(l[1], file, text, m.index!);
    }
    for (const m of text.matchAll(/\bcode\s*[!=]==?\s*('[^']+')/g)) for (const l of m[1].matchAll(LITERAL)) add(l[1], file, text, m.index!);
    for (const name of takers) {
      for (const m of text.matchAll(new RegExp(`(?<![.\\w])${name}\\(\\s*('[^']+')`, 'g'))) for (const l of m[1].matchAll(LITERAL)) add(l[1], file, text, m.index!);
    }
  }
  return found;
}

describe('diagnostic codes: every code emitted in src/ is registered', () => {
  const files = sources(join(ROOT, 'src'));
  const emitted = emittedCodes(files);
  const registered = new Set(allCodes().map((c) => c.code));

  it('finds the codes of every module that emits diagnostics (the scan is not vacuous)', () => {
    for (const code of ['yaml-syntax', 'unknown-key', 'duplicate-id', 'unmitigated-threat', 'coverage-gap', 'dread-out-of-range', 'rule-pack-unknown-fact', 'rule-pack-invalid-condition', 'validation-attack-succeeded', 'invalid-encoding', 'internal-error']) {
      assert.ok(emitted.has(code), `the scan finds ${code}`);
    }
    assert.ok(emitted.size >= 45, `${emitted.size} codes found`);
  });

  it('registers each of them (registerCodes), so it has a severity, help and documentation', () => {
    const missing = [...emitted].filter(([code]) => !registered.has(code)).map(([code, where]) => `${code} (${where.join(', ')})`);
    assert.deepEqual(missing, []);
  });

  it('a code that is emitted but not registered is caught (the scan reads all three forms)', () => {
    const probe = [
      "out.push({ code: 'made-up-one', severity: 'error' });",
      "const x = { code: cond ? 'made-up-two' : 'yaml-syntax' };",
      "const fail = (code: string, message: string) => {}; fail('made-up-three', 'm');",
      "if (d.code === 'made-up-four') {}",
    ].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'codes-probe-'));
    try {
      writeFileSync(join(dir, 'probe.ts'), probe);
      const found = emittedCodes([join(dir, 'probe.ts')]);
      assert.deepEqual([...found.keys()].sort(), ['made-up-four', 'made-up-one', 'made-up-three', 'made-up-two', 'yaml-syntax']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
