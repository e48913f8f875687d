// The typed messages between the extension (host) and the DFD preview webview. Both sides import
// this file; nothing else crosses the boundary. Every user string arrives as plain data and the
// webview only ever puts it into the page through textContent or Mermaid's escaped labels.
import type { AttackTreeDiagram, DfdStats, DiagramRef, DiagramRefKind, LegendItem } from '../core/diagram/types';

export type ThemeKind = 'light' | 'dark' | 'highContrast' | 'highContrastLight';

export interface ViewChoice {
  kind: 'full' | 'boundary' | 'focus';
  /** Boundary id (kind boundary) or element/flow id (kind focus). */
  id?: string;
}

export interface ViewOption extends ViewChoice {
  label: string;
}

/** What the webview keeps with vscode.setState (VS Code hands it back to the panel serializer). */
export interface PreviewState {
  resource: string;
  locked: boolean;
  overlay: boolean;
  view: ViewChoice;
}

/** extension -> webview */
export interface RenderMessage {
  type: 'render';
  /** Increases with every render the extension sends; the webview drops older ones. */
  version: number;
  /** Name of the file shown (for the header and the export file name). */
  title: string;
  /** URI of the model; kept in the webview state so the panel can be restored after a reload. */
  resource: string;
  mermaid: string;
  nodeMap: Record<string, DiagramRef>;
  overlay: boolean;
  legend: LegendItem[];
  attackTrees: AttackTreeDiagram[];
  stats: DfdStats;
  theme: ThemeKind;
  view: ViewChoice;
  /** The views the picker offers (boundaries, and elements for neighbourhoods). */
  views: ViewOption[];
  /** Set when the YAML is broken: the diagram is the last valid one. */
  broken?: boolean;
  /** Set when the full view has more nodes than threatmodel.preview.maxNodes: nothing is drawn. */
  tooLarge?: { nodes: number; maxNodes: number };
  /** Set when the view has more flows than the preview can draw (PREVIEW_MAX_EDGES): nothing is drawn. */
  tooManyEdges?: { edges: number; maxEdges: number };
  locked: boolean;
  /** Shown instead of a diagram when there is nothing to draw (no valid version yet). */
  notice?: string;
}

export interface HighlightMessage {
  type: 'highlight';
  /** Undefined kind/id clears the highlight. */
  kind?: DiagramRefKind;
  id?: string;
}

export interface ThemeMessage {
  type: 'theme';
  theme: ThemeKind;
}

/** Asks the webview for the SVG currently shown; it answers with `exportSvg`. */
export interface RequestSvgMessage {
  type: 'requestSvg';
}

export type ToWebview = RenderMessage | HighlightMessage | ThemeMessage | RequestSvgMessage;

/** webview -> extension */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; kind: DiagramRefKind; id: string }
  | { type: 'exportSvg'; svg: string | undefined }
  | { type: 'error'; message: string }
  | { type: 'setView'; view: ViewChoice; force?: boolean }
  | { type: 'setOverlay'; overlay: boolean }
  | { type: 'copySource' };

const REF_KINDS: readonly string[] = ['element', 'flow', 'boundary', 'threat', 'attack_tree'];

/** Validates a message from the webview (it is data from a page; the host never trusts its shape). */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'copySource':
      return { type: m.type };
    case 'reveal':
      return typeof m.kind === 'string' && REF_KINDS.includes(m.kind) && typeof m.id === 'string'
        ? { type: 'reveal', kind: m.kind as DiagramRefKind, id: m.id }
        : undefined;
    case 'exportSvg':
      return { type: 'exportSvg', svg: typeof m.svg === 'string' ? m.svg : undefined };
    case 'error':
      return { type: 'error', message: String(m.message ?? '').slice(0, 2000) };
    case 'setOverlay':
      return { type: 'setOverlay', overlay: m.overlay === true };
    case 'setView': {
      const v = m.view as Record<string, unknown> | undefined;
      if (!v || !['full', 'boundary', 'focus'].includes(String(v.kind))) return undefined;
      const id = typeof v.id === 'string' ? v.id : undefined;
      return { type: 'setView', view: { kind: v.kind as ViewChoice['kind'], id }, force: m.force === true };
    }
    default:
      return undefined;
  }
}
