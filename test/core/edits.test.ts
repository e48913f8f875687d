import * as assert from 'node:assert/strict';
import { parseDocument, type ParsedDocument } from '../../src/core/document';
import { asMap, asSeq, getValue, type YMap } from '../../src/core/yaml/tree';
import {
  addToIdList,
  appendToTopLevelList,
  applyEdits,
  detectStyle,
  formatYamlScalar,
  setScalar,
  type TextEdit,
} from '../../src/core/edits';

function threat(doc: ParsedDocument, index = 0): YMap {
  const map = asMap(asSeq(getValue(asMap(doc.yaml.root), 'threats'))?.items[index]);
  assert.ok(map, 'threat entity present');
  return map;
}

/** Applies an edit computed on `text`, checks it parses, and that the same edit again is a no-op. */
function edit(text: string, compute: (doc: ParsedDocument) => TextEdit[]): string {
  const doc = parseDocument(text);
  const edits = compute(doc);
  assert.ok(edits.length > 0, 'an edit is produced');
  const out = applyEdits(text, edits);
  const again = parseDocument(out);
  assert.ok(again.yaml.ok, `result parses:\n${out}`);
  assert.deepEqual(again.yaml.problems, []);
  assert.deepEqual(compute(again), [], 'applying the same logical edit twice does nothing');
  return out;
}

describe('core/edits: addToIdList', () => {
  it('adds to a flow list before the bracket', () => {
    const text = 'threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: [M1, M2] # keep\n    status: open\n';
    const out = edit(text, (d) => addToIdList(d, threat(d), 'mitigations', 'M3'));
    assert.equal(out, 'threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: [M1, M2, M3] # keep\n    status: open\n');
  });

  it('fills an empty flow list', () => {
    const out = edit('threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: []\n', (d) => addToIdList(d, threat(d), 'mitigations', 'M3'));
    assert.equal(out, 'threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: [M3]\n');
  });

  it('adds a line to a block list at its indentation, after a trailing comment', () => {
    const text = 'threatmodel: 1\nthreats:\n  - id: T1\n    mitigations:\n      - M1\n      - "M2" # second\n    status: open\n';
    const out = edit(text, (d) => addToIdList(d, threat(d), 'mitigations', 'M3'));
    assert.equal(out, 'threatmodel: 1\nthreats:\n  - id: T1\n    mitigations:\n      - M1\n      - "M2" # second\n      - M3\n    status: open\n');
  });

  it('follows a block list whose items are not indented under the key', () => {
    const text = 'threatmodel: 1\nthreats:\n- id: T1\n  mitigations:\n  - M1\n';
    const out = edit(text, (d) => addToIdList(d, threat(d), 'mitigations', 'M3'));
    assert.equal(out, 'threatmodel: 1\nthreats:\n- id: T1\n  mitigations:\n  - M1\n  - M3\n');
  });

  it('turns a single id into a flow list without touching it', () => {
    const out = edit("threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: 'M1'\n", (d) => addToIdList(d, threat(d), 'mitigations', 'M3'));
    assert.equal(out, "threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: ['M1', M3]\n");
  });

  it('fills an empty value after the colon, keeping a comment', () => {
    const out = edit('threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: # todo\n    status: open\n', (d) => addToIdList(d, threat(d), 'mitigations', 'M3'));
    assert.equal(out, 'threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: [M3] # todo\n    status: open\n');
  });

  it('replaces a null value', () => {
    const out = edit('threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: ~\n', (d) => addToIdList(d, threat(d), 'mitigations', 'M3'));
    assert.equal(out, 'threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: [M3]\n');
  });

  it('inserts a missing key at the end of the entity (flow style by default)', () => {
    const text = 'threatmodel: 1\nthreats:\n  - id: T1\n    title: x\n  - id: T2\n    title: y\n';
    const out = edit(text, (d) => addToIdList(d, threat(d), 'mitigations', 'M3'));
    assert.equal(out, 'threatmodel: 1\nthreats:\n  - id: T1\n    title: x\n    mitigations: [M3]\n  - id: T2\n    title: y\n');
  });

  it('inserts a missing key as a block list when the file writes these lists as block lists (4 spaces)', () => {
    const text = 'threatmodel: 1\nthreats:\n    -   id: T1\n        title: x\n    -   id: T2\n        mitigations:\n            -   M1\n';
    const out = edit(text, (d) => addToIdList(d, threat(d), 'mitigations', 'M3'));
    assert.equal(out, 'threatmodel: 1\nthreats:\n    -   id: T1\n        title: x\n        mitigations:\n            -   M3\n    -   id: T2\n        mitigations:\n            -   M1\n');
  });

  it('adds to a flow-mapping entity', () => {
    const out = edit('threatmodel: 1\nthreats:\n  - {id: T1, title: x}\n', (d) => addToIdList(d, threat(d), 'mitigations', 'M3'));
    assert.equal(out, 'threatmodel: 1\nthreats:\n  - {id: T1, title: x, mitigations: [M3]}\n');
  });

  it('quotes ids that need it', () => {
    const out = edit('threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: [M1]\n', (d) => addToIdList(d, threat(d), 'mitigations', 'yes'));
    assert.equal(out, "threatmodel: 1\nthreats:\n  - id: T1\n    mitigations: [M1, 'yes']\n");
  });

  it('keeps CRLF line endings and handles a file without a trailing newline', () => {
    const text = 'threatmodel: 1\r\nthreats:\r\n  - id: T1\r\n    mitigations:\r\n      - M1';
    const out = edit(text, (d) => addToIdList(d, threat(d), 'mitigations', 'M3'));
    assert.equal(out, 'threatmodel: 1\r\nthreats:\r\n  - id: T1\r\n    mitigations:\r\n      - M1\r\n      - M3');
  });
});

