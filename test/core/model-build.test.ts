// Pins what the model builder reads from lenient, malformed and aliased input (defaults, first
// key and first definition win, list forms, skipped items), so a faster builder keeps every result.
import * as assert from 'node:assert/strict';
import { buildModel } from '../../src/core/model/build';
import type { ThreatModel } from '../../src/core/model/types';
import { parseYaml } from '../../src/core/yaml/parse';
import type { YMap, YNode, YScalar, YSeq } from '../../src/core/yaml/tree';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

function model(text: string): ThreatModel {
  return buildModel(parseYaml(text).root);
}

/** An entity without its source node (compared by value). */
function plain<T extends { node?: unknown }>(entity: T): Omit<T, 'node'> {
  const { node: _node, ...rest } = entity;
  return rest;
}

const TEXT = `threatmodel: 1
title: T
owners: team
x-el: &el {id: shared, type: data_store, tags: [a, b], data: d1}
data_assets:
  - {id: d1, special_category: true, classification: secret}
  - {id: d1, name: second}
  - id:
  - [not, a, map]
  - {id: d2, personal: true, classification: internal}
elements:
  - *el
  - id: e2
    id: e3
    type: weird
    ml_role: [llm, bogus, model]
    data: [d1, ~, "", {x: 1}, d2]   # a quoted empty text is kept
    tags: solo
  - {id: e4, ml_role: bogus, internet_facing: yes, rate_limited: true, data: d1}
flows:
  - {id: f1, from: e2, to: shared, data: d1}
  - {id: f2, from: [e2]}
threats:
  - id: T1
    target: e2
    stride: spoofing
    linddun: [linking, bogus]
    atlas: [AML.T0020]
    dread: {damage: 1_0, reproducibility: "3", exploitability: 2.5}
    validation: [{result: failed, date: 2024-01-01}, {result: nope}, x]
    status: accepted
  - {id: T2, target: [e2, f1], stride: [spoofing], dread: oops, mitigations: M1, status: bogus}
mitigations:
  - {id: M1, evidence: "https://x.example/y", controls: rate_limiting}
  - id: M2
    evidence: [src/a.ts, {path: p, ticket: T, url: u, note: n}, ~, [1]]
    status: verified
    atlas: [AML.M0004]
attack_trees:
  - id: AT
    goal: g
    children: [{title: a, threat: T1, operator: xor}, {goal: b, operator: and, children: [{id: leaf}, nope]}]
suppressions: [{rule: r, target: T1}, nope]
`;

