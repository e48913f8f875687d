// Hover: on an id (definition or reference) a summary of the entity (type, ML roles, boundary,
// flows in and out, threats with status and DREAD); on a key the field's documentation; on a
// STRIDE / LINDDUN value the category's meaning; on an ATLAS id its name in the catalog in use (bundled or
// user-imported); on an OWASP LLM id its name and ATLAS cross-references; a threat's latest validation
// run (e.g. PyRIT). Markdown; every user string is escaped.
import { dreadBand, dreadScaleOf, dreadScore, type DreadScale } from '../analysis/dread';
import { atlasMitigation, atlasTactic, atlasTechnique } from '../catalog/atlas';
import { ATLAS_MITIGATION_ID, ATLAS_SUBTECHNIQUE_ID, ATLAS_TACTIC_ID, ATLAS_TECHNIQUE_ID } from '../catalog/atlasTypes';
import { categoryInfo } from '../catalog/categories';
import { owaspItem } from '../catalog/owasp';
import type { ParsedDocument } from '../document';
import type { Dread, Threat, ThreatModel, Validation } from '../model/types';
import { KIND_LABEL, specAtPath } from '../schema/fields';
import { locate } from '../yaml/tree';
import { describeSpec } from './completion';
import { definitionTarget } from './navigation';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

/** Most items listed per section of a hover (the rest is counted). */
const MAX_LIST = 15;

/** Escapes text for Markdown (and the HTML Markdown allows), so model text renders literally. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]#|~!]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/** An id as inline code (backticks inside are impossible in valid ids, but guard anyway). */
function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}

function list<T>(items: T[], render: (item: T) => string): string[] {
  const out = items.slice(0, MAX_LIST).map((item) => `- ${render(item)}`);
  if (items.length > MAX_LIST) out.push(`- … and ${items.length - MAX_LIST} more`);
  return out;
}

const DREAD_LETTERS: [keyof Dread, string][] = [
  ['damage', 'Damage'],
  ['reproducibility', 'Reproducibility'],
  ['exploitability', 'Exploitability'],
  ['affectedUsers', 'Affected users'],
  ['discoverability', 'Discoverability'],
];

/** The DREAD factors as written in the model. */
function dreadFactors(dread: Dread | undefined): string | undefined {
  if (!dread) return undefined;
  const parts = DREAD_LETTERS.filter(([k]) => dread[k] !== undefined).map(([k, label]) => `${label} ${dread[k]}`);
  return parts.length ? parts.join(', ') : undefined;
}

/** The DREAD score and band on the configured scale, else the raw factors (incomplete rating). */
function dreadText(dread: Dread | undefined, scale: DreadScale, withFactors = false): string | undefined {
  const factors = dreadFactors(dread);
  if (!factors) return undefined;
  const score = dreadScore(dread, scale);
  if (score === undefined) return `DREAD (incomplete): ${factors}`;
  const shown = scale === 'sum-1-3' ? String(score) : score.toFixed(1);
  return `DREAD ${shown} (${dreadBand(score, scale)})${withFactors ? ` — ${factors}` : ''}`;
}

