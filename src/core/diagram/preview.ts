// Everything the DFD preview needs for one document, computed where the parse already lives (the
// language server answers `threatmodel/dfd` with this): the Mermaid text of the chosen view, the
// attack trees, the view choices, and where each drawn entity is defined (for click-to-reveal and
// cursor highlighting). Pure; linear in the model.
import type { ParsedDocument } from '../document';
import type { Range } from '../text/lineIndex';
import type { YNode } from '../yaml/tree';
import { attackTreesToMermaid } from './attackTree';
import { toMermaid } from './dfd';
import { PREVIEW_MAX_EDGES } from './limits';
import type { AttackTreeDiagram, DfdStats, DiagramRef, DiagramRefKind, LegendItem } from './types';

export interface PreviewView {
  kind: 'full' | 'boundary' | 'focus';
  id?: string;
}

export interface PreviewRequest {
  overlay: boolean;
  view: PreviewView;
  /** Above this many elements the full view is not drawn (unless `force`). */
  maxNodes: number;
  force?: boolean;
}

export interface EntityLocation extends DiagramRef {
  /** The `id:` scalar. */
  idRange: Range;
  /** The whole entity mapping (first and last line), for "which entity is the cursor in". */
  startLine: number;
  endLine: number;
}

export interface PreviewData {
  mermaid: string;
  nodeMap: Record<string, DiagramRef>;
  legend: LegendItem[];
  stats: DfdStats;
  attackTrees: AttackTreeDiagram[];
  view: PreviewView;
  views: (PreviewView & { label: string })[];
  tooLarge?: { nodes: number; maxNodes: number };
  /** Set when the view has more flows than PREVIEW_MAX_EDGES: nothing is drawn, forced or not. */
  tooManyEdges?: { edges: number; maxEdges: number };
  locations: EntityLocation[];
}

/** Most entries in the view picker's element list. */
export const MAX_VIEW_CHOICES = 1000;

export function previewData(doc: ParsedDocument, request: PreviewRequest): PreviewData {
  const model = doc.model;
  const view: PreviewView = request.view.kind === 'full' || !request.view.id ? { kind: 'full' } : request.view;
  const elementCount = model.index.elements.size;
  const tooLarge = view.kind === 'full' && !request.force && elementCount > request.maxNodes ? { nodes: elementCount, maxNodes: request.maxNodes } : undefined;
  const diagram = toMermaid(model, {
    overlay: request.overlay,
    boundary: view.kind === 'boundary' ? view.id : undefined,
    focus: view.kind === 'focus' ? view.id : undefined,
  });

  const views: PreviewData['views'] = [];
  for (const b of model.boundaries) {
    if (model.index.boundaries.get(b.id) === b) views.push({ kind: 'boundary', id: b.id, label: `Boundary: ${b.name ?? b.id}` });
  }
  for (const e of model.elements) {
    if (views.length >= MAX_VIEW_CHOICES) break;
    if (model.index.elements.get(e.id) === e) views.push({ kind: 'focus', id: e.id, label: `Around: ${e.name ?? e.id}` });
  }

  const locations: EntityLocation[] = [];
  const add = (kind: DiagramRefKind, id: string, entity: YNode): void => {
    const def = doc.symbols.byKind.get(kind)?.get(id);
    if (!def || def.entity !== entity) return;
    const end = doc.lines.positionAt(entity.end);
    const startLine = doc.lines.positionAt(entity.start).line;
    locations.push({
      kind,
      id,
      idRange: doc.lines.range(def.node.start, def.node.end),
      startLine,
      // A block mapping ends at the start of the next line; that line belongs to the next entity.
      endLine: end.character === 0 && end.line > startLine ? end.line - 1 : end.line,
    });
  };
  for (const e of model.elements) add('element', e.id, e.node);
  for (const f of model.flows) add('flow', f.id, f.node);
  for (const b of model.boundaries) add('boundary', b.id, b.node);
  for (const t of model.threats) add('threat', t.id, t.node);
  for (const a of model.attackTrees) add('attack_tree', a.id, a.node);

  const tooManyEdges = !tooLarge && diagram.stats.edges > PREVIEW_MAX_EDGES ? { edges: diagram.stats.edges, maxEdges: PREVIEW_MAX_EDGES } : undefined;
  const drawn = !tooLarge && !tooManyEdges;
  return {
    mermaid: drawn ? diagram.text : '',
    nodeMap: drawn ? diagram.nodeMap : {},
    legend: diagram.legend,
    stats: diagram.stats,
    attackTrees: attackTreesToMermaid(model),
    view,
    views,
    tooLarge,
    tooManyEdges,
    locations,
  };
}
