// The LINDDUN catalog (catalogs/linddun.yaml): the seven privacy threat types, applicability per element and
// per interaction (LINDDUN PRO), threat-tree characteristics and mitigation strategies.
import linddunText from '../../../catalogs/linddun.yaml';
import { LINDDUN_CATEGORIES, type LinddunCategory } from '../model/types';
import { lazy, loadCatalogYaml, Reader } from './shape';
import { CATALOG_ELEMENT_KINDS, INTERACTION_ENDS, type CatalogElementKind, type InteractionEnd } from './stride';

export const LINDDUN_POSITIONS = ['source', 'flow', 'destination'] as const;
export type LinddunPosition = (typeof LINDDUN_POSITIONS)[number];

export interface LinddunCategoryEntry {
  id: LinddunCategory;
  /** Threat-tree prefix: L, I, Nr, D, DD, U, Nc. */
  letter: string;
  /** Current name (e.g. 'Linking'). */
  name: string;
  /** Earlier names (e.g. 'Linkability'). */
  aliases: string[];
  property: string;
  summary: string;
}

export interface LinddunElementApplicability {
  element: CatalogElementKind;
  categories: LinddunCategory[];
}

export interface LinddunInteractionApplicability {
  source: InteractionEnd;
  destination: InteractionEnd;
  /** Where each threat type can sit in this interaction; a type that is absent does not apply. */
  positions: Partial<Record<LinddunCategory, LinddunPosition[]>>;
}

export interface LinddunCharacteristic {
  /** Tree id as published, e.g. 'L.2.1.1'. */
  id: string;
  category: LinddunCategory;
  name: string;
  /** Id of the parent characteristic (derived from the dotted id), if listed. */
  parent?: string;
}

export interface LinddunStrategy {
  id: string;
  name: string;
  summary: string;
  addresses: LinddunCategory[];
  /** Control names a mitigation can declare in `controls:` to realise this strategy. */
  controls: string[];
}

export interface LinddunCatalog {
  categories: LinddunCategoryEntry[];
  perElement: LinddunElementApplicability[];
  perInteraction: LinddunInteractionApplicability[];
  characteristics: LinddunCharacteristic[];
  strategies: LinddunStrategy[];
}

export const LINDDUN_FILE = 'catalogs/linddun.yaml';
const CHARACTERISTIC_ID = /^(L|I|Nr|D|DD|U|Nc)(\.\d+)+$/;

/** Parses and validates LINDDUN catalog text; throws an Error naming the file and path on a malformed catalog. */
export function parseLinddunCatalog(text: string, file = LINDDUN_FILE): LinddunCatalog {
  const root = new Reader(file, '', loadCatalogYaml(text, file));
  if (root.get('framework').str() !== 'linddun') root.get('framework').fail("expected 'linddun'");
  const categories = root.get('categories').items().map((c) => ({
    id: c.get('id').oneOf(LINDDUN_CATEGORIES),
    letter: c.get('letter').str(),
    name: c.get('name').str(),
    aliases: c.get('aliases', true).strs(),
    property: c.get('property').str(),
    summary: c.get('summary').str(),
  }));
  const missing = LINDDUN_CATEGORIES.filter((id) => !categories.some((c) => c.id === id));
  if (missing.length || categories.length !== LINDDUN_CATEGORIES.length) {
    root.get('categories').fail(`expected each of the ${LINDDUN_CATEGORIES.length} threat types exactly once${missing.length ? ` (missing ${missing.join(', ')})` : ''}`);
  }
  const perElement = root.get('per_element').items().map((e) => ({
    element: e.get('element').oneOf(CATALOG_ELEMENT_KINDS),
    categories: e.get('categories').items().map((c) => c.oneOf(LINDDUN_CATEGORIES)),
  }));
  const perInteraction: LinddunInteractionApplicability[] = [];
  for (const group of root.get('per_interaction').items()) {
    const positions: Partial<Record<LinddunCategory, LinddunPosition[]>> = {};
    for (const [key, value] of group.get('positions').entries()) {
      const cat = new Reader(value.file, value.path, key).oneOf(LINDDUN_CATEGORIES);
      positions[cat] = value.items().map((p) => p.oneOf(LINDDUN_POSITIONS));
    }
    for (const i of group.get('interactions').items()) {
      const [source, destination, extra] = i.str().split('->').map((s) => s.trim());
      if (extra !== undefined || !destination) i.fail("expected 'source->destination'");
      perInteraction.push({
        source: new Reader(i.file, i.path, source).oneOf(INTERACTION_ENDS),
        destination: new Reader(i.file, i.path, destination).oneOf(INTERACTION_ENDS),
        positions,
      });
    }
  }
  const characteristics = root.get('characteristics').items().map((c) => {
    const id = c.get('id').str();
    if (!CHARACTERISTIC_ID.test(id)) c.get('id').fail(`'${id}' is not a threat-tree id such as L.2.1`);
    const category = c.get('category').oneOf(LINDDUN_CATEGORIES);
    const prefix = categories.find((k) => k.id === category)?.letter;
    if (id.split('.')[0] !== prefix) c.get('id').fail(`'${id}' does not start with ${prefix}, the prefix of ${category}`);
    return { id, category, name: c.get('name').str() };
  });
  const ids = new Set(characteristics.map((c) => c.id));
  const withParents = characteristics.map((c) => {
    const parent = c.id.split('.').slice(0, -1).join('.');
    return ids.has(parent) ? { ...c, parent } : c;
  });
  const strategies = root.get('strategies').items().map((s) => ({
    id: s.get('id').str(),
    name: s.get('name').str(),
    summary: s.get('summary').str(),
    addresses: s.get('addresses').items().map((c) => c.oneOf(LINDDUN_CATEGORIES)),
    controls: s.get('controls', true).strs(),
  }));
  return { categories, perElement, perInteraction, characteristics: withParents, strategies };
}

/** The bundled LINDDUN catalog, parsed at first use. */
export const linddunCatalog = lazy(() => parseLinddunCatalog(linddunText));

/** LINDDUN threat types to consider for an element kind (classic per-element table). */
export function linddunForElement(kind: CatalogElementKind): LinddunCategory[] {
  return linddunCatalog().perElement.find((e) => e.element === kind)?.categories ?? [];
}

/** LINDDUN PRO: where each threat type sits for a source -> destination interaction (undefined: not analysed). */
export function linddunForInteraction(source: InteractionEnd, destination: InteractionEnd): LinddunInteractionApplicability | undefined {
  return linddunCatalog().perInteraction.find((e) => e.source === source && e.destination === destination);
}