/** The most recent validation run: latest date (undated runs count as oldest), the later entry on a tie. */
export function latestValidation(runs: readonly Validation[]): Validation | undefined {
  let best: Validation | undefined;
  for (const v of runs) {
    if (!best || (v.date ?? '') >= (best.date ?? '')) best = v;
  }
  return best;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The latest validation of a threat, e.g. "Validated: attack SUCCEEDED on 2026-11-20 (pyrit) — mitigations
 * not effective · 2 runs". `full` adds the consequence and always the run count (threat hover); the short
 * form (lists) gives the count only when there were several runs.
 */
export function validationText(t: Threat, full: boolean): string | undefined {
  const v = latestValidation(t.validation);
  if (!v) return undefined;
  const outcome = v.result === 'succeeded' ? 'attack SUCCEEDED' : v.result === 'failed' ? 'held (attack failed)' : 'undetermined';
  let text = `Validated: ${outcome}${v.date ? ` on ${escapeMarkdown(v.date)}` : ''}${v.source ? ` (${escapeMarkdown(v.source)})` : ''}`;
  if (full && v.result === 'succeeded') text += t.mitigations.length ? ' — mitigations not effective' : ' — threat confirmed';
  const runs = t.validation.length;
  if (full || runs > 1) text += ` · ${plural(runs, 'run', 'runs')}`;
  return text;
}

function threatLine(t: Threat, scale: DreadScale): string {
  const dread = dreadText(t.dread, scale);
  const validation = validationText(t, false);
  return `${code(t.id)}${t.title ? ` ${escapeMarkdown(t.title)}` : ''} — *${t.status}*${dread ? ` · ${dread}` : ''}${validation ? ` · ${validation}` : ''}`;
}

/** An ATLAS id with its name in the catalog in use, e.g. "`AML.T0051` LLM Prompt Injection". */
function atlasNamed(id: string): string {
  const name = atlasTechnique(id)?.name ?? atlasMitigation(id)?.name ?? atlasTactic(id)?.name;
  return `${code(id)}${name ? ` ${escapeMarkdown(name)}` : ''}`;
}

/** Hover text for an ATLAS technique, mitigation or tactic id; undefined for ids the catalog does not know. */
function atlasHover(id: string): string | undefined {
  if (ATLAS_TECHNIQUE_ID.test(id) || ATLAS_SUBTECHNIQUE_ID.test(id)) {
    const t = atlasTechnique(id);
    if (!t) return undefined;
    const parent = t.parent ? atlasTechnique(t.parent) : undefined;
    const lines = [`**${escapeMarkdown(t.name)}** — MITRE ATLAS ${parent ? 'sub-technique' : 'technique'} ${code(t.id)}`];
    if (parent) lines.push('', `Sub-technique of ${atlasNamed(parent.id)}`);
    if (t.tactics.length) lines.push('', `Tactics: ${t.tactics.map(atlasNamed).join(', ')}`);
    if (t.summary) lines.push('', escapeMarkdown(t.summary));
    return lines.join('\n');
  }
  if (ATLAS_MITIGATION_ID.test(id)) {
    const m = atlasMitigation(id);
    if (!m) return undefined;
    const lines = [`**${escapeMarkdown(m.name)}** — MITRE ATLAS mitigation ${code(m.id)}`];
    if (m.summary) lines.push('', escapeMarkdown(m.summary));
    if (m.techniques.length) lines.push('', `Techniques (${m.techniques.length}): ${m.techniques.slice(0, MAX_LIST).map(code).join(', ')}${m.techniques.length > MAX_LIST ? ', …' : ''}`);
    return lines.join('\n');
  }
  if (ATLAS_TACTIC_ID.test(id)) {
    const t = atlasTactic(id);
    return t ? `**${escapeMarkdown(t.name)}** — MITRE ATLAS tactic ${code(t.id)}` : undefined;
  }
  return undefined;
}

/** Hover text for an OWASP Top 10 for LLM Applications id (`LLM01` or `LLM01:2025`). */
function owaspHover(id: string): string | undefined {
  let item;
  try {
    item = /^LLM\d\d(?::\d{4})?$/.test(id) ? owaspItem(id) : undefined;
  } catch {
    return undefined;
  }
  if (!item) return undefined;
  const lines = [`**${escapeMarkdown(item.name)}** — OWASP Top 10 for LLM Applications ${code(item.id)}`, '', escapeMarkdown(item.summary)];
  if (item.atlas.length) lines.push('', `MITRE ATLAS: ${item.atlas.slice(0, MAX_LIST).map(atlasNamed).join(', ')}`);
  return lines.join('\n');
}

function threatsTargeting(model: ThreatModel, id: string): Threat[] {
  return model.threats.filter((t) => t.targets.includes(id));
}

function named(id: string, name: string | undefined): string {
  return `${code(id)}${name ? ` — ${escapeMarkdown(name)}` : ''}`;
}

function entityHover(doc: ParsedDocument, kind: keyof typeof KIND_LABEL, id: string, scale: DreadScale): string | undefined {
  const m = doc.model;
  const line = (t: Threat): string => threatLine(t, scale);
  const idx = m.index;
  const lines: string[] = [];
  switch (kind) {
    case 'element': {
      const e = idx.elements.get(id);
      if (!e) return undefined;
      lines.push(`**Element** ${named(e.id, e.name)}`, '');
      lines.push(`Type: \`${e.type}\`${e.mlRoles.length ? ` · ML roles: ${e.mlRoles.map((r) => `\`${r}\``).join(', ')}` : ''}`);
      if (e.boundary) {
        lines.push('', `Boundary: ${named(e.boundary, idx.boundaries.get(e.boundary)?.name)}`);
      } else {
        lines.push('', 'Boundary: none (outside all trust boundaries)');
      }
      const flags = [e.internetFacing && 'internet-facing', e.thirdParty && 'third party', e.authentication && `authentication: ${e.authentication}`]
        .filter(Boolean)
        .join(' · ');
      if (flags) lines.push('', escapeMarkdown(flags));
      const incoming = m.flows.filter((f) => f.to === id || (f.bidirectional && f.from === id));
      const outgoing = m.flows.filter((f) => f.from === id || (f.bidirectional && f.to === id));
      if (incoming.length) lines.push('', `Flows in (${incoming.length}):`, ...list(incoming, (f) => `${code(f.id)} from ${code(f.from === id ? f.to : f.from)}`));
      if (outgoing.length) lines.push('', `Flows out (${outgoing.length}):`, ...list(outgoing, (f) => `${code(f.id)} to ${code(f.to === id ? f.from : f.to)}`));
      const threats = threatsTargeting(m, id);
      lines.push('', threats.length ? `Threats (${threats.length}):` : 'Threats: none recorded');
      lines.push(...list(threats, line));
      break;
    }
    case 'flow': {
      const f = idx.flows.get(id);
      if (!f) return undefined;
      lines.push(`**Data flow** ${named(f.id, f.name)}`, '');
      lines.push(`${code(f.from)} ${f.bidirectional ? '<->' : '->'} ${code(f.to)}${f.protocol ? ` over ${escapeMarkdown(f.protocol)}` : ''}`);
      lines.push('', `Encrypted: ${f.encrypted ? 'yes' : 'no'} · Authenticated: ${f.authenticated ? 'yes' : 'no'}`);
      if (f.data.length) lines.push('', `Data: ${f.data.map(code).join(', ')}`);
      const threats = threatsTargeting(m, id);
      lines.push('', threats.length ? `Threats (${threats.length}):` : 'Threats: none recorded');
      lines.push(...list(threats, line));
      break;
    }
    case 'threat': {
      const t = idx.threats.get(id);
      if (!t) return undefined;
      lines.push(`**Threat** ${named(t.id, t.title)}`, '');
      lines.push(`Status: *${t.status}*${t.targets.length ? ` · Targets: ${t.targets.map(code).join(', ')}` : ''}`);
      const cats = [...t.stride, ...t.linddun].map((c) => categoryInfo(c)?.name ?? c);
      if (cats.length) lines.push('', `Categories: ${cats.map(escapeMarkdown).join(', ')}`);
      if (t.atlas.length) lines.push('', `ATLAS: ${t.atlas.map(atlasNamed).join(', ')}`);
      const dread = dreadText(t.dread, scale, true);
      if (dread) lines.push('', dread);
      const validation = validationText(t, true);
      if (validation) {
        lines.push('', validation);
        const details = latestValidation(t.validation)?.details;
        if (details) lines.push('', `> ${escapeMarkdown(details.length > 300 ? `${details.slice(0, 300)}…` : details)}`);
      }
      if (t.mitigations.length) {
        lines.push('', `Mitigations (${t.mitigations.length}):`);
        lines.push(...list(t.mitigations, (mid) => {
          const x = idx.mitigations.get(mid);
          return `${named(mid, x?.title)}${x ? ` — *${x.status}*` : ' (not defined)'}`;
        }));
      } else {
        lines.push('', 'Mitigations: none');
      }
      break;
    }
    case 'mitigation': {
      const x = idx.mitigations.get(id);
      if (!x) return undefined;
      lines.push(`**Mitigation** ${named(x.id, x.title)}`, '', `Status: *${x.status}*`);
      if (x.controls.length) lines.push('', `Controls: ${x.controls.map(code).join(', ')}`);
      const addressed = m.threats.filter((t) => t.mitigations.includes(id));
      lines.push('', addressed.length ? `Addresses (${addressed.length}):` : 'Addresses: no threat lists it yet');
      lines.push(...list(addressed, line));
      if (x.evidence.length) lines.push('', `Evidence entries: ${x.evidence.length}`);
      break;
    }
    case 'boundary': {
      const b = idx.boundaries.get(id);
      if (!b) return undefined;
      lines.push(`**Trust boundary** ${named(b.id, b.name)}`);
      if (b.kind) lines.push('', `Kind: \`${b.kind}\``);
      if (b.parent) lines.push('', `Inside: ${named(b.parent, idx.boundaries.get(b.parent)?.name)}`);
      const inside = m.elements.filter((e) => e.boundary === id);
      lines.push('', inside.length ? `Elements (${inside.length}):` : 'Elements: none');
      lines.push(...list(inside, (e) => named(e.id, e.name)));
      break;
    }
    case 'data_asset': {
      const a = idx.dataAssets.get(id);
      if (!a) return undefined;
      lines.push(`**Data asset** ${named(a.id, a.name)}`);
      const facts = [a.classification && `classification: ${a.classification}`, a.personal && 'personal data', a.specialCategory && 'special category']
        .filter(Boolean)
        .join(' · ');
      if (facts) lines.push('', escapeMarkdown(facts));
      const stored = m.elements.filter((e) => e.data.includes(id));
      const carried = m.flows.filter((f) => f.data.includes(id));
      if (stored.length) lines.push('', `Stored or processed by: ${stored.slice(0, MAX_LIST).map((e) => code(e.id)).join(', ')}`);
      if (carried.length) lines.push('', `Carried by flows: ${carried.slice(0, MAX_LIST).map((f) => code(f.id)).join(', ')}`);
      break;
    }
    case 'attack_tree': {
      const t = idx.attackTrees.get(id);
      if (!t) return undefined;
      lines.push(`**Attack tree** ${named(t.id, t.goal)}`);
      if (t.root.operator) lines.push('', `Root operator: \`${t.root.operator}\``, '', `Steps: ${t.root.children.length}`);
      break;
    }
  }
  return lines.join('\n');
}

export interface HoverOptions {
  /** The `threatmodel.dreadScale` setting (see src/core/analysis/dread.ts); default average-0-10. */
  dreadScale?: unknown;
}

/** The hover at an offset of a parsed document, or undefined. */
export function hoverAt(doc: ParsedDocument, offset: number, options: HoverOptions = {}): HoverResult | undefined {
  const scale = dreadScaleOf(options.dreadScale);
  const root = doc.yaml.root;
  if (!root) return undefined;
  const def = definitionTarget(doc, offset);
  if (def) {
    const markdown = entityHover(doc, def.kind, def.id, scale);
    // The node under the cursor: a reference elsewhere, or the definition itself.
    const loc = locate(root, offset);
    const node = loc && loc.node.kind === 'scalar' ? loc.node : def.node;
    if (markdown) return { markdown, start: node.start, end: node.end };
    return { markdown: `**${KIND_LABEL[def.kind]}** ${code(def.id)}`, start: node.start, end: node.end };
  }
  const loc = locate(root, offset);
  if (!loc) return undefined;
  if (loc.onKey) {
    const spec = specAtPath(loc.path);
    const key = loc.path[loc.path.length - 1];
    if (!spec || typeof key !== 'string') return undefined;
    const markdown = `**${escapeMarkdown(key)}** — ${escapeMarkdown(describeSpec(spec))}${spec.required ? ' (required)' : ''}\n\n${spec.doc}`;
    return { markdown, start: loc.node.start, end: loc.node.end };
  }
  if (loc.node.kind === 'scalar' && !loc.node.empty) {
    const info = categoryInfo(loc.node.text);
    const field = loc.path.filter((s): s is string => typeof s === 'string').pop();
    if (info && (field === 'stride' || field === 'linddun') && field === info.framework) {
      const framework = info.framework === 'stride' ? 'STRIDE' : 'LINDDUN';
      const markdown = `**${escapeMarkdown(info.name)}** — ${framework} category ${code(info.letter)}\n\nViolates: *${escapeMarkdown(info.property)}*\n\n${escapeMarkdown(info.summary)}`;
      return { markdown, start: loc.node.start, end: loc.node.end };
    }
    if (field === 'atlas') {
      const markdown = atlasHover(loc.node.text.trim());
      if (markdown) return { markdown, start: loc.node.start, end: loc.node.end };
    }
    if (field === 'owasp_llm') {
      const markdown = owaspHover(loc.node.text.trim());
      if (markdown) return { markdown, start: loc.node.start, end: loc.node.end };
    }
  }
  return undefined;
}
