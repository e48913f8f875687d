// One view over the STRIDE and LINDDUN categories, for hovers, completions, reports and rules.
// Data comes from catalogs/stride.yaml and catalogs/linddun.yaml.
import { lazy } from './shape';
import { strideCatalog } from './stride';
import { linddunCatalog } from './linddun';

export interface CategoryInfo {
  framework: 'stride' | 'linddun';
  /** Category id as used in the model, e.g. 'information_disclosure', 'data_disclosure'. */
  id: string;
  /** Published name, e.g. 'Information disclosure', 'Data Disclosure'. */
  name: string;
  /** Letter or tree prefix, e.g. 'I', 'DD'. */
  letter: string;
  /** The property the threat violates, e.g. 'Confidentiality'. */
  property: string;
  /** One or two sentences in the project's words. */
  summary: string;
}

const all = lazy((): CategoryInfo[] => [
  ...strideCatalog().categories.map((c) => ({ framework: 'stride' as const, id: c.id, name: c.name, letter: c.letter, property: c.property, summary: c.summary })),
  ...linddunCatalog().categories.map((c) => ({ framework: 'linddun' as const, id: c.id, name: c.name, letter: c.letter, property: c.property, summary: c.summary })),
]);

const byId = lazy(() => new Map(all().map((c) => [c.id, c])));

/** The category with this id (STRIDE and LINDDUN ids are disjoint), or undefined. */
export function categoryInfo(id: string): CategoryInfo | undefined {
  return byId().get(id);
}

/** All categories, STRIDE first then LINDDUN, in catalog order; or those of one framework. */
export function allCategories(framework?: 'stride' | 'linddun'): CategoryInfo[] {
  return framework ? all().filter((c) => c.framework === framework) : all().slice();
}

const controls = lazy(() => {
  const map = new Map<string, string[]>();
  for (const c of strideCatalog().categories) map.set(c.id, [...new Set(c.mitigations.map((m) => m.control))]);
  for (const c of linddunCatalog().categories) {
    const names = linddunCatalog().strategies.filter((s) => s.addresses.includes(c.id)).flatMap((s) => s.controls);
    map.set(c.id, [...new Set(names)]);
  }
  return map;
});

/**
 * Control names (as mitigations declare them in `controls:`) that typically address a category: the STRIDE
 * catalog's mitigations, or the controls of the LINDDUN strategies that address it. [] for unknown ids.
 */
export function controlsForCategory(id: string): string[] {
  return (controls().get(id) ?? []).slice();
}