describe('core/edits: appendToTopLevelList', () => {
  const item = 'id: M3\ntitle: Rate limiting\nstatus: proposed\natlas: [AML.M0004]';

  it('appends after the last entry, keeping comments between entries', () => {
    const text = 'threatmodel: 1\nmitigations:\n  # first\n  - id: M1\n    title: a\n\n  # second\n  - id: M2\n    title: b # inline\n\n# trailing comment\nthreats: []\n';
    const out = edit(text, (d) => appendToTopLevelList(d, 'mitigations', item));
    assert.equal(
      out,
      'threatmodel: 1\nmitigations:\n  # first\n  - id: M1\n    title: a\n\n  # second\n  - id: M2\n    title: b # inline\n  - id: M3\n    title: Rate limiting\n    status: proposed\n    atlas: [AML.M0004]\n\n# trailing comment\nthreats: []\n',
    );
  });

  it('follows a file indented with 4 spaces and re-indents nested lines', () => {
    const text = 'threatmodel: 1\nmitigations:\n    - id: M1\n      title: a\n      evidence:\n          - path: x\n';
    const out = edit(text, (d) => appendToTopLevelList(d, 'mitigations', 'id: M3\ntitle: b\nevidence:\n  - path: y'));
    assert.equal(out, text + '    - id: M3\n      title: b\n      evidence:\n          - path: y\n');
    assert.equal(detectStyle(parseDocument(text)).indent, 4);
  });

  it('creates a missing section at the end of the model, in the file style', () => {
    const text = 'threatmodel: 1\nthreats:\n- id: T1\n  title: x\n';
    const out = edit(text, (d) => appendToTopLevelList(d, 'mitigations', item));
    assert.equal(out, text + 'mitigations:\n- id: M3\n  title: Rate limiting\n  status: proposed\n  atlas: [AML.M0004]\n');
  });

  it('creates a missing section in a file without a trailing newline', () => {
    const text = 'threatmodel: 1\ntitle: x';
    const out = edit(text, (d) => appendToTopLevelList(d, 'mitigations', 'id: M3\ntitle: t'));
    assert.equal(out, 'threatmodel: 1\ntitle: x\nmitigations:\n  - id: M3\n    title: t');
  });

  it('fills an empty section', () => {
    const text = 'threatmodel: 1\nmitigations:\nthreats: []\n';
    const out = edit(text, (d) => appendToTopLevelList(d, 'mitigations', 'id: M3\ntitle: t'));
    assert.equal(out, 'threatmodel: 1\nmitigations:\n  - id: M3\n    title: t\nthreats: []\n');
  });

  it('replaces a null or empty-list placeholder, keeping its comment', () => {
    const a = edit('threatmodel: 1\nmitigations: ~ # none yet\n', (d) => appendToTopLevelList(d, 'mitigations', 'id: M3\ntitle: t'));
    assert.equal(a, 'threatmodel: 1\nmitigations: # none yet\n  - id: M3\n    title: t\n');
    const b = edit('threatmodel: 1\nmitigations: []\n', (d) => appendToTopLevelList(d, 'mitigations', 'id: M3\ntitle: t'));
    assert.equal(b, 'threatmodel: 1\nmitigations:\n  - id: M3\n    title: t\n');
  });

  it('appends a flow mapping to a flow list', () => {
    const out = edit('threatmodel: 1\nmitigations: [{id: M1, title: a}]\n', (d) => appendToTopLevelList(d, 'mitigations', 'id: M3\ntitle: t'));
    assert.equal(out, 'threatmodel: 1\nmitigations: [{id: M1, title: a}, { id: M3, title: t }]\n');
  });

  it('keeps CRLF', () => {
    const text = 'threatmodel: 1\r\nmitigations:\r\n  - id: M1\r\n    title: a\r\n';
    const out = edit(text, (d) => appendToTopLevelList(d, 'mitigations', 'id: M3\ntitle: t'));
    assert.equal(out, text + '  - id: M3\r\n    title: t\r\n');
  });
});

