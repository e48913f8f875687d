// Threat model -> Mermaid flowchart of its data-flow diagram. Pure and linear in the model size.
// Every Mermaid id is generated here (n0.. elements, b0.. boundaries, e0.. flows); user text only
// ever appears inside escaped labels (see escape.ts), so no name can change the diagram's syntax.
import type { Boundary, Element, Flow, MlRole, ThreatModel } from '../model/types';
import { clip, escapeLabel, labelLines } from './escape';
import { threatCounts, type ThreatCount } from './overlay';
import type { DfdDiagram, DfdOptions, DfdStats, DiagramRef, LegendItem } from './types';

export const ML_ROLE_LABELS: Record<MlRole, string> = {
  model: 'model',
  pretrained_model: 'pretrained model',
  training_pipeline: 'training pipeline',
  training_data: 'training data',
  dataset: 'dataset',
  feature_store: 'feature store',
  inference_api: 'inference API',
  llm: 'LLM',
  embedding_model: 'embedding model',
  retriever: 'retriever',
  vector_store: 'vector store',
  agent: 'agent',
  agent_tool: 'agent tool',
  federated_client: 'federated client',
  federated_aggregator: 'federated aggregator',
};

/** Class definitions: mid-tone colours with explicit text colour, readable on light and dark themes. */
const CLASS_DEFS = [
  'classDef ml stroke:#8e24aa,stroke-width:3px',
  'classDef threatOpen fill:#ffcdd2,color:#000000',
  'classDef threatAddressed fill:#c8e6c9,color:#000000',
  'classDef context stroke-dasharray:3 3,opacity:0.75',
  'classDef empty fill:none,stroke:none',
];
const BOUNDARY_STYLE = 'fill:none,stroke:#888888,stroke-width:2px,stroke-dasharray:8 5';
const FLOW_OPEN_STYLE = 'stroke:#d32f2f,stroke-width:3px';
const FLOW_ADDRESSED_STYLE = 'stroke:#2e7d32,stroke-width:2px';

function first<T extends { id: string }>(list: T[], index: Map<string, T>): T[] {
  return list.filter((item) => index.get(item.id) === item);
}

function nodeShape(element: Element, label: string): string {
  switch (element.type) {
    case 'process':
      return `("${label}")`;
    case 'data_store':
      return `[("${label}")]`;
    default:
      return `["${label}"]`;
  }
}

function overlayLine(count: ThreatCount | undefined): string {
  if (!count) return '';
  if (count.open > 0) return `⚠ ${count.open} open` + (count.addressed > 0 ? ` · ✓ ${count.addressed}` : '');
  return count.addressed > 0 ? `✓ ${count.addressed} addressed` : '';
}

function elementLabel(element: Element, count: ThreatCount | undefined): string {
  const lines = [escapeLabel(element.name ?? element.id)];
  if (element.mlRoles.length > 0) {
    lines.push(escapeLabel(`«${element.mlRoles.map((r) => ML_ROLE_LABELS[r]).join(', ')}»`, 60));
  }
  lines.push(escapeLabel(overlayLine(count)));
  return labelLines(lines);
}

function flowLabel(flow: Flow, model: ThreatModel, count: ThreatCount | undefined): string {
  const data = flow.data.map((id) => model.index.dataAssets.get(id)?.name ?? id);
  let main = data.length > 0 ? clip(data.join(', '), 60) : flow.name ?? flow.id;
  if (flow.protocol) main += ` (${clip(flow.protocol, 20)})`;
  return labelLines([escapeLabel(main, 90), escapeLabel(overlayLine(count))]);
}

/** Boundary ids from `id` up through its parents (cycles cut). */
function ancestry(id: string, boundaries: Map<string, Boundary>): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let current: string | undefined = id;
  while (current && boundaries.has(current) && !seen.has(current)) {
    seen.add(current);
    chain.push(current);
    current = boundaries.get(current)!.parent;
  }
  return chain;
}

/** The parent a boundary is drawn in: its declared parent unless that is missing or makes a cycle. */
function drawnParent(boundary: Boundary, boundaries: Map<string, Boundary>): string | undefined {
  const parent = boundary.parent;
  if (!parent || !boundaries.has(parent)) return undefined;
  return ancestry(parent, boundaries).includes(boundary.id) ? undefined : parent;
}

