// OWASP Top 10 for LLM Applications 2025 and OWASP ML Security Top 10 2023 (catalogs/owasp-llm.yaml), with
// cross-references to ATLAS technique ids (those OWASP cites, and this project's own mapping, kept apart).
import owaspText from '../../../catalogs/owasp-llm.yaml';
import { ATLAS_SUBTECHNIQUE_ID, ATLAS_TACTIC_ID, ATLAS_TECHNIQUE_ID } from './atlasTypes';
import { lazy, loadCatalogYaml, Reader } from './shape';

export interface OwaspLlmItem {
  /** e.g. 'LLM01:2025'. */
  id: string;
  /** e.g. 'LLM01'. */
  short: string;
  name: string;
  summary: string;
  /** ATLAS technique ids: those OWASP cites, then ours (no duplicates). */
  atlas: string[];
  /** ATLAS technique ids cited by the OWASP text itself. */
  atlasCited: string[];
  /** ATLAS technique ids mapped by this project (not OWASP's). */
  atlasOurs: string[];
  /** ATLAS tactic ids cited by the OWASP text. */
  atlasTactics: string[];
}

export type OwaspMlItem = OwaspLlmItem;

export const OWASP_FILE = 'catalogs/owasp-llm.yaml';

function techniqueIds(r: Reader): string[] {
  return r.items().map((x) => {
    const id = x.str();
    if (!ATLAS_TECHNIQUE_ID.test(id) && !ATLAS_SUBTECHNIQUE_ID.test(id)) x.fail(`'${id}' is not an ATLAS technique id`);
    return id;
  });
}

function readList(root: Reader, key: string, idForm: RegExp): OwaspLlmItem[] {
  const items = root.get(key).items().map((r) => {
    const id = r.get('id').str();
    if (!idForm.test(id)) r.get('id').fail(`'${id}' does not look like ${key === 'llm_top10' ? 'LLM01:2025' : 'ML01:2023'}`);
    const atlasCited = r.has('atlas_cited') ? techniqueIds(r.get('atlas_cited')) : [];
    const atlasOurs = r.has('atlas_ours') ? techniqueIds(r.get('atlas_ours')) : [];
    const atlasTactics = r.get('atlas_tactics_cited', true).strs();
    atlasTactics.forEach((t) => ATLAS_TACTIC_ID.test(t) || r.get('atlas_tactics_cited').fail(`'${t}' is not an ATLAS tactic id`));
    return {
      id,
      short: id.split(':')[0],
      name: r.get('name').str(),
      summary: r.get('summary').str(),
      atlas: [...new Set([...atlasCited, ...atlasOurs])],
      atlasCited,
      atlasOurs,
      atlasTactics,
    };
  });
  const ids = new Set<string>();
  items.forEach((it, i) => {
    if (ids.has(it.id)) root.get(key).items()[i].fail(`duplicate ${it.id}`);
    ids.add(it.id);
  });
  return items;
}

export function parseOwaspCatalog(text: string, file = OWASP_FILE): { llm: OwaspLlmItem[]; ml: OwaspMlItem[] } {
  const root = new Reader(file, '', loadCatalogYaml(text, file));
  const llm = readList(root, 'llm_top10', /^LLM\d{2}:\d{4}$/);
  if (llm.length !== 10) root.get('llm_top10').fail(`expected 10 items, found ${llm.length}`);
  const ml = root.has('ml_top10') ? readList(root, 'ml_top10', /^ML\d{2}:\d{4}$/) : [];
  return { llm, ml };
}

const owasp = lazy(() => parseOwaspCatalog(owaspText));

/** OWASP Top 10 for LLM Applications 2025, LLM01 first. */
export function owaspLlm(): OwaspLlmItem[] {
  return owasp().llm;
}

/** OWASP Machine Learning Security Top 10 (2023 draft), ML01 first. */
export function owaspMl(): OwaspMlItem[] {
  return owasp().ml;
}

/** An item by full id ('LLM01:2025') or short id ('LLM01', 'ML03'). */
export function owaspItem(id: string): OwaspLlmItem | undefined {
  const all = [...owasp().llm, ...owasp().ml];
  return all.find((i) => i.id === id) ?? all.find((i) => i.short === id);
}
