// Diagram generation (Mermaid) for the DFD preview and `threatmodel dfd`.
export * from './types';
export { toMermaid, ML_ROLE_LABELS } from './dfd';
export { attackTreeToMermaid, attackTreesToMermaid, MAX_TREE_NODES } from './attackTree';
export { escapeLabel, clip, MAX_LABEL_CHARS } from './escape';
export { threatCounts, type ThreatCount } from './overlay';
export { previewData, MAX_VIEW_CHOICES, type PreviewData, type PreviewRequest, type PreviewView, type EntityLocation } from './preview';
