import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  categoryInfo,
  allCategories,
  controlsForCategory,
  strideCatalog,
  linddunCatalog,
  strideForElement,
  strideForInteraction,
  linddunForElement,
  linddunForInteraction,
  parseStrideCatalog,
  parseLinddunCatalog,
  parseOwaspCatalog,
} from '../../src/core/catalog';
import { STRIDE_CATEGORIES, LINDDUN_CATEGORIES } from '../../src/core/model/types';

describe('catalog categories', () => {
  it('describes all 13 category ids of the model', () => {
    for (const id of [...STRIDE_CATEGORIES, ...LINDDUN_CATEGORIES]) {
      const info = categoryInfo(id);
      assert.ok(info, id);
      assert.equal(info.id, id);
      assert.ok(info.name.length > 2 && info.letter.length >= 1 && info.property.length > 3 && info.summary.length > 20, id);
    }
    assert.equal(allCategories().length, 13);
    assert.deepEqual(allCategories('stride').map((c) => c.id), [...STRIDE_CATEGORIES]);
    assert.deepEqual(allCategories('linddun').map((c) => c.id), [...LINDDUN_CATEGORIES]);
    assert.equal(categoryInfo('nonsense'), undefined);
  });

  it('uses the published names, letters and properties', () => {
    assert.deepEqual(
      { ...categoryInfo('information_disclosure'), summary: undefined },
      { framework: 'stride', id: 'information_disclosure', name: 'Information disclosure', letter: 'I', property: 'Confidentiality', summary: undefined },
    );
    assert.equal(categoryInfo('data_disclosure')?.name, 'Data Disclosure');
    assert.equal(categoryInfo('data_disclosure')?.letter, 'DD');
    assert.deepEqual(allCategories('linddun').map((c) => c.letter), ['L', 'I', 'Nr', 'D', 'DD', 'U', 'Nc']);
    assert.deepEqual(allCategories('stride').map((c) => c.letter), ['S', 'T', 'R', 'I', 'D', 'E']);
    assert.deepEqual(allCategories('linddun').map((c) => c.name), [
      'Linking', 'Identifying', 'Non-repudiation', 'Detecting', 'Data Disclosure', 'Unawareness & Unintervenability', 'Non-compliance',
    ]);
    assert.equal(categoryInfo('spoofing')?.property, 'Authentication');
    assert.equal(categoryInfo('elevation_of_privilege')?.property, 'Authorization');
    assert.deepEqual(linddunCatalog().categories.find((c) => c.id === 'linking')?.aliases, ['Linkability']);
  });
});

describe('STRIDE catalog', () => {
  it('applies STRIDE per element, with repudiation on stores only when they hold logs', () => {
    assert.deepEqual(strideForElement('external_entity'), ['spoofing', 'repudiation']);
    assert.equal(strideForElement('process').length, 6);
    assert.deepEqual(strideForElement('data_flow'), ['tampering', 'information_disclosure', 'denial_of_service']);
    assert.ok(!strideForElement('data_store').includes('repudiation'));
    assert.ok(strideForElement('data_store', { stores_logs: true }).includes('repudiation'));
  });

  it('applies STRIDE per interaction for the five boundary-crossing kinds', () => {
    assert.equal(strideForInteraction('external_entity', 'process').length, 6);
    assert.deepEqual(strideForInteraction('process', 'external_entity'), ['spoofing', 'repudiation', 'denial_of_service']);
    assert.ok(!strideForInteraction('process', 'data_store').includes('elevation_of_privilege'));
    assert.ok(!strideForInteraction('data_store', 'process').includes('tampering'));
    assert.ok(strideForInteraction('data_store', 'process', { stores_logs: true }).includes('tampering'));
    assert.deepEqual(strideForInteraction('data_store', 'data_store'), []);
    assert.equal(strideCatalog().perInteraction.length, 5);
  });

  it('lists typical controls with the names mitigations declare', () => {
    const controls = new Set(strideCatalog().categories.flatMap((c) => c.mitigations.map((m) => m.control)));
    for (const c of ['authentication', 'encryption', 'rate_limiting', 'input_validation', 'audit_logging', 'least_privilege', 'integrity_check']) {
      assert.ok(controls.has(c), c);
    }
    for (const c of controls) assert.match(c, /^[a-z][a-z0-9_]*$/);
  });
});

