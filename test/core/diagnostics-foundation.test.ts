// Every diagnostic code of the foundation (YAML, schema, references), each triggered by a minimal
// input, with the exact range it covers. Ranges are written `line:col-line:col`, 0-based, as the
// language server sends them. Also: hostile and unusual inputs (tabs, deep nesting, alias bombs,
// huge files, CRLF, no trailing newline, binary garbage, invalid UTF-8).
import * as assert from 'node:assert/strict';
import {
  allCodes,
  checkDocument,
  codeInfo,
  decodeUtf8,
  getValue,
  pairOf,
  asMap,
  LIMITS,
  parseDocument,
  registerChecker,
  type Diagnostic,
} from '../../src/core';

/** The codes the foundation registers in src/core/diagnostics/codes.ts; each has a case below. */
const FOUNDATION_CODES = [
  'yaml-syntax', 'yaml-duplicate-key', 'yaml-too-large', 'yaml-too-many-aliases', 'yaml-unknown-alias',
  'yaml-multiple-documents', 'invalid-encoding', 'empty-model', 'invalid-root', 'missing-version',
  'unsupported-version', 'unknown-key', 'missing-key', 'invalid-type', 'invalid-value', 'invalid-id',
  'duplicate-id', 'unresolved-reference', 'boundary-cycle', 'self-flow', 'internal-error',
];
interface Found {
  code: string;
  severity: string;
  at: string;
  text: string;
  message: string;
}

/** The foundation's diagnostics of a text (checkers that later features register are left out). */
function check(text: string): Found[] {
  const doc = parseDocument(text);
  return checkDocument(doc).filter((d) => FOUNDATION_CODES.includes(d.code)).map((d: Diagnostic) => {
    const s = doc.lines.positionAt(d.start);
    const e = doc.lines.positionAt(d.end);
    return { code: d.code, severity: d.severity, at: `${s.line}:${s.character}-${e.line}:${e.character}`, text: text.slice(d.start, d.end), message: d.message };
  });
}

/** Asserts exactly one diagnostic, with this code, range, covered text and message fragments. */
function expectOne(text: string, code: string, at: string, covered: string, ...messageParts: (string | RegExp)[]): Found {
  const found = check(text);
  assert.equal(found.length, 1, `expected only ${code}, got ${JSON.stringify(found, null, 1)}`);
  const [d] = found;
  assert.deepEqual({ code: d.code, at: d.at, text: d.text }, { code, at, text: covered });
  assert.equal(d.severity, codeInfo(code)?.severity, 'default severity comes from the registry');
  for (const part of messageParts) {
    if (typeof part === 'string') assert.ok(d.message.includes(part), `message '${d.message}' lacks '${part}'`);
    else assert.match(d.message, part);
  }
  return d;
}

function timed<T>(fn: () => T): { result: T; ms: number } {
  const started = Date.now();
  const result = fn();
  return { result, ms: Date.now() - started };
}

const V = 'threatmodel: 1\n';

const covered = new Set<string>();

