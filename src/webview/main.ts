// The DFD preview webview: draws the Mermaid text the extension sends, keeps the last valid diagram
// while the model is broken, lets the user zoom, pan, pick a view, toggle the threat overlay, see
// attack trees and click a node to reveal it in the editor. It only talks to the extension through
// the typed messages in messages.ts. User text reaches the page only through textContent and
// Mermaid's escaped labels; the CSP (set by the extension) allows no inline script. Mermaid itself
// is dist/webview/mermaid.js, loaded by the page just before this script (see sharedMermaid.ts).
import type { DiagramRef } from '../core/diagram/types';
import type { FromWebview, PreviewState, RenderMessage, ThemeKind, ToWebview, ViewChoice } from './messages';
import { DEFAULT_FONT_FAMILY, mermaidConfig } from './mermaidConfig';
import { createPanZoom } from './panzoom';
import { sharedMermaid } from './sharedMermaid';
import { buildUi, type Ui } from './ui';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const mermaid = sharedMermaid();
const vscode = acquireVsCodeApi();
const post = (message: FromWebview): void => vscode.postMessage(message);

const ui: Ui = buildUi(document.getElementById('app') ?? document.body);
const panZoom = createPanZoom(ui.viewport, ui.canvas);

let theme: ThemeKind = themeFromBody();
let last: RenderMessage | undefined; // the latest render message accepted
let shownKey = ''; // what the canvas currently shows (text + theme), to skip identical re-renders
let shownMap: Record<string, DiagramRef> = {};
let pending: RenderMessage | undefined;
let busy = false;
let renderCounter = 0;
let highlighted: { kind?: string; id?: string } = {};
let treesKey = '';

function themeFromBody(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'highContrastLight';
  if (c.contains('vscode-high-contrast')) return 'highContrast';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

function fontFamily(): string {
  const family = getComputedStyle(document.body).getPropertyValue('--vscode-font-family').trim();
  // Only a plain font list goes into Mermaid's CSS.
  return family && /^[\w\s,"'-]+$/.test(family) ? family : DEFAULT_FONT_FAMILY;
}

function configure(): void {
  mermaid.initialize(mermaidConfig(theme, fontFamily()));
}

/** Renders the newest pending message; older ones that arrive meanwhile are superseded, not drawn. */
async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    while (pending) {
      const message = pending;
      pending = undefined;
      await renderDfd(message);
    }
  } finally {
    busy = false;
  }
}

async function renderDfd(message: RenderMessage): Promise<void> {
  ui.setStatus(message);
  if (message.tooLarge || message.tooManyEdges || !message.mermaid) {
    if (message.notice && !shownKey) ui.setError(message.notice);
    if (shownKey && message.broken) return; // keep the last valid diagram
    ui.canvas.replaceChildren();
    shownKey = '';
    shownMap = {};
    return;
  }
  const key = `${theme}\n${message.mermaid}`;
  if (key === shownKey) return; // same picture (e.g. only a description changed)
  const id = `tm-dfd-${++renderCounter}`;
  try {
    configure();
    const { svg } = await mermaid.render(id, message.mermaid);
    if (pending && pending.version > message.version) return; // a newer render supersedes this one
    // Mermaid's output (strict mode: DOMPurify-sanitised) replaces the old picture in one step.
    ui.canvas.innerHTML = svg;
    prepareSvg(ui.canvas.querySelector('svg'));
    shownKey = key;
    shownMap = message.nodeMap;
    ui.setError(undefined);
    panZoom.fitIfUntouched();
    applyHighlight();
  } catch (error) {
    document.getElementById(id)?.remove();
    document.getElementById(`d${id}`)?.remove();
    const text = error instanceof Error ? error.message : String(error);
    ui.setError(`The diagram could not be drawn: ${text}`);
    post({ type: 'error', message: text });
  }
}

/** Sizes the SVG from its viewBox (zoom is a CSS transform) and makes nodes keyboard-reachable. */
function prepareSvg(svg: SVGSVGElement | null): void {
  if (!svg) return;
  const box = svg.viewBox.baseVal;
  if (box && box.width > 0) {
    svg.setAttribute('width', String(Math.ceil(box.width)));
    svg.setAttribute('height', String(Math.ceil(box.height)));
    svg.style.maxWidth = 'none';
  }
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node, g.cluster, g.edgeLabel .label[data-id]'))) {
    const ref = refOf(g);
    if (!ref) continue;
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', `Reveal ${ref.kind} ${ref.id} in the editor`);
    g.classList.add('tm-clickable');
  }
}

/** The model entity a clicked SVG element stands for, through the generated id. */
function refOf(target: Element | null, map: Record<string, DiagramRef> = shownMap): DiagramRef | undefined {
  let el: Element | null = target;
  while (el && el !== ui.viewport && el !== ui.trees) {
    const dataId = el.getAttribute('data-id');
    if (dataId && map[dataId] && el.closest('.edgeLabel, .edgePaths')) return map[dataId];
    if (el.classList.contains('node')) {
      const m = /flowchart-([a-z]+\d+)-\d+$/.exec(el.id);
      if (m && map[m[1]]) return map[m[1]];
    }
    if (el.classList.contains('cluster') && map[el.id]) return map[el.id];
    el = el.parentElement;
  }
  return undefined;
}

function reveal(target: Element | null, map?: Record<string, DiagramRef>): boolean {
  const ref = refOf(target, map);
  if (!ref) return false;
  post({ type: 'reveal', kind: ref.kind, id: ref.id });
  return true;
}

