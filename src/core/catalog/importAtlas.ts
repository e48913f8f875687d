// Importer for the official MITRE ATLAS data file (atlas-data dist/ATLAS.yaml): validates it and reduces it to
// an AtlasCatalog (tactics, techniques with inherited tactics, mitigations with their technique links), merging
// the project's own summaries. The input is untrusted: size, nesting and aliases are bounded, and every
// problem is an Error that says what is wrong and where.
import { load, dump, CORE_SCHEMA } from 'js-yaml';
import {
  ATLAS_ATTRIBUTION,
  ATLAS_MITIGATION_ID,
  ATLAS_SUBTECHNIQUE_ID,
  ATLAS_TACTIC_ID,
  ATLAS_TECHNIQUE_ID,
  byId,
  type AtlasCatalog,
  type AtlasMitigation,
  type AtlasTactic,
  type AtlasTechnique,
} from './atlasTypes';
import { describe } from './shape';

/** Largest ATLAS.yaml we read (characters). v5.6.0 is about 0.45 MB. */
export const ATLAS_MAX_LENGTH = 20 * 1024 * 1024;
/** Most entries of each kind we accept (v5.6.0: 16 / 170 / 35). */
export const ATLAS_MAX_ENTRIES = 10000;

export interface AtlasImportResult {
  catalog: AtlasCatalog;
  warnings: string[];
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(where: string, problem: string): never {
  throw new Error(`ATLAS data: ${where}: ${problem}`);
}

function text(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string' || v.trim() === '') fail(`${where}.${key}`, `expected a non-empty string, found ${describe(v)}`);
  return v.trim();
}

function list(o: Obj, key: string, where: string, required: boolean): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) fail(`${where}.${key}`, 'missing');
    return [];
  }
  if (!Array.isArray(v)) fail(`${where}.${key}`, `expected a list, found ${describe(v)}`);
  if (v.length > ATLAS_MAX_ENTRIES) fail(`${where}.${key}`, `too many entries (${v.length}; the limit is ${ATLAS_MAX_ENTRIES})`);
  return v;
}

function strings(o: Obj, key: string, where: string): string[] {
  return list(o, key, where, false).map((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') fail(`${where}.${key}[${i}]`, `expected a string, found ${describe(v)}`);
    return v.trim();
  });
}

/** Parses ATLAS.yaml text. Unquoted dates stay strings (CORE schema); aliases are refused. */
export function parseAtlasYaml(input: string): Obj {
  if (typeof input !== 'string') throw new Error('ATLAS data: expected YAML text');
  if (input.length > ATLAS_MAX_LENGTH) {
    throw new Error(`ATLAS data is too large: ${input.length} characters (the limit is ${ATLAS_MAX_LENGTH}); is this really ATLAS.yaml?`);
  }
  let root: unknown;
  try {
    root = load(input, { schema: CORE_SCHEMA, maxAliases: 0, maxDepth: 64 });
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    if (/alias/i.test(reason)) throw new Error(`ATLAS data uses YAML aliases, which are not accepted (${reason})`);
    throw new Error(`ATLAS data is not valid YAML: ${reason}`);
  }
  if (!isObj(root)) throw new Error(`ATLAS data: expected a mapping at the top level, found ${describe(root)}`);
  return root;
}

/**
 * Imports ATLAS.yaml text. `summaries` (id -> one line) are merged into techniques and mitigations.
 * Tolerated defects produce warnings; anything else that is malformed throws.
 */
