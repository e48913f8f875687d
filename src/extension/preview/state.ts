// The DFD preview host's decisions that need no VS Code API, kept here so they are unit-tested:
// what a restored panel state may contain (it comes back from the webview, so it is checked),
// which render message a server answer becomes and whether it differs from the last one sent
// (unchanged diagrams are not re-sent), and which editor range a click on the diagram selects.
import type { EntityLocation } from '../../core/diagram/preview';
import type { Range } from '../../core/text/lineIndex';
import type { DfdResult } from '../../server/previewProtocol';
import type { PreviewState, RenderMessage, ThemeKind, ViewChoice } from '../../webview/messages';

const VIEW_KINDS: readonly string[] = ['full', 'boundary', 'focus'];
/** Longest id or URI kept from a restored state. */
const MAX_STATE_STRING = 4096;

const shortString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_STATE_STRING;

/** The parts of a saved panel state that are well-formed; anything else is dropped (defaults apply). */
export function parsePreviewState(raw: unknown): Partial<PreviewState> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const s = raw as Record<string, unknown>;
  const out: Partial<PreviewState> = {};
  if (shortString(s.resource)) out.resource = s.resource;
  if (typeof s.locked === 'boolean') out.locked = s.locked;
  if (typeof s.overlay === 'boolean') out.overlay = s.overlay;
  const v = s.view as Record<string, unknown> | undefined;
  if (v && typeof v === 'object' && VIEW_KINDS.includes(String(v.kind))) {
    const kind = v.kind as ViewChoice['kind'];
    if (kind === 'full') out.view = { kind };
    else if (shortString(v.id)) out.view = { kind, id: v.id };
  }
  return out;
}

export interface RenderContext {
  /** The model's URI (string form). */
  resource: string;
  /** The file name shown in the panel. */
  title: string;
  overlay: boolean;
  theme: ThemeKind;
  /** The view asked for (used when there is no answer yet). */
  view: ViewChoice;
  locked: boolean;
}

export const NO_DIAGRAM_NOTICE = 'The model has no valid version yet (fix the YAML errors), or the language server is not running.';

/** The render message for the server's answer (or the last good one); `version` is set by the sender. */
export function renderMessageFor(shown: DfdResult | undefined, ctx: RenderContext): RenderMessage {
  return {
    type: 'render',
    version: 0,
    title: ctx.title,
    resource: ctx.resource,
    mermaid: shown?.mermaid ?? '',
    nodeMap: shown?.nodeMap ?? {},
    overlay: ctx.overlay,
    legend: shown?.legend ?? [],
    attackTrees: shown?.attackTrees ?? [],
    stats: shown?.stats ?? { view: 'full', totalElements: 0, totalFlows: 0, totalBoundaries: 0, nodes: 0, edges: 0, clusters: 0, skippedFlows: [] },
    theme: ctx.theme,
    view: shown?.view ?? ctx.view,
    views: shown?.views ?? [],
    broken: shown ? shown.broken : true,
    tooLarge: shown?.tooLarge,
    tooManyEdges: shown?.tooManyEdges,
    notice: shown ? undefined : NO_DIAGRAM_NOTICE,
    locked: ctx.locked,
  };
}

/**
 * What the webview would show for a message, version aside: equal keys mean nothing visible changed
 * (e.g. only a threat's description was edited), so the message is not sent.
 */
export function renderKey(message: RenderMessage): string {
  return JSON.stringify({ ...message, version: 0 });
}

/** The range a click on a drawn entity selects in the editor: its `id:` value. */
export function revealRange(locations: readonly EntityLocation[] | undefined, kind: string, id: string): Range | undefined {
  return locations?.find((l) => l.kind === kind && l.id === id)?.idRange;
}

/**
 * Which model the preview should switch to when the active editor changes: the editor's model if it
 * is a different `.threatmodel` document and the preview is not locked; otherwise none.
 */
export function followTarget(locked: boolean, editor: { languageId: string; uri: string } | undefined, current: string): string | undefined {
  if (locked || !editor || editor.languageId !== 'threatmodel' || editor.uri === current) return undefined;
  return editor.uri;
}