describe('core model: build', () => {
  const m = model(TEXT);

  it('reads metadata and keeps every entity, indexing the first of each id', () => {
    assert.equal(m.version, 1);
    assert.deepEqual(m.metadata, { title: 'T', description: undefined, owners: ['team'], scope: undefined, assumptions: [] });
    assert.deepEqual(
      m.dataAssets.map((a) => [a.id, a.index, a.name, a.classification, a.personal, a.specialCategory]),
      [
        ['d1', 0, undefined, undefined, true, true],
        ['d1', 1, 'second', undefined, false, false],
        ['d2', 4, undefined, 'internal', true, false],
      ],
    );
    assert.equal(m.index.dataAssets.get('d1'), m.dataAssets[0]);
    assert.deepEqual([...m.index.dataAssets.keys()], ['d1', 'd2']);
  });

  it('follows aliases, takes the first of duplicate keys and skips invalid list items', () => {
    assert.deepEqual(plain(m.elements[0]), {
      id: 'shared',
      index: 0,
      name: undefined,
      description: undefined,
      type: 'data_store',
      mlRoles: [],
      boundary: undefined,
      authentication: undefined,
      internetFacing: false,
      thirdParty: false,
      provenance: undefined,
      source: undefined,
      storesLogs: false,
      rateLimited: false,
      returnsScores: false,
      data: ['d1'],
      tags: ['a', 'b'],
    });
    const [, e2, e4] = m.elements;
    assert.deepEqual([e2.id, e2.type, e2.mlRoles, e2.data, e2.tags], ['e2', 'process', ['llm', 'model'], ['d1', '', 'd2'], ['solo']]);
    assert.deepEqual([e4.mlRoles, e4.internetFacing, e4.rateLimited, e4.data], [[], false, true, ['d1']]);
    assert.deepEqual(
      m.flows.map((f) => [f.id, f.from, f.to, f.data]),
      [
        ['f1', 'e2', 'shared', ['d1']],
        ['f2', '', '', []],
      ],
    );
  });

  it('reads threats: one or many targets, enum filtering, dread numbers, validations', () => {
    const [t1, t2] = m.threats;
    assert.deepEqual(
      [t1.targets, t1.stride, t1.linddun, t1.atlas, t1.owaspLlm, t1.status, t1.mitigations],
      [['e2'], ['spoofing'], ['linking'], ['AML.T0020'], [], 'accepted', []],
    );
    assert.deepEqual(t1.dread, { damage: 10, reproducibility: undefined, exploitability: 2.5, affectedUsers: undefined, discoverability: undefined });
    assert.deepEqual(t1.validation, [{ result: 'failed', date: '2024-01-01', source: undefined, details: undefined }]);
    assert.deepEqual([t2.targets, t2.stride, t2.dread, t2.mitigations, t2.status, t2.validation], [['e2', 'f1'], ['spoofing'], undefined, ['M1'], 'open', []]);
  });

  it('reads mitigations with evidence in every form, attack trees and suppressions', () => {
    const [m1, m2] = m.mitigations;
    assert.deepEqual([m1.status, m1.controls, m1.evidence.map(plain)], ['proposed', ['rate_limiting'], [{ url: 'https://x.example/y' }]]);
    assert.deepEqual(
      [m2.status, m2.atlas, m2.evidence.map(plain)],
      ['verified', ['AML.M0004'], [{ path: 'src/a.ts' }, { path: 'p', ticket: 'T', url: 'u', note: 'n' }]],
    );
    const root = m.attackTrees[0].root;
    assert.deepEqual([m.attackTrees[0].goal, root.title, root.children.length], ['g', 'g', 2]);
    assert.deepEqual(
      root.children.map((c) => [c.title, c.threat, c.operator, c.children.map((g) => g.id)]),
      [
        ['a', 'T1', undefined, []],
        ['b', undefined, 'and', ['leaf']],
      ],
    );
    assert.deepEqual(m.suppressions.map(plain), [{ rule: 'r', target: 'T1', proposal: undefined, justification: undefined }]);
  });

  it('gives lists with equal contents equal values, whether or not they share an array', () => {
    // Lists are read-only: one-item lists of the same word may be one array.
    assert.deepEqual(m.threats[0].stride, m.threats[1].stride);
    assert.deepEqual(m.elements[0].data, m.flows[0].data);
    assert.throws(() => (m.threats[0].stride as string[]).push('tampering'));
  });

  it('gives an empty model for a missing, scalar or sequence root', () => {
    for (const text of ['', 'just text', '- id: a\n']) {
      const empty = model(text);
      assert.deepEqual(
        [empty.elements, empty.threats, empty.metadata, empty.index.elements.size],
        [[], [], { owners: [], assumptions: [] }, 0],
      );
    }
  });
});

/** A tree made by hand (no parser, so nothing but the builder can hold on to it). */
function handTree(): YMap {
  const scalar = (text: string): YScalar => ({ kind: 'scalar', start: 0, end: text.length, text, value: text, style: 1, empty: false });
  const map = (entries: [string, YNode][]): YMap => ({
    kind: 'map',
    start: 0,
    end: 0,
    flow: false,
    pairs: entries.map(([key, value]) => ({ key: scalar(key), keyText: key, value })),
  });
  const seq = (items: YNode[]): YSeq => ({ kind: 'seq', start: 0, end: 0, flow: false, items });
  return map([
    ['title', scalar('t')],
    ['elements', seq([map([['id', scalar('a')], ['tags', scalar('x')]])])],
    ['threats', seq([map([['id', scalar('T1')], ['dread', map([['damage', scalar('big')]])]])])],
    ['attack_trees', seq([map([['id', scalar('AT')], ['children', seq([map([['title', scalar('c')]])])]])])],
  ]);
}

describe('core model: build keeps nothing of the document', () => {
  it('lets the tree go once the model is dropped (the field readers are module-wide)', async () => {
    // A released document must not stay reachable from the builder (the server drops the old
    // parse before making the next one).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const refs = ((): WeakRef<object>[] => {
      const root = handTree();
      assert.equal(buildModel(root).elements.length, 1);
      const nodes: object[] = [];
      const walk = (node: YNode): void => {
        nodes.push(node);
        if (node.kind === 'map') for (const pair of node.pairs) walk(pair.value);
        else if (node.kind === 'seq') node.items.forEach(walk);
      };
      walk(root);
      return nodes.map((node) => new WeakRef(node));
    })();
    await new Promise((done) => setImmediate(done));
    gc();
    assert.deepEqual(
      refs.map((ref) => ref.deref() !== undefined),
      refs.map(() => false),
    );
  });
});
