// The threat model as the rest of core sees it: normalised, typed, and tied to its source.
// Every entity keeps the YAML node it came from (`node`), so diagnostics, navigation and
// edits can find the exact key or value through `src/core/yaml/tree.ts` helpers.
import type { YMap, YNode } from '../yaml/tree';

export const DFD_TYPES = ['external_entity', 'process', 'data_store'] as const;
export type DfdType = (typeof DFD_TYPES)[number];

export const ML_ROLES = [
  'model', // a trained model artifact (weights)
  'pretrained_model', // a third-party base / backbone model
  'training_pipeline',
  'training_data',
  'dataset', // evaluation or other dataset
  'feature_store',
  'inference_api',
  'llm',
  'embedding_model',
  'retriever',
  'vector_store',
  'agent',
  'agent_tool',
  'federated_client',
  'federated_aggregator',
] as const;
export type MlRole = (typeof ML_ROLES)[number];

export const STRIDE_CATEGORIES = [
  'spoofing',
  'tampering',
  'repudiation',
  'information_disclosure',
  'denial_of_service',
  'elevation_of_privilege',
] as const;
export type StrideCategory = (typeof STRIDE_CATEGORIES)[number];

export const LINDDUN_CATEGORIES = [
  'linking',
  'identifying',
  'non_repudiation',
  'detecting',
  'data_disclosure',
  'unawareness',
  'non_compliance',
] as const;
export type LinddunCategory = (typeof LINDDUN_CATEGORIES)[number];

export const THREAT_STATUSES = ['open', 'mitigated', 'accepted', 'transferred'] as const;
export type ThreatStatus = (typeof THREAT_STATUSES)[number];

export const MITIGATION_STATUSES = ['proposed', 'planned', 'implemented', 'verified'] as const;
export type MitigationStatus = (typeof MITIGATION_STATUSES)[number];

export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const BOUNDARY_KINDS = [
  'network',
  'cloud_account',
  'organization',
  'vendor',
  'host',
  'container',
  'process',
  'physical',
  'other',
] as const;
export type BoundaryKind = (typeof BOUNDARY_KINDS)[number];

export const AUTHENTICATION_METHODS = [
  'none',
  'password',
  'api_key',
  'oauth',
  'oidc',
  'saml',
  'mtls',
  'certificate',
  'token',
  'other',
] as const;
export type AuthenticationMethod = (typeof AUTHENTICATION_METHODS)[number];

export const PROVENANCES = ['internal', 'external', 'vendor'] as const;
export type Provenance = (typeof PROVENANCES)[number];

export const VALIDATION_RESULTS = ['succeeded', 'failed', 'undetermined'] as const;
export type ValidationResult = (typeof VALIDATION_RESULTS)[number];

export const ATTACK_TREE_OPERATORS = ['and', 'or'] as const;
export type AttackTreeOperator = (typeof ATTACK_TREE_OPERATORS)[number];

/** Fields common to everything with an `id`. `node` is the entity's mapping in the YAML tree. */
export interface Entity {
  id: string;
  node: YMap;
  /** Index within its top-level list (elements[3] -> 3). */
  index: number;
}

export interface Metadata {
  title?: string;
  description?: string;
  owners: string[];
  scope?: string;
  assumptions: string[];
}

export interface DataAsset extends Entity {
  name?: string;
  description?: string;
  classification?: Classification;
  personal: boolean;
  specialCategory: boolean;
  retention?: string;
}

export interface Boundary extends Entity {
  name?: string;
  description?: string;
  kind?: BoundaryKind;
  /** Id of the enclosing boundary (nesting). */
  parent?: string;
}

export interface Element extends Entity {
  name?: string;
  description?: string;
  type: DfdType;
  mlRoles: MlRole[];
  boundary?: string;
  /** What callers must present to use this element; `none` means anyone who can reach it. */
  authentication?: AuthenticationMethod;
  internetFacing: boolean;
  thirdParty: boolean;
  provenance?: Provenance;
  /** Where an external artifact comes from (URL, hub name, vendor). */
  source?: string;
  storesLogs: boolean;
  rateLimited: boolean;
  /** An inference API that returns confidence scores / logits, not just labels. */
  returnsScores: boolean;
  /** Ids of data assets stored or processed here. */
  data: string[];
  tags: string[];
}

export interface Flow extends Entity {
  name?: string;
  description?: string;
  from: string;
  to: string;
  /** Ids of data assets carried. */
  data: string[];
  protocol?: string;
  authenticated: boolean;
  encrypted: boolean;
  rateLimited: boolean;
  bidirectional: boolean;
  tags: string[];
}

export interface Dread {
  damage?: number;
  reproducibility?: number;
  exploitability?: number;
  affectedUsers?: number;
  discoverability?: number;
}

export interface Validation {
  result: ValidationResult;
  date?: string;
  source?: string;
  details?: string;
}

export interface Threat extends Entity {
  title?: string;
  description?: string;
  /** Ids of the elements or flows the threat applies to (`target:` accepts one id or a list). */
  targets: string[];
  stride: StrideCategory[];
  linddun: LinddunCategory[];
  atlas: string[];
  owaspLlm: string[];
  dread?: Dread;
  status: ThreatStatus;
  justification?: string;
  owner?: string;
  reviewBy?: string;
  mitigations: string[];
  /** Id of the analysis proposal this threat was created from (keeps re-runs from duplicating). */
  proposal?: string;
  validation: Validation[];
}

export interface Evidence {
  path?: string;
  ticket?: string;
  url?: string;
  note?: string;
  /** The YAML node of this evidence entry (a scalar `path:...` or a mapping). */
  node: YNode;
}

export interface Mitigation extends Entity {
  title?: string;
  description?: string;
  status: MitigationStatus;
  atlas: string[];
  /** Security controls this mitigation provides, used by rules (e.g. `rate_limiting`, `authentication`). */
  controls: string[];
  owner?: string;
  evidence: Evidence[];
}

export interface AttackTreeNode {
  id?: string;
  title?: string;
  operator?: AttackTreeOperator;
  threat?: string;
  children: AttackTreeNode[];
  node: YMap;
}

export interface AttackTree extends Entity {
  goal?: string;
  root: AttackTreeNode;
}

export interface Suppression {
  rule?: string;
  target?: string;
  proposal?: string;
  justification?: string;
  node: YMap;
}

export interface ThreatModel {
  version?: number;
  metadata: Metadata;
  dataAssets: DataAsset[];
  boundaries: Boundary[];
  elements: Element[];
  flows: Flow[];
  threats: Threat[];
  mitigations: Mitigation[];
  attackTrees: AttackTree[];
  suppressions: Suppression[];
  /** Lookup by id across all id-bearing kinds (first definition wins). */
  index: ModelIndex;
}

export type EntityKind = 'data_asset' | 'boundary' | 'element' | 'flow' | 'threat' | 'mitigation' | 'attack_tree';

export interface ModelIndex {
  dataAssets: Map<string, DataAsset>;
  boundaries: Map<string, Boundary>;
  elements: Map<string, Element>;
  flows: Map<string, Flow>;
  threats: Map<string, Threat>;
  mitigations: Map<string, Mitigation>;
  attackTrees: Map<string, AttackTree>;
}
