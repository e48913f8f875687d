// The shape of the MITRE ATLAS catalog as the project uses it (a reduced, link-preserving view of ATLAS.yaml).

export interface AtlasTactic {
  id: string;
  name: string;
}

export interface AtlasTechnique {
  id: string;
  name: string;
  /** Tactic ids; a sub-technique carries its parent's tactics. */
  tactics: string[];
  /** `feasible` | `demonstrated` | `realized` in ATLAS 5.x. */
  maturity?: string;
  /** Parent technique id, for sub-techniques. */
  parent?: string;
  /** One line in the project's own words (from catalogs/atlas-summaries.yaml). */
  summary?: string;
}

export interface AtlasMitigation {
  id: string;
  name: string;
  /** e.g. `Policy`, `Technical - ML`, `Technical - Cyber`. */
  category: string[];
  /** Technique and sub-technique ids this mitigation is linked to in ATLAS. */
  techniques: string[];
  summary?: string;
}

export interface AtlasCatalog {
  /** ATLAS release, e.g. '5.6.0'. */
  version: string;
  /** Where the data came from, with its licence and attribution. */
  source?: string;
  /** Tactics in matrix order. */
  tactics: AtlasTactic[];
  /** Techniques and sub-techniques, sorted by id. */
  techniques: AtlasTechnique[];
  /** Mitigations, sorted by id. */
  mitigations: AtlasMitigation[];
}

// ID forms from the ATLAS output schema (mitigations: AML.M0000).
export const ATLAS_TACTIC_ID = /^(?:[A-Z]+\d*\.)+TA\d{4}$/;
export const ATLAS_TECHNIQUE_ID = /^(?:[A-Z]+\d*\.)+T\d{4}$/;
export const ATLAS_SUBTECHNIQUE_ID = /^(?:[A-Z]+\d*\.)+T\d{4}\.\d{3}$/;
export const ATLAS_MITIGATION_ID = /^(?:[A-Z]+\d*\.)+M\d{4}$/;

export const ATLAS_ATTRIBUTION =
  'MITRE ATLAS (https://atlas.mitre.org), data from github.com/mitre-atlas/atlas-data dist/ATLAS.yaml. ' +
  'Copyright MITRE; used under the Apache License 2.0. IDs, names, tactics, maturity and mitigation links are ' +
  'ATLAS data; the summary fields are the project\'s own wording.';

export function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
