import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  importAtlas,
  serializeAtlasCatalog,
  parseAtlasSummaries,
  parseAtlasCatalog,
  atlasCatalog,
  setAtlasCatalog,
  atlasTechnique,
  atlasMitigation,
  atlasTactic,
  atlasSubtechniques,
  atlasTechniquesForTactic,
  mitigationsForTechnique,
  owaspLlm,
  owaspMl,
  owaspItem,
  type AtlasCatalog,
} from '../../src/core/catalog';

const root = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const ATLAS_REF = '../shared/reference/atlas/ATLAS.yaml';

describe('ATLAS importer on the official ATLAS.yaml v5.6.0', () => {
  const text = read(ATLAS_REF);
  const { catalog, warnings } = importAtlas(text);

  it('imports exactly 16 tactics, 170 techniques (101 + 69 sub-techniques) and 35 mitigations', () => {
    assert.equal(catalog.version, '5.6.0');
    assert.equal(catalog.tactics.length, 16);
    assert.equal(catalog.techniques.length, 170);
    assert.equal(catalog.techniques.filter((t) => !t.parent).length, 101);
    assert.equal(catalog.techniques.filter((t) => t.parent).length, 69);
    assert.equal(catalog.mitigations.length, 35);
    // 246 link entries upstream, two of them duplicated within a mitigation, plus two recovered from ml-lifecycle.
    assert.equal(catalog.mitigations.reduce((n, m) => n + m.techniques.length, 0), 246);
    const maturity = (m: string) => catalog.techniques.filter((t) => t.maturity === m).length;
    assert.deepEqual([maturity('realized'), maturity('demonstrated'), maturity('feasible')], [64, 89, 17]);
    assert.match(catalog.source ?? '', /Apache License 2\.0/);
  });

  it('keeps tactics in matrix order and sorts techniques and mitigations by id', () => {
    assert.deepEqual(catalog.tactics.slice(0, 4).map((t) => t.id), ['AML.TA0002', 'AML.TA0003', 'AML.TA0004', 'AML.TA0000']);
    assert.equal(catalog.tactics[15].name, 'Impact');
    const ids = catalog.techniques.map((t) => t.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(ids[0], 'AML.T0000');
    const mids = catalog.mitigations.map((m) => m.id);
    assert.deepEqual(mids, [...mids].sort());
  });

  it('tolerates the two mitigations whose link sits in ml-lifecycle, recovering the link with a warning', () => {
    for (const id of ['AML.M0018', 'AML.M0034']) {
      const m = catalog.mitigations.find((x) => x.id === id);
      assert.ok(m?.techniques.includes('AML.T0052.001'), id);
    }
    assert.deepEqual(warnings, [
      'AML.M0018: technique link AML.T0052.001 found inside ml-lifecycle instead of techniques; recovered',
      'AML.M0034: technique link AML.T0052.001 found inside ml-lifecycle instead of techniques; recovered',
    ]);
    assert.deepEqual(catalog.mitigations.find((x) => x.id === 'AML.M0018')?.category, ['Policy']);
  });

  it('lets sub-techniques inherit the tactics of their parent', () => {
    const parent = catalog.techniques.find((t) => t.id === 'AML.T0024');
    const sub = catalog.techniques.find((t) => t.id === 'AML.T0024.001');
    assert.deepEqual(parent?.tactics, ['AML.TA0010']);
    assert.equal(sub?.parent, 'AML.T0024');
    assert.deepEqual(sub?.tactics, ['AML.TA0010']);
    const multi = catalog.techniques.find((t) => t.id === 'AML.T0018.000');
    assert.deepEqual(multi?.tactics, catalog.techniques.find((t) => t.id === 'AML.T0018')?.tactics);
    assert.ok((multi?.tactics.length ?? 0) >= 2);
    for (const t of catalog.techniques) assert.ok(t.tactics.length > 0, t.id);
  });

  it('keeps unquoted dates as strings instead of turning them into Date objects', () => {
    // The importer drops dates; a file whose names look like dates must still produce strings.
    const tiny = minimal().replace('name: Reconnaissance', 'name: 2022-01-24');
    const c = importAtlas(tiny).catalog;
    assert.equal(c.tactics[0].name, '2022-01-24');
    assert.equal(typeof c.tactics[0].name, 'string');
    assert.ok(text.includes('created_date: 2022-01-24'));
  });

  it('merges summaries and warns about summaries for unknown ids', () => {
    const r = importAtlas(text, { 'AML.T0040': 'own words', 'AML.M0004': 'limit queries', 'AML.T9999': 'nothing' });
    assert.equal(r.catalog.techniques.find((t) => t.id === 'AML.T0040')?.summary, 'own words');
    assert.equal(r.catalog.mitigations.find((t) => t.id === 'AML.M0004')?.summary, 'limit queries');
    assert.ok(r.warnings.some((w) => w.includes('AML.T9999')));
  });

  it('matches the committed catalogs/atlas.yaml byte for byte (no drift; regenerate with npm run catalog:atlas)', () => {
    const summaries = parseAtlasSummaries(read('catalogs/atlas-summaries.yaml'));
    const fresh = serializeAtlasCatalog(importAtlas(text, summaries).catalog);
    assert.equal(read('catalogs/atlas.yaml'), fresh);
  });

  it('serialises reproducibly and round-trips through parseAtlasCatalog', () => {
    const once = serializeAtlasCatalog(catalog);
    const shuffled: AtlasCatalog = { ...catalog, techniques: [...catalog.techniques].reverse(), mitigations: [...catalog.mitigations].reverse() };
    assert.equal(serializeAtlasCatalog(shuffled), once);
    const back = parseAtlasCatalog(once, 'roundtrip.yaml');
    assert.deepEqual(back, catalog);
  });
});

/** A small valid ATLAS-shaped document to mutate. */
function minimal(): string {
  return [
    'id: ATLAS',
    'name: Adversarial Threat Landscape for AI Systems',
    'version: 9.9.9',
    'matrices:',
    '- id: ATLAS',
    '  name: ATLAS Matrix',
    '  tactics:',
    '  - id: AML.TA0002',
    '    name: Reconnaissance',
    '    created_date: 2022-01-24',
    '  techniques:',
    '  - id: AML.T0000',
    '    name: Search',
    '    tactics: [AML.TA0002]',
    '    maturity: demonstrated',
    '  - id: AML.T0000.000',
    '    name: Journals',
    '    subtechnique-of: AML.T0000',
    '  mitigations:',
    '  - id: AML.M0000',
    '    name: Limit',
    '    category: [Policy]',
    '    techniques:',
    '    - id: AML.T0000.000',
    '      use: x',
    '',
  ].join('\n');
}

describe('ATLAS importer rejects bad input with a clear message', () => {
  const rejects = (text: string, message: RegExp) => assert.throws(() => importAtlas(text), (e: unknown) => e instanceof Error && message.test(e.message));

  it('accepts the minimal document (control for the cases below)', () => {
    const c = importAtlas(minimal()).catalog;
    assert.deepEqual(c.techniques.map((t) => [t.id, t.tactics]), [['AML.T0000', ['AML.TA0002']], ['AML.T0000.000', ['AML.TA0002']]]);
    assert.deepEqual(c.mitigations[0].techniques, ['AML.T0000.000']);
  });

  it('rejects text that is not YAML', () => rejects('id: ATLAS\nmatrices: [\n  - {', /^ATLAS data is not valid YAML: /));
  it('rejects a top level that is not a mapping', () => rejects('- a\n- b\n', /expected a mapping at the top level, found a list/));
  it('rejects a file without matrices', () => rejects('id: ATLAS\nversion: 1.0.0\n', /ATLAS data: top level\.matrices: missing/));
  it('rejects the wrong id', () => rejects(minimal().replace('id: ATLAS\nname', 'id: NOTATLAS\nname'), /ATLAS data: id: expected 'ATLAS', found the string 'NOTATLAS'/));
  it('rejects a technique without an id', () =>
    rejects(minimal().replace('  - id: AML.T0000\n    name: Search', '  - name: Search'), /matrices\[0\]\.techniques\[0\]: technique without an id \(name: the string 'Search'\)/));
  it('rejects a malformed technique id', () => rejects(minimal().replace('- id: AML.T0000\n', '- id: T-1\n'), /techniques\[0\]\.id: 'T-1' is not a technique id/));
  it('rejects a technique with an unknown tactic', () => rejects(minimal().replace('[AML.TA0002]', '[AML.TA0099]'), /unknown tactic AML\.TA0099/));
  it('rejects a sub-technique whose parent is missing', () =>
    rejects(minimal().replace('subtechnique-of: AML.T0000', 'subtechnique-of: AML.T0001').replace('AML.T0000.000\n    name: Journals', 'AML.T0001.000\n    name: Journals'), /names parent AML\.T0001, which is not in the file/));
  it('rejects duplicate ids', () => rejects(minimal().replace('- id: AML.T0000.000\n    name: Journals', '- id: AML.T0000\n    name: Journals'), /duplicate id AML\.T0000/));
  it('rejects a 200 MB string without parsing it', () => {
    const huge = 'x'.repeat(200 * 1024 * 1024);
    const started = Date.now();
    rejects(huge, /ATLAS data is too large: 209715200 characters/);
    assert.ok(Date.now() - started < 2000);
  });
  it('rejects an alias bomb', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    rejects(bomb.join('\n') + '\nid: ATLAS\n', /ATLAS data uses YAML aliases, which are not accepted/);
  });
  it('rejects non-string text', () => assert.throws(() => importAtlas(42 as unknown as string), /expected YAML text/));
  it('drops links to unknown techniques with a warning', () => {
    const r = importAtlas(minimal().replace('    - id: AML.T0000.000\n      use: x', '    - id: AML.T0777\n      use: x'));
    assert.deepEqual(r.catalog.mitigations[0].techniques, []);
    assert.ok(r.warnings.some((w) => /AML\.M0000: link to unknown technique AML\.T0777/.test(w)));
  });
});