describe('LINDDUN catalog', () => {
  it('applies LINDDUN per element (classic table)', () => {
    assert.deepEqual(linddunForElement('external_entity'), ['linking', 'identifying', 'unawareness']);
    for (const k of ['process', 'data_store', 'data_flow'] as const) {
      assert.deepEqual(linddunForElement(k), ['linking', 'identifying', 'non_repudiation', 'detecting', 'data_disclosure', 'non_compliance']);
    }
  });

  it('applies LINDDUN PRO per interaction with source / flow / destination positions', () => {
    const ee = linddunForInteraction('external_entity', 'process');
    assert.deepEqual(ee?.positions.non_compliance, ['destination']);
    assert.deepEqual(ee?.positions.detecting, ['source', 'flow']);
    const pp = linddunForInteraction('process', 'data_store');
    assert.deepEqual(pp?.positions.non_compliance, ['source', 'destination']);
    assert.deepEqual(pp?.positions.unawareness, ['source', 'destination']);
    assert.deepEqual(pp?.positions.linking, ['source', 'flow', 'destination']);
    assert.equal(linddunForInteraction('data_store', 'data_store'), undefined);
    assert.equal(linddunForInteraction('external_entity', 'external_entity'), undefined);
    assert.equal(linddunCatalog().perInteraction.length, 5);
  });

  it('holds tree characteristics with parents and strategies', () => {
    const ch = linddunCatalog().characteristics;
    assert.equal(ch.find((c) => c.id === 'L.2.1.1')?.parent, 'L.2.1');
    assert.equal(ch.find((c) => c.id === 'DD.4.1.2')?.parent, 'DD.4.1');
    assert.equal(ch.find((c) => c.id === 'L.1')?.parent, undefined);
    assert.ok(ch.some((c) => c.id === 'DD.4.2'));
    const strategies = linddunCatalog().strategies.map((s) => s.id);
    for (const s of ['minimise', 'hide', 'separate', 'aggregate', 'inform', 'control', 'enforce', 'demonstrate']) assert.ok(strategies.includes(s), s);
    const covered = new Set(linddunCatalog().strategies.flatMap((s) => s.addresses));
    for (const id of LINDDUN_CATEGORIES) assert.ok(covered.has(id), `no strategy addresses ${id}`);
  });
});

describe('catalog shape validation', () => {
  const root = join(__dirname, '..', '..', '..');
  const stride = readFileSync(join(root, 'catalogs/stride.yaml'), 'utf8');
  const linddun = readFileSync(join(root, 'catalogs/linddun.yaml'), 'utf8');
  const owasp = readFileSync(join(root, 'catalogs/owasp-llm.yaml'), 'utf8');

  it('parses the shipped catalogs', () => {
    assert.equal(parseStrideCatalog(stride).categories.length, 6);
    assert.equal(parseLinddunCatalog(linddun).categories.length, 7);
    assert.equal(parseOwaspCatalog(owasp).llm.length, 10);
  });

  it('names the file and path of a malformed STRIDE catalog', () => {
    assert.throws(() => parseStrideCatalog(stride.replace('  - id: tampering', '  - id: tamper')), /catalogs\/stride\.yaml: categories\[1\]\.id: 'tamper' is not one of spoofing, tampering/);
    assert.throws(() => parseStrideCatalog(stride.replace('    property: Integrity\n', '')), /catalogs\/stride\.yaml: categories\[1\]\.property: missing/);
    assert.throws(() => parseStrideCatalog(stride.replace('when: stores_logs', 'when: always')), /per_element\[3\]\.conditional\[0\]\.when: 'always' is not one of stores_logs/);
    assert.throws(() => parseStrideCatalog(stride.replace('framework: stride', 'framework: linddun')), /catalogs\/stride\.yaml: framework: expected 'stride'/);
    assert.throws(() => parseStrideCatalog('categories: [', 'x.yaml'), /x\.yaml: not valid YAML/);
    assert.throws(() => parseStrideCatalog('a: &a [1]\nb: *a\n', 'x.yaml'), /x\.yaml: not valid YAML: aliases exceeded/);
  });

  it('names the file and path of a malformed LINDDUN catalog', () => {
    assert.throws(() => parseLinddunCatalog(linddun.replace('{ id: L.2.1.1,', '{ id: X.2.1.1,')), /catalogs\/linddun\.yaml: characteristics\[4\]\.id: 'X\.2\.1\.1' is not a threat-tree id/);
    assert.throws(() => parseLinddunCatalog(linddun.replace('{ id: D.1, category: detecting', '{ id: D.1, category: linking')), /'D\.1' does not start with L, the prefix of linking/);
    assert.throws(() => parseLinddunCatalog(linddun.replace('detecting: [source, flow]', 'detecting: [source, sink]')), /per_interaction\[0\]\.positions\.detecting\[1\]: 'sink' is not one of source, flow, destination/);
    assert.throws(() => parseLinddunCatalog(linddun.replace('[external_entity->process]', '[external_entity=>process]')), /per_interaction\[1\]\.interactions\[0\]: expected 'source->destination'/);
  });

  it('names the file and path of a malformed OWASP catalog', () => {
    assert.throws(() => parseOwaspCatalog(owasp.replace('AML.T0070,', 'T70,')), /catalogs\/owasp-llm\.yaml: llm_top10\[7\]\.atlas_ours\[0\]: 'T70' is not an ATLAS technique id/);
    assert.throws(() => parseOwaspCatalog(owasp.replace('id: LLM10:2025', 'id: LLM10')), /llm_top10\[9\]\.id: 'LLM10' does not look like LLM01:2025/);
  });

  it('maps categories to the control names mitigations declare', () => {
    assert.ok(controlsForCategory('denial_of_service').includes('rate_limiting'));
    assert.ok(controlsForCategory('spoofing').includes('authentication'));
    assert.ok(controlsForCategory('data_disclosure').includes('data_minimization'));
    assert.ok(controlsForCategory('unawareness').includes('privacy_notice'));
    for (const c of [...STRIDE_CATEGORIES, ...LINDDUN_CATEGORIES]) assert.ok(controlsForCategory(c).length > 0, c);
    assert.deepEqual(controlsForCategory('nope'), []);
  });
});
