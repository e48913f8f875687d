// The framework catalogs (STRIDE, LINDDUN, MITRE ATLAS, OWASP LLM Top 10): data in catalogs/*.yaml, parsed at
// first use and cached. This is the stable API that analysis rules, hovers and reports code against.
export { categoryInfo, allCategories, controlsForCategory, type CategoryInfo } from './categories';
export {
  strideCatalog,
  strideForElement,
  strideForInteraction,
  parseStrideCatalog,
  CATALOG_ELEMENT_KINDS,
  INTERACTION_ENDS,
  APPLICABILITY_CONDITIONS,
  type StrideCatalog,
  type StrideCategoryEntry,
  type StrideElementApplicability,
  type StrideInteractionApplicability,
  type CatalogControl,
  type ConditionalCategory,
  type CatalogElementKind,
  type InteractionEnd,
  type ApplicabilityCondition,
} from './stride';
export {
  linddunCatalog,
  linddunForElement,
  linddunForInteraction,
  parseLinddunCatalog,
  LINDDUN_POSITIONS,
  type LinddunCatalog,
  type LinddunCategoryEntry,
  type LinddunElementApplicability,
  type LinddunInteractionApplicability,
  type LinddunCharacteristic,
  type LinddunStrategy,
  type LinddunPosition,
} from './linddun';
export { CatalogShapeError } from './shape';
export type { AtlasTactic, AtlasTechnique, AtlasMitigation, AtlasCatalog } from './atlasTypes';
export { ATLAS_TACTIC_ID, ATLAS_TECHNIQUE_ID, ATLAS_SUBTECHNIQUE_ID, ATLAS_MITIGATION_ID, ATLAS_ATTRIBUTION } from './atlasTypes';
export {
  atlasCatalog,
  setAtlasCatalog,
  atlasTactic,
  atlasTechnique,
  atlasMitigation,
  atlasSubtechniques,
  atlasTechniquesForTactic,
  mitigationsForTechnique,
  parseAtlasCatalog,
} from './atlas';
export { importAtlas, serializeAtlasCatalog, parseAtlasSummaries, type AtlasImportResult } from './importAtlas';
export { owaspLlm, owaspMl, owaspItem, parseOwaspCatalog, type OwaspLlmItem, type OwaspMlItem } from './owasp';
export { bundledAtlasSummaries } from './bundledSummaries';