describe('ATLAS catalog at run time', () => {
  afterEach(() => setAtlasCatalog(undefined));

  it('loads the bundled catalog with summaries and answers lookups', () => {
    assert.equal(atlasCatalog().version, '5.6.0');
    assert.equal(atlasTechnique('AML.T0051')?.name, 'LLM Prompt Injection');
    assert.ok(atlasTechnique('AML.T0051')?.summary);
    assert.equal(atlasTactic('AML.TA0000')?.name, 'AI Model Access');
    assert.equal(atlasMitigation('AML.M0004')?.name, 'Restrict Number of AI Model Queries');
    assert.equal(atlasTechnique('AML.T9999'), undefined);
    assert.deepEqual(atlasSubtechniques('AML.T0024').map((t) => t.id), ['AML.T0024.000', 'AML.T0024.001', 'AML.T0024.002']);
    assert.ok(atlasTechniquesForTactic('AML.TA0000').some((t) => t.id === 'AML.T0040'));
    for (const m of atlasCatalog().mitigations) assert.ok(m.summary, `mitigation ${m.id} has no summary`);
  });

  it('gives the ATLAS-linked mitigations of a technique, falling back to the parent for unlinked sub-techniques', () => {
    assert.deepEqual(mitigationsForTechnique('AML.T0040').map((m) => m.id), ['AML.M0019', 'AML.M0024']);
    assert.deepEqual(mitigationsForTechnique('AML.T0024.000').map((m) => m.id), ['AML.M0002', 'AML.M0004', 'AML.M0024']);
    // A sub-technique with links of its own gets exactly those.
    const own = atlasCatalog().mitigations.filter((m) => m.techniques.includes('AML.T0051.000')).map((m) => m.id);
    assert.deepEqual(mitigationsForTechnique('AML.T0051.000').map((m) => m.id), own);
    const unlinkedSub = atlasCatalog().techniques.find((t) => t.parent && !atlasCatalog().mitigations.some((m) => m.techniques.includes(t.id)) && mitigationsForTechnique(t.parent).length > 0);
    assert.ok(unlinkedSub, 'expected some sub-technique without links of its own');
    assert.deepEqual(mitigationsForTechnique(unlinkedSub.id), mitigationsForTechnique(unlinkedSub.parent!));
    assert.deepEqual(mitigationsForTechnique('AML.T0064'), []);
    assert.deepEqual(mitigationsForTechnique('nonsense'), []);
  });

  it('can be replaced by a user-imported catalog, and rejects an inconsistent one', () => {
    const user = importAtlas(minimal()).catalog;
    setAtlasCatalog(user);
    assert.equal(atlasCatalog().version, '9.9.9');
    assert.equal(atlasTechnique('AML.T0051'), undefined);
    assert.deepEqual(mitigationsForTechnique('AML.T0000.000').map((m) => m.id), ['AML.M0000']);
    const broken: AtlasCatalog = { ...user, mitigations: [{ id: 'AML.M0000', name: 'x', category: [], techniques: ['AML.T0404'] }] };
    assert.throws(() => setAtlasCatalog(broken, 'my.yaml'), /my\.yaml: mitigations\[0\]\.techniques\[0\]: unknown technique AML\.T0404/);
    assert.equal(atlasCatalog().version, '9.9.9');
    setAtlasCatalog(undefined);
    assert.equal(atlasCatalog().version, '5.6.0');
  });

  it('validates catalog shape and names the file and path of a problem', () => {
    const good = read('catalogs/atlas.yaml');
    assert.throws(() => parseAtlasCatalog(good.replace(/\n {4}name: Reconnaissance/, ''), 'x.yaml'), /^CatalogShapeError: x\.yaml: tactics\[0\]\.name: missing$/);
    assert.throws(() => parseAtlasCatalog(good.replace('      - AML.TA0002\n', '      - AML.TA0404\n'), 'x.yaml'), /x\.yaml: techniques\[0\]\.tactics\[0\]: unknown tactic AML\.TA0404/);
    assert.throws(() => parseAtlasCatalog('version: [', 'x.yaml'), /x\.yaml: not valid YAML/);
    assert.throws(() => parseAtlasCatalog('version: 1\ntactics: {}\n', 'x.yaml'), /x\.yaml: tactics: expected a list, found a mapping/);
  });
});