export function importAtlas(input: string, summaries: Record<string, string> = {}): AtlasImportResult {
  const warnings: string[] = [];
  const root = parseAtlasYaml(input);
  if (root.id !== 'ATLAS') fail('id', `expected 'ATLAS', found ${describe(root.id)}; is this the ATLAS data file (dist/ATLAS.yaml)?`);
  const version = text(root, 'version', 'top level');
  const matrices = list(root, 'matrices', 'top level', true);
  if (matrices.length === 0) fail('matrices', 'empty; expected at least one matrix');

  const tactics: AtlasTactic[] = [];
  const rawTechniques: { where: string; o: Obj }[] = [];
  const rawMitigations: { where: string; o: Obj }[] = [];
  const seen = new Map<string, string>();
  const claim = (id: string, where: string) => {
    const before = seen.get(id);
    if (before) fail(where, `duplicate id ${id} (also at ${before})`);
    seen.set(id, where);
  };

  matrices.forEach((m, mi) => {
    const mw = `matrices[${mi}]`;
    if (!isObj(m)) fail(mw, `expected a mapping, found ${describe(m)}`);
    list(m, 'tactics', mw, true).forEach((t, i) => {
      const w = `${mw}.tactics[${i}]`;
      if (!isObj(t)) fail(w, `expected a mapping, found ${describe(t)}`);
      const id = text(t, 'id', w);
      if (!ATLAS_TACTIC_ID.test(id)) fail(`${w}.id`, `'${id}' is not a tactic id (like AML.TA0002)`);
      claim(id, w);
      tactics.push({ id, name: text(t, 'name', w) });
    });
    list(m, 'techniques', mw, true).forEach((t, i) => {
      const w = `${mw}.techniques[${i}]`;
      if (!isObj(t)) fail(w, `expected a mapping, found ${describe(t)}`);
      rawTechniques.push({ where: w, o: t });
    });
    list(m, 'mitigations', mw, false).forEach((t, i) => {
      const w = `${mw}.mitigations[${i}]`;
      if (!isObj(t)) fail(w, `expected a mapping, found ${describe(t)}`);
      rawMitigations.push({ where: w, o: t });
    });
  });
  if (tactics.length === 0) fail('matrices', 'no tactics found');
  if (rawTechniques.length === 0) fail('matrices', 'no techniques found');
  const tacticIds = new Set(tactics.map((t) => t.id));

  // Techniques first (without inherited tactics), then resolve parents.
  const techniques = new Map<string, AtlasTechnique>();
  const whereOf = new Map<string, string>();
  for (const { where, o } of rawTechniques) {
    if (o.id === undefined || o.id === null) fail(where, `technique without an id (name: ${describe(o.name)})`);
    const id = text(o, 'id', where);
    const sub = ATLAS_SUBTECHNIQUE_ID.test(id);
    if (!sub && !ATLAS_TECHNIQUE_ID.test(id)) fail(`${where}.id`, `'${id}' is not a technique id (like AML.T0040 or AML.T0024.001)`);
    claim(id, where);
    const t: AtlasTechnique = { id, name: text(o, 'name', where), tactics: [] };
    if (sub) {
      const parent = o['subtechnique-of'] === undefined ? id.slice(0, id.lastIndexOf('.')) : text(o, 'subtechnique-of', where);
      if (!id.startsWith(parent + '.')) fail(`${where}.subtechnique-of`, `'${parent}' is not the parent of ${id}`);
      t.parent = parent;
      if (o['subtechnique-of'] === undefined) warnings.push(`${id}: no subtechnique-of; parent ${parent} taken from the id`);
    } else if (o['subtechnique-of'] !== undefined) {
      fail(`${where}.subtechnique-of`, `${id} is a top-level technique id but names a parent`);
    }
    const own = strings(o, 'tactics', where);
    for (const tac of own) {
      if (!tacticIds.has(tac)) fail(`${where}.tactics`, `unknown tactic ${tac}`);
    }
    if (!sub && own.length === 0) fail(where, `technique ${id} has no tactics`);
    if (sub && own.length > 0) warnings.push(`${id}: sub-technique lists its own tactics; kept in addition to the parent's`);
    t.tactics = own;
    if (o.maturity !== undefined && o.maturity !== null) t.maturity = text(o, 'maturity', where);
    techniques.set(id, t);
    whereOf.set(id, where);
  }
  for (const t of techniques.values()) {
    if (!t.parent) continue;
    const parent = techniques.get(t.parent);
    if (!parent) fail(whereOf.get(t.id) ?? t.id, `sub-technique ${t.id} names parent ${t.parent}, which is not in the file`);
    if (parent.parent) fail(whereOf.get(t.id) ?? t.id, `parent ${t.parent} of ${t.id} is itself a sub-technique`);
    t.tactics = [...parent.tactics, ...t.tactics.filter((x) => !parent.tactics.includes(x))];
  }

  const mitigations: AtlasMitigation[] = [];
  for (const { where, o } of rawMitigations) {
    const id = text(o, 'id', where);
    if (!ATLAS_MITIGATION_ID.test(id)) fail(`${where}.id`, `'${id}' is not a mitigation id (like AML.M0004)`);
    claim(id, where);
    const links: string[] = [];
    const link = (item: unknown, w: string) => {
      if (!isObj(item)) fail(w, `expected a mapping with an id, found ${describe(item)}`);
      const tid = text(item, 'id', w);
      if (!techniques.has(tid)) {
        warnings.push(`${id}: link to unknown technique ${tid} (${w}) dropped`);
        return;
      }
      if (!links.includes(tid)) links.push(tid);
    };
    list(o, 'techniques', where, false).forEach((item, i) => link(item, `${where}.techniques[${i}]`));
    list(o, 'ml-lifecycle', where, false).forEach((item, i) => {
      if (typeof item === 'string') return;
      const w = `${where}.ml-lifecycle[${i}]`;
      if (isObj(item) && typeof item.id === 'string' && (ATLAS_TECHNIQUE_ID.test(item.id) || ATLAS_SUBTECHNIQUE_ID.test(item.id))) {
        link(item, w);
        warnings.push(`${id}: technique link ${item.id} found inside ml-lifecycle instead of techniques; recovered`);
        return;
      }
      fail(w, `expected a lifecycle stage name, found ${describe(item)}`);
    });
    mitigations.push({ id, name: text(o, 'name', where), category: strings(o, 'category', where), techniques: links.sort() });
  }

  const techniqueList = [...techniques.values()].sort(byId);
  mitigations.sort(byId);
  for (const [id, summary] of Object.entries(summaries)) {
    const target = techniques.get(id) ?? mitigations.find((m) => m.id === id);
    if (!target) {
      warnings.push(`summary for ${id} has no matching technique or mitigation in ATLAS ${version}; not used`);
      continue;
    }
    target.summary = summary.trim();
  }
  return {
    catalog: { version, source: ATLAS_ATTRIBUTION, tactics, techniques: techniqueList, mitigations },
    warnings,
  };
}