describe('core: foundation diagnostics, one by one', () => {
  after(() => {
    assert.deepEqual(FOUNDATION_CODES.filter((c) => !covered.has(c)), [], 'every foundation code has a case');
  });

  it('registers every foundation code with a severity, title and help', () => {
    const registered = new Map(allCodes().map((c) => [c.code, c]));
    for (const code of FOUNDATION_CODES) {
      const info = registered.get(code);
      assert.ok(info, `${code} is registered`);
      assert.ok(info.title.length > 0 && info.help.length > 0, code);
    }
  });

  describe('yaml-*', () => {
    it('yaml-syntax: an unterminated flow sequence, at the end where the closer is missing', () => {
      covered.add('yaml-syntax');
      expectOne(`${V}title: [unclosed\n`, 'yaml-syntax', '2:0-2:0', '', 'YAML syntax error');
    });

    it('yaml-syntax: tabs used as indentation point at the tab', () => {
      expectOne(`${V}elements:\n\t- id: a\n`, 'yaml-syntax', '2:0-2:1', '\t', /tab/i);
    });

    it('yaml-syntax: a bad indentation in the middle of a file', () => {
      expectOne(`${V}elements:\n  - id: a\n   bad: 1\n`, 'yaml-syntax', '3:3-3:4', 'b', 'YAML syntax error');
    });

    it('yaml-duplicate-key: the second key is flagged, the first value is kept', () => {
      covered.add('yaml-duplicate-key');
      expectOne(`${V}title: a\ntitle: b\n`, 'yaml-duplicate-key', '2:0-2:5', 'title', "Duplicate key 'title'");
      const doc = parseDocument(`${V}title: a\ntitle: b\n`);
      assert.equal(doc.model.metadata.title, 'a');
    });

    it('yaml-duplicate-key: inside a list item', () => {
      expectOne(`${V}elements:\n  - id: a\n    type: process\n    type: data_store\n`, 'yaml-duplicate-key', '4:4-4:8', 'type');
    });

    it('yaml-too-large: a file over the size limit is not parsed', () => {
      covered.add('yaml-too-large');
      const text = `${V}x-pad: "${'a'.repeat(LIMITS.maxLength)}"\n`;
      const { result, ms } = timed(() => check(text));
      assert.deepEqual(result.map((d) => [d.code, d.at]), [['yaml-too-large', '0:0-0:0']]);
      assert.match(result[0].message, /MB/);
      assert.ok(ms < 2000, `took ${ms} ms`);
    });

    it('yaml-too-many-aliases: reported once, at the first alias over the limit', () => {
      covered.add('yaml-too-many-aliases');
      const aliases = Array(LIMITS.maxAliases + 5).fill('*a').join(', ');
      const text = `${V}x-a: &a 1\nx-l: [${aliases}]\n`;
      const over = 7 + LIMITS.maxAliases * 4; // "x-l: [" then "*a, " per alias
      expectOne(text, 'yaml-too-many-aliases', `2:${over - 1}-2:${over + 1}`, '*a', `More than ${LIMITS.maxAliases} aliases`);
    });

    it('yaml-unknown-alias: covers the whole alias with its * and names it', () => {
      covered.add('yaml-unknown-alias');
      expectOne(`${V}title: *nope\n`, 'yaml-unknown-alias', '1:7-1:12', '*nope', "'*nope'");
    });

    it('aliases resolve to the anchor with exactly their name', () => {
      const doc = parseDocument(`${V}x-a: &ab [1]\nx-b: &xb {k: v}\nx-c: *ab\n`);
      const root = asMap(doc.yaml.root)!;
      const alias = pairOf(root, 'x-c')?.value;
      assert.equal(alias?.kind, 'alias');
      assert.equal(alias?.kind === 'alias' && alias.target?.kind, 'seq');
      assert.equal(getValue(root, 'x-a')?.anchor, 'ab');
      assert.equal(getValue(root, 'x-c'), getValue(root, 'x-a'), 'getValue follows the alias');
      assert.deepEqual(check(`${V}x-a: &ab [1]\nx-b: &xb {k: v}\nx-c: *ab\n`), []);
    });

    it('yaml-multiple-documents: points at the second --- marker and keeps the first document', () => {
      covered.add('yaml-multiple-documents');
      expectOne(`${V}title: one\n---\nthreatmodel: 1\ntitle: two\n`, 'yaml-multiple-documents', '2:0-2:3', '---', 'one YAML document');
      expectOne(`---\n${V}---\ntitle: x\n`, 'yaml-multiple-documents', '2:0-2:3', '---');
      assert.equal(parseDocument(`${V}title: one\n---\ntitle: two\n`).model.metadata.title, 'one');
    });
  });

  describe('invalid-encoding (decodeUtf8, used by the server and the CLI before parsing)', () => {
    it('reports the offset of the first invalid byte', () => {
      covered.add('invalid-encoding');
      const bytes = new Uint8Array([...Buffer.from('threatmodel: 1\ntitle: caf'), 0xe9, ...Buffer.from('\n')]);
      const result = decodeUtf8(bytes);
      assert.ok('error' in result);
      assert.equal(result.offset, 25);
      assert.match(result.error, /not valid UTF-8.*offset 25/);
    });

    it('accepts UTF-8 with a BOM (stripped) and multi-byte characters', () => {
      const result = decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('title: café ✓\n')]));
      assert.deepEqual(result, { text: 'title: café ✓\n' });
    });

    it('rejects a truncated multi-byte sequence at the end', () => {
      const result = decodeUtf8(new Uint8Array([...Buffer.from('ab'), 0xe2, 0x9c]));
      assert.ok('error' in result);
      assert.equal(result.offset, 2);
    });

    it('binary garbage that happens to decode still gives one clear diagnostic, no crash', () => {
      const garbage = '\u0000\u0001\u0002\u00ff\u00fe garbage \u0007\n';
      const found = check(garbage);
      assert.deepEqual(found.map((d) => [d.code, d.at]), [['yaml-syntax', '0:0-0:1']]);
      // Random bytes: never throws, always bounded.
      let seed = 7;
      for (let n = 0; n < 50; n++) {
        let s = '';
        for (let i = 0; i < 200; i++) {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          s += String.fromCharCode(seed % 256);
        }
        assert.doesNotThrow(() => check(s));
      }
    });
  });

  describe('schema', () => {
    it('empty-model: an empty file, whitespace only, or comments only', () => {
      covered.add('empty-model');
      expectOne('', 'empty-model', '0:0-0:0', '', 'threatmodel: 1');
      expectOne('  \n\n', 'empty-model', '0:0-0:0', '');
      expectOne('# nothing yet\n', 'empty-model', '0:0-0:0', '');
    });

    it('invalid-root: a YAML list at the top level, limited to its first line', () => {
      covered.add('invalid-root');
      expectOne('- threatmodel: 1\n- title: x\n', 'invalid-root', '0:0-0:16', '- threatmodel: 1', 'not a list');
    });

    it('invalid-root: a plain scalar', () => {
      expectOne('hello\n', 'invalid-root', '0:0-0:5', 'hello', 'the text `hello`');
    });

    it('missing-version: the first line of the mapping', () => {
      covered.add('missing-version');
      expectOne('title: x\nelements: []\n', 'missing-version', '0:0-0:8', 'title: x', 'threatmodel: 1');
    });

    it('unsupported-version: the version value', () => {
      covered.add('unsupported-version');
      expectOne('threatmodel: 2\n', 'unsupported-version', '0:13-0:14', '2', 'version 2');
    });

    it('unknown-key: the key, with the closest known key as a suggestion', () => {
      covered.add('unknown-key');
      const d = expectOne(`${V}titel: x\n`, 'unknown-key', '1:0-1:5', 'titel', "Did you mean 'title'?");
      assert.equal(d.severity, 'warning');
    });

    it('unknown-key: nested keys, and x- extension keys are never flagged', () => {
      expectOne(`${V}elements:\n  - id: a\n    type: process\n    internet_facng: true\n    x-team: core\n`, 'unknown-key', '4:4-4:18', 'internet_facng', "'internet_facing'");
    });

    it('missing-key: anchored to the first key of the entry', () => {
      covered.add('missing-key');
      expectOne(`${V}elements:\n  - name: A\n    type: process\n`, 'missing-key', '2:4-2:8', 'name', "Missing required key 'id'");
    });

    it('missing-key: an empty flow mapping is covered by its braces', () => {
      const found = check(`${V}threats:\n  - {}\n`);
      assert.deepEqual(found.map((d) => [d.code, d.at, d.text]), [
        ['missing-key', '2:4-2:6', '{}'],
        ['missing-key', '2:4-2:6', '{}'],
        ['missing-key', '2:4-2:6', '{}'],
      ]);
      assert.deepEqual(found.map((d) => d.message.match(/'(\w+)'/)?.[1]), ['id', 'title', 'target']);
    });

    it('invalid-type: a boolean written as yes', () => {
      covered.add('invalid-type');
      expectOne(`${V}elements:\n  - id: a\n    type: process\n    internet_facing: yes\n`, 'invalid-type', '4:21-4:24', 'yes', 'Expected `true` or `false`', 'the text `yes`');
    });

    it('invalid-type: a mapping where a list is expected covers its first character', () => {
      expectOne(`${V}elements:\n  id: a\n`, 'invalid-type', '2:2-2:3', 'i', 'Expected a list, found a mapping');
    });

    it('invalid-type: a required key left empty points at the key', () => {
      expectOne(`${V}elements:\n  - id:\n    type: process\n`, 'invalid-type', '2:4-2:6', 'id', 'Expected an id, found an empty value');
    });

    it('invalid-type: a required list left empty', () => {
      expectOne(`${V}elements:\n  - id: a\n    type: process\nthreats:\n  - id: t\n    title: x\n    target: []\n`, 'invalid-type', '7:12-7:13', '[', 'Expected at least one id, found an empty list');
    });

    it('invalid-type: a DREAD factor written as a word', () => {
      expectOne(`${V}elements:\n  - id: a\n    type: process\nthreats:\n  - id: t\n    title: x\n    target: a\n    dread: { damage: high }\n`, 'invalid-type', '8:21-8:25', 'high', 'Expected a number');
    });

    it('invalid-value: an enum typo with a suggestion', () => {
      covered.add('invalid-value');
      expectOne(`${V}elements:\n  - id: a\n    type: proces\n`, 'invalid-value', '3:10-3:16', 'proces', "did you mean 'process'?");
    });

    it('invalid-value: one item of a one-or-list enum', () => {
      expectOne(
        `${V}elements:\n  - id: a\n    type: process\nthreats:\n  - id: t\n    title: x\n    target: a\n    stride: [spoofing, tampring]\n`,
        'invalid-value', '8:23-8:31', 'tampring', "'tampering'",
      );
    });

    it('invalid-value: an ATLAS mitigation id where a technique id is expected, and a bad date', () => {
      const found = check(`${V}elements:\n  - id: a\n    type: process\nthreats:\n  - id: t\n    title: x\n    target: a\n    atlas: AML.M0004\n    review_by: 30.6.2026\n`);
      assert.deepEqual(found.map((d) => [d.code, d.at, d.text]), [
        ['invalid-value', '8:11-8:20', 'AML.M0004'],
        ['invalid-value', '9:15-9:24', '30.6.2026'],
      ]);
      assert.match(found[0].message, /ATLAS technique id/);
      assert.match(found[1].message, /YYYY-MM-DD/);
    });

    it('invalid-id: the id inside its quotes', () => {
      covered.add('invalid-id');
      expectOne(`${V}elements:\n  - id: "bad id"\n    type: process\n`, 'invalid-id', '2:9-2:15', 'bad id', 'not a valid id');
    });
  });

  describe('references', () => {
    it('duplicate-id: the second definition, with the first as related information', () => {
      covered.add('duplicate-id');
      const text = `${V}elements:\n  - id: a\n    type: process\n  - id: a\n    type: data_store\n`;
      expectOne(text, 'duplicate-id', '4:8-4:9', 'a', "Duplicate id 'a'", 'element on line 3');
      const d = checkDocument(parseDocument(text)).find((x) => x.code === 'duplicate-id')!;
      assert.deepEqual(d.related?.map((r) => text.slice(r.start, r.end)), ['a']);
      assert.equal(d.related?.[0].start, text.indexOf('id: a') + 4);
    });

    it('duplicate-id: ids are unique across kinds (an element and a flow)', () => {
      const text = `${V}elements:\n  - id: a\n    type: process\n  - id: b\n    type: process\nflows:\n  - id: a\n    from: a\n    to: b\n`;
      expectOne(text, 'duplicate-id', '7:8-7:9', 'a', 'already used by the element');
    });

    it('unresolved-reference: the reference, with the closest id', () => {
      covered.add('unresolved-reference');
      expectOne(`${V}elements:\n  - id: api\n    type: process\nflows:\n  - id: f\n    from: api\n    to: apx\n`, 'unresolved-reference', '7:8-7:11', 'apx', "No element with id 'apx'", "Did you mean 'api'?");
    });

    it('unresolved-reference: an item inside a list of mitigations', () => {
      expectOne(
        `${V}elements:\n  - id: a\n    type: process\nthreats:\n  - id: t\n    title: x\n    target: a\n    mitigations: [m1, m2]\nmitigations:\n  - id: m1\n    title: y\n`,
        'unresolved-reference', '8:22-8:24', 'm2', "No mitigation with id 'm2'",
      );
    });

    it('boundary-cycle: the parent value of the first boundary in the cycle', () => {
      covered.add('boundary-cycle');
      expectOne(`${V}boundaries:\n  - id: b1\n    parent: b2\n  - id: b2\n    parent: b1\n`, 'boundary-cycle', '3:12-3:14', 'b2', 'b1 -> b2 -> b1');
    });

    it('boundary-cycle: a boundary that is its own parent', () => {
      expectOne(`${V}boundaries:\n  - id: b1\n    parent: b1\n`, 'boundary-cycle', '3:12-3:14', 'b1', 'nested inside itself');
    });

    it('self-flow: the to value', () => {
      covered.add('self-flow');
      const d = expectOne(`${V}elements:\n  - id: api\n    type: process\nflows:\n  - id: f\n    from: api\n    to: api\n`, 'self-flow', '7:8-7:11', 'api', "'f' goes from 'api' to itself");
      assert.equal(d.severity, 'warning');
    });
  });

  describe('internal-error', () => {
    it('a checker that throws is reported at the top of the file and the other checks still run', () => {
      covered.add('internal-error');
      registerChecker('test-explodes', (doc) => {
        if (doc.text.includes('x-explode')) throw new Error('boom');
        return [];
      });
      const found = check(`${V}x-explode: 1\ntitel: x\n`);
      assert.deepEqual(found.map((d) => [d.code, d.at]), [
        ['internal-error', '0:0-0:0'],
        ['unknown-key', '2:0-2:5'],
      ]);
      assert.match(found[0].message, /test-explodes.*boom/);
    });
  });
});