describe('ATLAS summaries and OWASP cross-references', () => {
  const summaries = parseAtlasSummaries(read('catalogs/atlas-summaries.yaml'));

  it('has a summary for every technique a rule can propose and for every mitigation', () => {
    const shortlist = ('T0040 T0013 T0014 T0063 T0024 T0024.000 T0024.001 T0024.002 T0005 T0048.004 T0043 T0043.001 T0043.002 T0043.003 T0043.004 ' +
      'T0042 T0015 T0031 T0029 T0046 T0034 T0010 T0010.001 T0010.002 T0010.003 T0019 T0058 T0020 T0059 T0018 T0018.000 T0018.001 T0018.002 ' +
      'T0011.000 T0011.001 T0002.001 T0007 T0035 T0025 T0044 T0051 T0051.000 T0051.001 T0051.002 T0054 T0056 T0057 T0064 T0066 T0070 T0071 ' +
      'T0082 T0085.000 T0061 T0062 T0053 T0086 T0080 T0012 T0093 T0069 T0077 T0065 T0068 T0067 T0060').split(' ');
    for (const id of shortlist) assert.ok(summaries[`AML.${id}`], `no summary for AML.${id}`);
    for (const m of atlasCatalog().mitigations) assert.ok(summaries[m.id], `no summary for ${m.id}`);
  });

  it('only summarises techniques and mitigations that exist', () => {
    for (const id of Object.keys(summaries)) assert.ok(atlasTechnique(id) || atlasMitigation(id), `${id} is not in the ATLAS catalog`);
  });

  it('rejects a malformed summaries file', () => {
    assert.throws(() => parseAtlasSummaries('AML.T0040: [a]\n', 's.yaml'), /s\.yaml: AML\.T0040: expected a one-line summary, found a list/);
    assert.throws(() => parseAtlasSummaries('T40: x\n', 's.yaml'), /s\.yaml: T40: not a technique or mitigation id/);
  });

  it('lists the OWASP LLM Top 10 2025 with names as published and existing ATLAS references', () => {
    const items = owaspLlm();
    assert.deepEqual(items.map((i) => i.id), Array.from({ length: 10 }, (_, i) => `LLM${String(i + 1).padStart(2, '0')}:2025`));
    assert.deepEqual(items.map((i) => i.name), [
      'Prompt Injection', 'Sensitive Information Disclosure', 'Supply Chain', 'Data and Model Poisoning', 'Improper Output Handling',
      'Excessive Agency', 'System Prompt Leakage', 'Vector and Embedding Weaknesses', 'Misinformation', 'Unbounded Consumption',
    ]);
    assert.equal(items[0].short, 'LLM01');
    for (const item of [...items, ...owaspMl()]) {
      assert.ok(item.summary.length > 20, item.id);
      for (const t of item.atlas) assert.ok(atlasTechnique(t), `${item.id} references missing ${t}`);
      for (const t of item.atlasTactics) assert.ok(atlasTactic(t), `${item.id} references missing tactic ${t}`);
    }
    assert.deepEqual(owaspItem('LLM01')?.atlasCited, ['AML.T0051.000', 'AML.T0051.001', 'AML.T0054']);
    assert.ok(owaspItem('LLM08:2025')?.atlasOurs.includes('AML.T0070'));
    assert.ok(owaspItem('LLM07')?.atlas.includes('AML.T0056'));
    assert.ok(owaspItem('LLM06')?.atlas.includes('AML.T0053'));
    assert.ok(owaspItem('LLM02')?.atlas.includes('AML.T0057'));
    assert.deepEqual(owaspItem('LLM10')?.atlasTactics, ['AML.TA0000']);
    assert.equal(owaspMl().length, 10);
    assert.equal(owaspItem('ML05')?.name, 'Model Theft');
  });
});