/** Serialises a catalog to YAML with a fixed key order (techniques and mitigations sorted by id), so output is reproducible. */
export function serializeAtlasCatalog(c: AtlasCatalog): string {
  const data = {
    version: c.version,
    source: c.source ?? ATLAS_ATTRIBUTION,
    tactics: c.tactics.map((t) => ({ id: t.id, name: t.name })),
    techniques: [...c.techniques].sort(byId).map((t) => ({
      id: t.id,
      name: t.name,
      ...(t.parent ? { parent: t.parent } : {}),
      tactics: [...t.tactics],
      ...(t.maturity ? { maturity: t.maturity } : {}),
      ...(t.summary ? { summary: t.summary } : {}),
    })),
    mitigations: [...c.mitigations].sort(byId).map((m) => ({
      id: m.id,
      name: m.name,
      category: [...m.category],
      techniques: [...m.techniques].sort(),
      ...(m.summary ? { summary: m.summary } : {}),
    })),
  };
  const header =
    '# MITRE ATLAS catalog, GENERATED by `npm run catalog:atlas` (or `threatmodel catalog import-atlas`) from the\n' +
    '# official ATLAS.yaml. Do not edit by hand: summaries live in catalogs/atlas-summaries.yaml.\n' +
    `# Counts: ${c.tactics.length} tactics, ${c.techniques.length} techniques and sub-techniques, ${c.mitigations.length} mitigations.\n`;
  return header + dump(data, { lineWidth: -1, noRefs: true, flowLevel: -1 });
}

/** Parses the summaries file (id -> one line). */
export function parseAtlasSummaries(input: string, file = 'catalogs/atlas-summaries.yaml'): Record<string, string> {
  let root: unknown;
  try {
    root = load(input, { schema: CORE_SCHEMA, maxAliases: 0, maxDepth: 8 });
  } catch (e) {
    throw new Error(`${file}: not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  if (!isObj(root)) throw new Error(`${file}: expected a mapping of ATLAS id to summary, found ${describe(root)}`);
  const out: Record<string, string> = {};
  for (const [id, v] of Object.entries(root)) {
    if (!ATLAS_TECHNIQUE_ID.test(id) && !ATLAS_SUBTECHNIQUE_ID.test(id) && !ATLAS_MITIGATION_ID.test(id)) {
      throw new Error(`${file}: ${id}: not a technique or mitigation id`);
    }
    if (typeof v !== 'string' || v.trim() === '') throw new Error(`${file}: ${id}: expected a one-line summary, found ${describe(v)}`);
    out[id] = v.trim();
  }
  return out;
}
