import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument, parseDocument, type AttackTreeNode, type ParsedDocument } from '../../src/core';

const root = join(__dirname, '..', '..', '..');

/** The codes of the foundation checks (YAML, schema, references): the examples must have none. */
const FOUNDATION_CODES = [
  'yaml-syntax', 'yaml-duplicate-key', 'yaml-too-large', 'yaml-too-many-aliases', 'yaml-unknown-alias',
  'yaml-multiple-documents', 'invalid-encoding', 'empty-model', 'invalid-root', 'missing-version',
  'unsupported-version', 'unknown-key', 'missing-key', 'invalid-type', 'invalid-value', 'invalid-id',
  'duplicate-id', 'unresolved-reference', 'boundary-cycle', 'self-flow', 'internal-error',
];

interface Expected {
  elements: number;
  flows: number;
  boundaries: number;
  dataAssets: number;
  threats: number;
  mitigations: number;
  attackTrees: number;
  /** Open threats deliberately left without any mitigation. */
  unmitigated: string[];
  /** Evidence paths that deliberately do not exist in the repository. */
  missingEvidence: string[];
  mlRoles: string[];
}

const EXAMPLES: Record<string, Expected> = {
  'spam-classifier': {
    elements: 8, flows: 9, boundaries: 4, dataAssets: 7, threats: 8, mitigations: 5, attackTrees: 1,
    unmitigated: ['thr-corpus-poisoning', 'thr-feedback-poisoning'],
    missingEvidence: ['services/inference-api/ratelimit.py'],
    mlRoles: ['dataset', 'inference_api', 'model', 'training_data', 'training_pipeline'],
  },
  'federated-imaging': {
    elements: 12, flows: 15, boundaries: 6, dataAssets: 6, threats: 9, mitigations: 7, attackTrees: 1,
    unmitigated: ['thr-membership-inference'],
    missingEvidence: ['deploy/aggregator/mtls-config.yaml'],
    mlRoles: ['federated_aggregator', 'federated_client', 'inference_api', 'model', 'training_data'],
  },
  'rag-assistant': {
    elements: 14, flows: 18, boundaries: 6, dataAssets: 8, threats: 7, mitigations: 5, attackTrees: 1,
    unmitigated: ['thr-indirect-injection'],
    missingEvidence: [],
    mlRoles: ['agent', 'agent_tool', 'embedding_model', 'llm', 'pretrained_model', 'retriever', 'vector_store'],
  },
};

function leaves(node: AttackTreeNode): AttackTreeNode[] {
  return node.children.length === 0 ? [node] : node.children.flatMap(leaves);
}