ui.viewport.addEventListener('click', (event) => {
  reveal(event.target as Element);
});
ui.viewport.addEventListener('keydown', (event) => {
  if ((event.key === 'Enter' || event.key === ' ') && reveal(event.target as Element)) event.preventDefault();
});

function svgElementFor(kind?: string, id?: string): SVGGraphicsElement | undefined {
  if (!kind || !id) return undefined;
  const entry = Object.entries(shownMap).find(([mid, ref]) => ref.kind === kind && ref.id === id && !mid.startsWith('p'));
  if (!entry) return undefined;
  const mid = entry[0];
  const svg = ui.canvas.querySelector('svg');
  if (!svg) return undefined;
  if (kind === 'flow') return svg.querySelector<SVGGraphicsElement>(`path[data-id="${mid}"]`) ?? undefined;
  if (kind === 'boundary') return svg.querySelector<SVGGraphicsElement>(`g.cluster[id="${mid}"]`) ?? undefined;
  return Array.from(svg.querySelectorAll<SVGGraphicsElement>('g.node')).find((g) => new RegExp(`flowchart-${mid}-\\d+$`).test(g.id));
}

function applyHighlight(): void {
  for (const el of Array.from(ui.canvas.querySelectorAll('.tm-highlight'))) el.classList.remove('tm-highlight');
  const target = svgElementFor(highlighted.kind, highlighted.id);
  if (!target) return;
  target.classList.add('tm-highlight');
  if (highlighted.kind === 'flow') {
    const mid = target.getAttribute('data-id');
    ui.canvas.querySelector(`.edgeLabel .label[data-id="${mid}"]`)?.classList.add('tm-highlight');
  }
  // Bring it into view if it is outside the viewport.
  const r = target.getBoundingClientRect();
  const v = ui.viewport.getBoundingClientRect();
  if (r.right < v.left || r.left > v.right || r.bottom < v.top || r.top > v.bottom) {
    const c = ui.canvas.getBoundingClientRect();
    panZoom.centreOn((r.left + r.width / 2 - c.left) / panZoom.scale, (r.top + r.height / 2 - c.top) / panZoom.scale);
  }
}

async function renderTrees(): Promise<void> {
  if (!last || !ui.treesVisible()) return;
  const key = `${theme}\n${last.attackTrees.map((t) => t.text).join('\n')}`;
  if (key === treesKey) return;
  treesKey = key;
  configure();
  const sections: HTMLElement[] = [];
  for (const tree of last.attackTrees) {
    const section = document.createElement('section');
    section.className = 'tm-tree';
    const heading = document.createElement('h3');
    heading.textContent = `${tree.goal} (${tree.id})`;
    section.append(heading);
    const holder = document.createElement('div');
    holder.className = 'tm-tree-svg';
    try {
      const { svg } = await mermaid.render(`tm-tree-${++renderCounter}`, tree.text);
      holder.innerHTML = svg;
      holder.addEventListener('click', (event) => reveal(event.target as Element, tree.nodeMap));
    } catch (error) {
      holder.textContent = `This attack tree could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
    }
    section.append(holder);
    if (tree.truncated > 0) {
      const note = document.createElement('p');
      note.textContent = `${tree.truncated} more nodes are not drawn.`;
      section.append(note);
    }
    sections.push(section);
  }
  if (sections.length === 0) {
    const p = document.createElement('p');
    p.textContent = 'This model has no attack trees.';
    sections.push(p);
  }
  ui.trees.replaceChildren(...sections);
}

ui.onZoom((action) => (action === 'fit' ? panZoom.fit() : panZoom.zoomBy(action === 'in' ? 1.25 : 0.8)));
ui.onOverlay((overlay) => post({ type: 'setOverlay', overlay }));
ui.onView((view: ViewChoice, force) => post({ type: 'setView', view, force }));
ui.onExport(() => post({ type: 'exportSvg', svg: currentSvg() }));
ui.onCopy(() => post({ type: 'copySource' }));
ui.onTab(() => void renderTrees());

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement | null;
  if (target && (target.tagName === 'SELECT' || target.tagName === 'INPUT')) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === '+' || event.key === '=') panZoom.zoomBy(1.25);
  else if (event.key === '-') panZoom.zoomBy(0.8);
  else if (event.key === '0') panZoom.fit();
  else return;
  event.preventDefault();
});

function currentSvg(): string | undefined {
  const svg = ui.canvas.querySelector('svg');
  if (!svg) return undefined;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  for (const el of Array.from(copy.querySelectorAll('.tm-highlight'))) el.classList.remove('tm-highlight');
  for (const el of Array.from(copy.querySelectorAll('[tabindex]'))) {
    el.removeAttribute('tabindex');
    el.removeAttribute('role');
  }
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(copy);
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  switch (message.type) {
    case 'render':
      if (last && message.version < last.version) return;
      last = message;
      if (message.theme !== theme) {
        theme = message.theme;
        ui.setTheme(theme);
      }
      pending = message;
      void drain();
      void renderTrees();
      vscode.setState({ resource: message.resource, locked: message.locked, overlay: message.overlay, view: message.view } satisfies PreviewState);
      break;
    case 'highlight':
      highlighted = { kind: message.kind, id: message.id };
      applyHighlight();
      break;
    case 'theme':
      if (message.theme !== theme) {
        theme = message.theme;
        ui.setTheme(theme);
        if (last) {
          pending = last;
          void drain();
          void renderTrees();
        }
      }
      break;
    case 'requestSvg':
      post({ type: 'exportSvg', svg: currentSvg() });
      break;
  }
});

ui.setTheme(theme);
post({ type: 'ready' });