describe('core/edits: setScalar and formatYamlScalar', () => {
  it('replaces an existing value, keeping its comment', () => {
    const out = edit('threatmodel: 1\nthreats:\n  - id: T1\n    status: open # was\n', (d) => setScalar(d, threat(d), 'status', 'accepted'));
    assert.equal(out, 'threatmodel: 1\nthreats:\n  - id: T1\n    status: accepted # was\n');
  });

  it('inserts a missing key after the last line of the entity, including a block scalar', () => {
    const text = 'threatmodel: 1\nthreats:\n  - id: T1\n    description: |\n      two\n      lines\n\n  - id: T2\n';
    const out = edit(text, (d) => setScalar(d, threat(d), 'status', 'accepted'));
    assert.equal(out, 'threatmodel: 1\nthreats:\n  - id: T1\n    description: |\n      two\n      lines\n    status: accepted\n\n  - id: T2\n');
  });

  it('fills an empty value', () => {
    const out = edit('threatmodel: 1\nthreats:\n  - id: T1\n    owner:\n', (d) => setScalar(d, threat(d), 'owner', formatYamlScalar('sec: team')));
    assert.equal(out, "threatmodel: 1\nthreats:\n  - id: T1\n    owner: 'sec: team'\n");
  });

  it('quotes only when needed', () => {
    const plain = ["it's", 'M1', 'Rate limiting', 'AML.M0004', 'a-b_c', 'x:y', 'https://example.com/a'];
    for (const v of plain) assert.equal(formatYamlScalar(v), v, v);
    const quoted: [string, string][] = [
      ['true', "'true'"],
      ['yes', "'yes'"],
      ['12', "'12'"],
      ['1e3', "'1e3'"],
      ['0x1F', "'0x1F'"],
      ['null', "'null'"],
      ['~', "'~'"],
      ['', "''"],
      ['-x', "'-x'"],
      ['a: b', "'a: b'"],
      ['a #b', "'a #b'"],
      ['[x]', "'[x]'"],
      ['a, b', "'a, b'"],
      ["'q", "'''q'"],
      [' lead', "' lead'"],
      ['2025-01-01', "'2025-01-01'"],
      ['line\nbreak', '"line\\nbreak"'],
      ['*alias', "'*alias'"],
    ];
    for (const [v, q] of quoted) {
      assert.equal(formatYamlScalar(v), q, v);
      const doc = parseDocument(`threatmodel: 1\ntitle: ${q}\n`);
      assert.equal(getValue(asMap(doc.yaml.root), 'title')?.kind === 'scalar' && (getValue(asMap(doc.yaml.root), 'title') as { text: string }).text, v);
    }
  });
});

describe('core/edits: applyEdits', () => {
  it('applies edits in any order and rejects overlaps', () => {
    assert.equal(applyEdits('abcdef', [{ start: 4, end: 5, newText: 'E' }, { start: 0, end: 0, newText: '>' }, { start: 1, end: 3, newText: '' }]), '>adEf');
    assert.throws(() => applyEdits('abcdef', [{ start: 1, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }]), RangeError);
  });
});