describe('examples: the three reference models', () => {
  for (const [name, expected] of Object.entries(EXAMPLES)) {
    describe(`examples/${name}.threatmodel`, () => {
      let doc: ParsedDocument;
      before(() => {
        doc = parseDocument(readFileSync(join(root, 'examples', `${name}.threatmodel`), 'utf8'));
      });

      it('has no YAML, schema or reference problems', () => {
        const found = checkDocument(doc, { fileExists: (p) => existsSync(join(root, p)) })
          .filter((d) => FOUNDATION_CODES.includes(d.code))
          .map((d) => `${d.code} at line ${doc.lines.positionAt(d.start).line + 1}: ${d.message}`);
        assert.deepEqual(found, []);
      });

      it('has the sections and sizes the analysis tests rely on', () => {
        const m = doc.model;
        assert.deepEqual(
          {
            elements: m.elements.length, flows: m.flows.length, boundaries: m.boundaries.length, dataAssets: m.dataAssets.length,
            threats: m.threats.length, mitigations: m.mitigations.length, attackTrees: m.attackTrees.length,
          },
          {
            elements: expected.elements, flows: expected.flows, boundaries: expected.boundaries, dataAssets: expected.dataAssets,
            threats: expected.threats, mitigations: expected.mitigations, attackTrees: expected.attackTrees,
          },
        );
        assert.ok(m.metadata.title && m.metadata.description && m.metadata.scope);
        assert.ok(m.metadata.owners.length > 0 && m.metadata.assumptions.length > 0);
        assert.deepEqual([...new Set(m.elements.flatMap((e) => e.mlRoles))].sort(), expected.mlRoles);
        assert.ok(m.boundaries.some((b) => b.parent), 'boundaries nest');
        assert.ok(m.dataAssets.some((d) => d.personal), 'some data is personal');
      });

      it('leaves exactly the intended threats open without a mitigation', () => {
        const unmitigated = doc.model.threats.filter((t) => t.status === 'open' && t.mitigations.length === 0).map((t) => t.id);
        assert.deepEqual(unmitigated, expected.unmitigated);
      });

      it('covers every threat status and gives accepted/transferred risks a justification, owner and review date', () => {
        const statuses = new Set(doc.model.threats.map((t) => t.status));
        for (const s of ['open', 'mitigated', 'accepted', 'transferred'] as const) assert.ok(statuses.has(s), `no ${s} threat`);
        for (const t of doc.model.threats.filter((x) => x.status === 'accepted' || x.status === 'transferred')) {
          assert.ok(t.justification && t.owner && /^\d{4}-\d{2}-\d{2}$/.test(t.reviewBy ?? ''), t.id);
        }
      });

      it('scores threats with DREAD factors on a 1-10 scale', () => {
        const scored = doc.model.threats.filter((t) => t.dread);
        assert.ok(scored.length >= doc.model.threats.length - 2);
        for (const t of scored) {
          for (const v of Object.values(t.dread!)) assert.ok(typeof v === 'number' && v >= 1 && v <= 10, `${t.id}: ${v}`);
          assert.equal(Object.keys(t.dread!).length, 5, t.id);
        }
      });

      it('has an AND/OR attack tree whose leaves all reference threats of the model', () => {
        const tree = doc.model.attackTrees[0];
        const ops = new Set<string>();
        const walk = (n: AttackTreeNode): void => {
          if (n.operator) ops.add(n.operator);
          n.children.forEach(walk);
        };
        walk(tree.root);
        assert.deepEqual([...ops].sort(), ['and', 'or']);
        for (const leaf of leaves(tree.root)) assert.ok(leaf.threat && doc.model.index.threats.has(leaf.threat), leaf.title);
      });

      it('gives evidence as tickets or links, except the deliberately missing paths', () => {
        const evidence = doc.model.mitigations.flatMap((m) => m.evidence);
        const paths = evidence.filter((e) => e.path).map((e) => e.path!);
        assert.deepEqual(paths.filter((p) => !existsSync(join(root, p))), expected.missingEvidence);
        assert.ok(evidence.some((e) => e.ticket || e.url));
        const statuses = new Set(doc.model.mitigations.map((m) => m.status));
        assert.ok(statuses.size >= 3, `mitigation statuses: ${[...statuses]}`);
      });
    });
  }

  it('uses the ATLAS, OWASP LLM and LINDDUN ids the analysis is expected to recognise as covered', () => {
    const ids = (name: string) => {
      const m = parseDocument(readFileSync(join(root, 'examples', `${name}.threatmodel`), 'utf8')).model;
      return new Set(m.threats.flatMap((t) => [...t.atlas, ...t.owaspLlm, ...t.linddun]));
    };
    const spam = ids('spam-classifier');
    for (const id of ['AML.T0015', 'AML.T0043', 'AML.T0024.002', 'AML.T0020']) assert.ok(spam.has(id), id);
    for (const id of ['AML.T0029', 'AML.T0034', 'AML.T0040']) assert.ok(!spam.has(id), `${id} is left for the analysis to propose`);
    const fed = ids('federated-imaging');
    for (const id of ['AML.T0020', 'AML.T0018.000', 'AML.T0024.000', 'linking', 'identifying', 'data_disclosure', 'non_compliance']) assert.ok(fed.has(id), id);
    const rag = ids('rag-assistant');
    for (const id of ['AML.T0051.000', 'AML.T0051.001', 'AML.T0057', 'LLM01', 'LLM02', 'data_disclosure']) assert.ok(rag.has(id), id);
    for (const id of ['AML.T0070', 'AML.T0056', 'AML.T0054']) assert.ok(!rag.has(id), `${id} is left for the analysis to propose`);
  });
});
