// What the diagram generators return, shared by the CLI, the extension and the webview.

/** What a generated Mermaid id stands for in the model (for click-to-reveal and highlighting). */
export type DiagramRefKind = 'element' | 'flow' | 'boundary' | 'threat' | 'attack_tree';

export interface DiagramRef {
  kind: DiagramRefKind;
  id: string;
}

export interface DfdOptions {
  /** Colour elements and flows by their threats and count them in the labels. */
  overlay?: boolean;
  /** Only this trust boundary (and the boundaries inside it), plus the outside ends of its flows. */
  boundary?: string;
  /** Only this element (or flow) and its neighbours through flows (radius 1). */
  focus?: string;
}

export type DfdView = 'full' | 'boundary' | 'focus';

export interface DfdStats {
  view: DfdView;
  /** Elements, flows and boundaries in the model (first definitions of each id). */
  totalElements: number;
  totalFlows: number;
  totalBoundaries: number;
  /** What the diagram draws. */
  nodes: number;
  edges: number;
  clusters: number;
  /** Flows not drawn because an end is not a defined element. */
  skippedFlows: string[];
  /** Set when the requested boundary / focus does not exist (the diagram is then empty). */
  viewError?: string;
}

export interface LegendItem {
  /** CSS class the webview uses for the swatch: `threat-open`, `threat-addressed`, `ml`, `boundary`, `context`. */
  swatch: string;
  label: string;
}

export interface DfdDiagram {
  text: string;
  nodeMap: Record<string, DiagramRef>;
  stats: DfdStats;
  legend: LegendItem[];
}

export interface AttackTreeDiagram {
  id: string;
  goal: string;
  text: string;
  nodeMap: Record<string, DiagramRef>;
  /** Nodes left out because the tree exceeded the drawing limit. */
  truncated: number;
}