export function toMermaid(model: ThreatModel, options: DfdOptions = {}): DfdDiagram {
  const boundaryIndex = model.index.boundaries;
  const elementIndex = model.index.elements;
  const boundaries = first(model.boundaries, boundaryIndex);
  const elements = first(model.elements, elementIndex);
  const flows = first(model.flows, model.index.flows);
  const counts = options.overlay ? threatCounts(model) : new Map<string, ThreatCount>();

  const stats: DfdStats = {
    view: options.boundary ? 'boundary' : options.focus ? 'focus' : 'full',
    totalElements: elements.length,
    totalFlows: flows.length,
    totalBoundaries: boundaries.length,
    nodes: 0,
    edges: 0,
    clusters: 0,
    skippedFlows: [],
  };

  // 1. Decide what to draw: elements (inside their boundaries or as context), flows, boundaries.
  let drawn: Element[] = elements;
  const context = new Set<string>();
  let drawnFlows: Flow[] = flows;
  let boundaryRoot: string | undefined;
  if (options.boundary) {
    if (!boundaryIndex.has(options.boundary)) {
      stats.viewError = `There is no trust boundary "${options.boundary}".`;
      drawn = [];
      drawnFlows = [];
    } else {
      boundaryRoot = options.boundary;
      const inside = new Set(
        elements.filter((e) => e.boundary && ancestry(e.boundary, boundaryIndex).includes(boundaryRoot!)).map((e) => e.id),
      );
      drawnFlows = flows.filter((f) => inside.has(f.from) || inside.has(f.to));
      for (const f of drawnFlows) for (const end of [f.from, f.to]) if (!inside.has(end)) context.add(end);
      drawn = elements.filter((e) => inside.has(e.id) || context.has(e.id));
    }
  } else if (options.focus) {
    const flow = model.index.flows.get(options.focus);
    const keep = new Set<string>();
    if (elementIndex.has(options.focus)) {
      keep.add(options.focus);
      drawnFlows = flows.filter((f) => f.from === options.focus || f.to === options.focus);
    } else if (flow) {
      drawnFlows = [flow];
    } else {
      stats.viewError = `There is no element or flow "${options.focus}".`;
      drawnFlows = [];
    }
    for (const f of drawnFlows) {
      keep.add(f.from);
      keep.add(f.to);
    }
    drawn = elements.filter((e) => keep.has(e.id));
  }

  const nodeMap: Record<string, DiagramRef> = {};
  const mermaidIdOf = new Map<string, string>();
  drawn.forEach((e, i) => {
    mermaidIdOf.set(e.id, `n${i}`);
    nodeMap[`n${i}`] = { kind: 'element', id: e.id };
  });

  // Which element goes into which boundary, and which boundaries are drawn at all.
  const members = new Map<string | undefined, Element[]>();
  for (const e of drawn) {
    const home = context.has(e.id) || !e.boundary || !boundaryIndex.has(e.boundary) ? undefined : e.boundary;
    if (!members.has(home)) members.set(home, []);
    members.get(home)!.push(e);
  }
  let drawnBoundaries: Boundary[];
  if (stats.view === 'full') drawnBoundaries = boundaries;
  else if (boundaryRoot) drawnBoundaries = boundaries.filter((b) => ancestry(b.id, boundaryIndex).includes(boundaryRoot!));
  else {
    const needed = new Set<string>();
    for (const home of members.keys()) if (home) for (const b of ancestry(home, boundaryIndex)) needed.add(b);
    drawnBoundaries = boundaries.filter((b) => needed.has(b.id));
  }
  const drawnSet = new Set(drawnBoundaries.map((b) => b.id));
  const childBoundaries = new Map<string | undefined, Boundary[]>();
  for (const b of drawnBoundaries) {
    let parent = drawnParent(b, boundaryIndex);
    if (parent && !drawnSet.has(parent)) parent = undefined;
    if (!childBoundaries.has(parent)) childBoundaries.set(parent, []);
    childBoundaries.get(parent)!.push(b);
  }

  // 2. Emit.
  const lines: string[] = ['flowchart LR'];
  const classLines: string[] = [];
  const styleLines: string[] = [];
  let boundaryCounter = 0;
  let placeholderCounter = 0;

  const emitElement = (e: Element, indent: string): void => {
    const mid = mermaidIdOf.get(e.id)!;
    const count = counts.get(e.id);
    lines.push(`${indent}${mid}${nodeShape(e, elementLabel(e, count))}`);
    const classes: string[] = [];
    if (e.mlRoles.length > 0) classes.push('ml');
    if (count && count.open > 0) classes.push('threatOpen');
    else if (count && count.addressed > 0) classes.push('threatAddressed');
    if (context.has(e.id)) classes.push('context');
    // One statement per class: in `class a,b c` the commas separate node ids, not classes.
    for (const c of classes) classLines.push(`class ${mid} ${c}`);
    stats.nodes++;
  };

  const emitBoundary = (b: Boundary, depth: number): void => {
    const indent = '  '.repeat(depth);
    const bid = `b${boundaryCounter++}`;
    nodeMap[bid] = { kind: 'boundary', id: b.id };
    lines.push(`${indent}subgraph ${bid}["${escapeLabel(b.name ?? b.id)}"]`);
    const inner = members.get(b.id) ?? [];
    const nested = childBoundaries.get(b.id) ?? [];
    for (const child of nested) emitBoundary(child, depth + 1);
    for (const e of inner) emitElement(e, indent + '  ');
    if (inner.length === 0 && nested.length === 0) {
      // Mermaid draws an empty subgraph as a plain node; a blank placeholder keeps it a boundary.
      const pid = `p${placeholderCounter++}`;
      nodeMap[pid] = { kind: 'boundary', id: b.id };
      lines.push(`${indent}  ${pid}["${escapeLabel('(no elements)')}"]`);
      classLines.push(`class ${pid} empty`);
    }
    lines.push(`${indent}end`);
    styleLines.push(`style ${bid} ${BOUNDARY_STYLE}`);
    stats.clusters++;
  };

  for (const b of childBoundaries.get(undefined) ?? []) emitBoundary(b, 1);
  for (const e of members.get(undefined) ?? []) emitElement(e, '  ');

  const linkStyles: string[] = [];
  for (const f of drawnFlows) {
    const from = mermaidIdOf.get(f.from);
    const to = mermaidIdOf.get(f.to);
    if (!from || !to) {
      stats.skippedFlows.push(f.id);
      continue;
    }
    const eid = `e${stats.edges}`;
    nodeMap[eid] = { kind: 'flow', id: f.id };
    const count = counts.get(f.id);
    const arrow = f.bidirectional ? '<-->' : '-->';
    lines.push(`  ${from} ${eid}@${arrow}|"${flowLabel(f, model, count)}"| ${to}`);
    if (count && count.open > 0) linkStyles.push(`linkStyle ${stats.edges} ${FLOW_OPEN_STYLE}`);
    else if (count && count.addressed > 0) linkStyles.push(`linkStyle ${stats.edges} ${FLOW_ADDRESSED_STYLE}`);
    stats.edges++;
  }

  lines.push(...CLASS_DEFS.map((c) => `  ${c}`));
  lines.push(...classLines.map((c) => `  ${c}`), ...styleLines.map((s) => `  ${s}`), ...linkStyles.map((s) => `  ${s}`));

  return { text: lines.join('\n') + '\n', nodeMap, stats, legend: legendFor(options, stats, elements, context) };
}

function legendFor(options: DfdOptions, stats: DfdStats, elements: Element[], context: Set<string>): LegendItem[] {
  const legend: LegendItem[] = [];
  if (stats.clusters > 0) legend.push({ swatch: 'boundary', label: 'Trust boundary (dashed)' });
  if (elements.some((e) => e.mlRoles.length > 0)) legend.push({ swatch: 'ml', label: 'ML component (purple border, «role»)' });
  if (options.overlay) {
    legend.push({ swatch: 'threat-open', label: '⚠ n open: unmitigated threats (red)' });
    legend.push({ swatch: 'threat-addressed', label: '✓ n: threats mitigated, accepted or transferred (green)' });
  }
  if (context.size > 0) legend.push({ swatch: 'context', label: 'Outside the boundary (dotted)' });
  return legend;
}
