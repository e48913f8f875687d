// The STRIDE catalog (catalogs/stride.yaml): categories, typical controls, and applicability per element
// and per boundary-crossing interaction.
import strideText from '../../../catalogs/stride.yaml';
import { STRIDE_CATEGORIES, type StrideCategory } from '../model/types';
import { lazy, loadCatalogYaml, Reader } from './shape';

export const CATALOG_ELEMENT_KINDS = ['external_entity', 'process', 'data_store', 'data_flow'] as const;
export type CatalogElementKind = (typeof CATALOG_ELEMENT_KINDS)[number];
export const INTERACTION_ENDS = ['external_entity', 'process', 'data_store'] as const;
export type InteractionEnd = (typeof INTERACTION_ENDS)[number];
/** Element flags a conditional applicability can depend on (named as in the .threatmodel format). */
export const APPLICABILITY_CONDITIONS = ['stores_logs'] as const;
export type ApplicabilityCondition = (typeof APPLICABILITY_CONDITIONS)[number];

export interface CatalogControl {
  /** Control name a mitigation declares in `controls:` (e.g. `rate_limiting`). */
  control: string;
  summary: string;
}

export interface StrideCategoryEntry {
  id: StrideCategory;
  letter: string;
  name: string;
  property: string;
  summary: string;
  mitigations: CatalogControl[];
}

export interface ConditionalCategory<C extends string> {
  category: C;
  /** The flag (on the element, or on the data store end of an interaction) that must be true. */
  when: ApplicabilityCondition;
  note?: string;
}

export interface StrideElementApplicability {
  element: CatalogElementKind;
  categories: StrideCategory[];
  conditional: ConditionalCategory<StrideCategory>[];
}

export interface StrideInteractionApplicability {
  source: InteractionEnd;
  destination: InteractionEnd;
  categories: StrideCategory[];
  conditional: ConditionalCategory<StrideCategory>[];
  note?: string;
}

export interface StrideCatalog {
  categories: StrideCategoryEntry[];
  perElement: StrideElementApplicability[];
  perInteraction: StrideInteractionApplicability[];
}

export const STRIDE_FILE = 'catalogs/stride.yaml';

export function readConditional<C extends string>(r: Reader, allowed: readonly C[]): ConditionalCategory<C>[] {
  return r.items().map((c) => ({
    category: c.get('category').oneOf(allowed),
    when: c.get('when').oneOf(APPLICABILITY_CONDITIONS),
    note: c.get('note', true).optStr(),
  }));
}

/** Parses and validates STRIDE catalog text; throws an Error naming the file and path on a malformed catalog. */
export function parseStrideCatalog(text: string, file = STRIDE_FILE): StrideCatalog {
  const root = new Reader(file, '', loadCatalogYaml(text, file));
  if (root.get('framework').str() !== 'stride') root.get('framework').fail("expected 'stride'");
  const categories = root.get('categories').items().map((c) => ({
    id: c.get('id').oneOf(STRIDE_CATEGORIES),
    letter: c.get('letter').str(),
    name: c.get('name').str(),
    property: c.get('property').str(),
    summary: c.get('summary').str(),
    mitigations: c.get('mitigations').items().map((m) => ({ control: m.get('control').str(), summary: m.get('summary').str() })),
  }));
  const missing = STRIDE_CATEGORIES.filter((id) => !categories.some((c) => c.id === id));
  if (missing.length || categories.length !== STRIDE_CATEGORIES.length) {
    root.get('categories').fail(`expected each of the ${STRIDE_CATEGORIES.length} categories exactly once${missing.length ? ` (missing ${missing.join(', ')})` : ''}`);
  }
  const perElement = root.get('per_element').items().map((e) => ({
    element: e.get('element').oneOf(CATALOG_ELEMENT_KINDS),
    categories: e.get('categories').items().map((c) => c.oneOf(STRIDE_CATEGORIES)),
    conditional: e.has('conditional') ? readConditional(e.get('conditional'), STRIDE_CATEGORIES) : [],
  }));
  const perInteraction = root.get('per_interaction').items().map((e) => ({
    source: e.get('source').oneOf(INTERACTION_ENDS),
    destination: e.get('destination').oneOf(INTERACTION_ENDS),
    categories: e.get('categories').items().map((c) => c.oneOf(STRIDE_CATEGORIES)),
    conditional: e.has('conditional') ? readConditional(e.get('conditional'), STRIDE_CATEGORIES) : [],
    note: e.get('note', true).optStr(),
  }));
  return { categories, perElement, perInteraction };
}

/** The bundled STRIDE catalog, parsed at first use. */
export const strideCatalog = lazy(() => parseStrideCatalog(strideText));

/** STRIDE categories to consider for an element kind; conditional ones only when `flags` has the condition set. */
export function strideForElement(kind: CatalogElementKind, flags: Partial<Record<ApplicabilityCondition, boolean>> = {}): StrideCategory[] {
  const entry = strideCatalog().perElement.find((e) => e.element === kind);
  if (!entry) return [];
  return [...entry.categories, ...entry.conditional.filter((c) => flags[c.when]).map((c) => c.category)];
}

/** STRIDE categories for a boundary-crossing flow from `source` to `destination` kinds ([] when not analysed). */
export function strideForInteraction(
  source: InteractionEnd,
  destination: InteractionEnd,
  flags: Partial<Record<ApplicabilityCondition, boolean>> = {},
): StrideCategory[] {
  const entry = strideCatalog().perInteraction.find((e) => e.source === source && e.destination === destination);
  if (!entry) return [];
  return [...entry.categories, ...entry.conditional.filter((c) => flags[c.when]).map((c) => c.category)];
}