describe('core: hostile and unusual inputs', () => {
  it('1,000 levels of flow nesting: a quick yaml-syntax diagnostic about depth', () => {
    const text = `${V}x-deep: ${'['.repeat(1000)}${']'.repeat(1000)}\n`;
    const { result, ms } = timed(() => check(text));
    assert.equal(result.length, 1);
    assert.equal(result[0].code, 'yaml-syntax');
    assert.match(result[0].message, /nesting/);
    assert.match(result[0].message, new RegExp(`${LIMITS.maxDepth} levels`));
    assert.equal(result[0].text, '[');
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  it('1,000 levels of block nesting: a quick yaml-syntax diagnostic about depth', () => {
    let text = V;
    for (let i = 0; i < 1000; i++) text += `${'  '.repeat(i)}k${i}:\n`;
    const { result, ms } = timed(() => check(text));
    assert.equal(result.length, 1);
    assert.equal(result[0].code, 'yaml-syntax');
    assert.match(result[0].message, /nesting/);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  it('a billion-laughs alias bomb is not expanded: fast, and the tree stays linear', () => {
    let text = `${V}x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
    let prev = 'a';
    for (let i = 0; i < 9; i++) {
      text += `x-b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
      prev = `b${i}`;
    }
    text += 'title: *b8\n';
    const { result, ms } = timed(() => check(text));
    assert.ok(ms < 500, `took ${ms} ms`);
    // `title` is an alias to a list: a type error on the alias, not an expansion of 9^10 items.
    assert.deepEqual(result.map((d) => [d.code, d.text]), [['invalid-type', '*b8']]);
  });

  it('a 5 MB model parses and checks in bounded time', () => {
    const parts = [V, 'title: big\nelements:\n'];
    let i = 0;
    let size = 0;
    while (size < 5 * 1024 * 1024) {
      const entry = `  - id: e${i}\n    name: Element number ${i} with a reasonably long descriptive name\n    type: ${i % 3 === 0 ? 'data_store' : 'process'}\n    description: >\n      ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(3)}\n`;
      parts.push(entry);
      size += entry.length;
      i++;
    }
    parts.push('flows:\n');
    for (let j = 1; j < 2000; j++) parts.push(`  - id: f${j}\n    from: e${j - 1}\n    to: e${j}\n`);
    const text = parts.join('');
    assert.ok(text.length > 5 * 1024 * 1024);
    const { result, ms } = timed(() => check(text));
    assert.deepEqual(result, []);
    assert.ok(ms < 8000, `took ${ms} ms`);
  });

  it('CRLF line endings: ranges are right and never include the \\r', () => {
    const text = 'title: x\r\nelements:\r\n  - id: a\r\n    type: proces\r\n  - id: a\r\n    type: process\r\n';
    const found = check(text);
    assert.deepEqual(found.map((d) => [d.code, d.at, d.text]), [
      ['missing-version', '0:0-0:8', 'title: x'],
      ['invalid-value', '3:10-3:16', 'proces'],
      ['duplicate-id', '4:8-4:9', 'a'],
    ]);
  });

  it('CRLF in a block scalar: the range ends on the last content character', () => {
    const text = 'threatmodel: 1\r\nelements:\r\n  - id: a\r\n    type: process\r\n    name: |\r\n      line one\r\n      line two\r\n    colour: red\r\n';
    expectOne(text, 'unknown-key', '7:4-7:10', 'colour');
    const doc = parseDocument(text);
    assert.equal(doc.model.elements[0].name, 'line one\nline two\n');
  });

  it('a file without a trailing newline: the last value is reported up to the end of the file', () => {
    const text = `${V}elements:\n  - id: a\n    type: proces`;
    expectOne(text, 'invalid-value', '3:10-3:16', 'proces');
    expectOne(`${V}titel: x`, 'unknown-key', '1:0-1:5', 'titel');
  });

  it('a YAML syntax error at the very end of a file without newline', () => {
    const found = check(`${V}title: "unterminated`);
    assert.equal(found.length, 1);
    assert.equal(found[0].code, 'yaml-syntax');
    assert.equal(found[0].at, '1:20-1:20');
  });

  it('non-ASCII text before a problem: columns count UTF-16 code units', () => {
    const text = `${V}title: "Modèle 🔒"\ntitel: x\nelements:\n  - id: a\n    name: "😀😀"\n    type: proces\n`;
    const found = check(text);
    assert.deepEqual(found.map((d) => [d.code, d.at, d.text]), [
      ['unknown-key', '2:0-2:5', 'titel'],
      ['invalid-value', '6:10-6:16', 'proces'],
    ]);
  });
});
