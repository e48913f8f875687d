// The preview's HTML around the diagram: toolbar (tabs, view picker, overlay toggle, zoom, export,
// copy), banners, the legend and the attack-tree section. Built with DOM calls; every model string
// is set through textContent or option values, never parsed as HTML.
import type { RenderMessage, ThemeKind, ViewChoice } from './messages';

export interface Ui {
  viewport: HTMLElement;
  canvas: HTMLElement;
  trees: HTMLElement;
  treesVisible(): boolean;
  setStatus(message: RenderMessage): void;
  setError(text: string | undefined): void;
  setTheme(theme: ThemeKind): void;
  onZoom(fn: (action: 'in' | 'out' | 'fit') => void): void;
  onOverlay(fn: (overlay: boolean) => void): void;
  onView(fn: (view: ViewChoice, force: boolean) => void): void;
  onExport(fn: () => void): void;
  onCopy(fn: () => void): void;
  onTab(fn: () => void): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label: string, text: string, extra: Record<string, string> = {}): HTMLButtonElement {
  return el('button', { type: 'button', 'aria-label': label, title: label, ...extra }, text);
}

const viewValue = (v: ViewChoice): string => JSON.stringify([v.kind, v.id ?? '']);

export function buildUi(root: HTMLElement): Ui {
  const toolbar = el('div', { class: 'tm-toolbar', role: 'toolbar', 'aria-label': 'Diagram tools' });
  const tabDfd = button('Show the data-flow diagram', 'Data flow', { role: 'tab', 'aria-selected': 'true', id: 'tm-tab-dfd' });
  const tabTrees = button('Show the attack trees', 'Attack trees', { role: 'tab', 'aria-selected': 'false', id: 'tm-tab-trees' });
  const tabs = el('div', { role: 'tablist', class: 'tm-tabs' });
  tabs.append(tabDfd, tabTrees);

  const viewLabel = el('label', { class: 'tm-view' }, 'View ');
  const viewSelect = el('select', { 'aria-label': 'Diagram view', id: 'tm-view' });
  viewLabel.append(viewSelect);

  const overlayLabel = el('label', { class: 'tm-overlay' });
  const overlayBox = el('input', { type: 'checkbox', id: 'tm-overlay' });
  overlayLabel.append(overlayBox, document.createTextNode(' Threat overlay'));

  const zoomOut = button('Zoom out (-)', '−', { id: 'tm-zoom-out' });
  const zoomIn = button('Zoom in (+)', '+', { id: 'tm-zoom-in' });
  const zoomFit = button('Fit to window (0)', 'Fit', { id: 'tm-zoom-fit' });
  const exportBtn = button('Export the diagram as SVG', 'Export SVG', { id: 'tm-export' });
  const copyBtn = button('Copy the Mermaid source', 'Copy Mermaid', { id: 'tm-copy' });
  const zoomGroup = el('div', { class: 'tm-group', role: 'group', 'aria-label': 'Zoom' });
  zoomGroup.append(zoomOut, zoomIn, zoomFit);
  toolbar.append(tabs, viewLabel, overlayLabel, zoomGroup, exportBtn, copyBtn);

  const banner = el('div', { class: 'tm-banner', role: 'status', id: 'tm-banner', hidden: '' });
  const bannerText = el('span');
  const drawAnyway = button('Draw the full diagram anyway', 'Draw it anyway', { id: 'tm-draw-anyway', hidden: '' });
  banner.append(bannerText, drawAnyway);
  const brokenBanner = el('div', { class: 'tm-banner tm-warning', role: 'status', id: 'tm-broken', hidden: '' }, 'The model has errors; showing the last valid diagram.');
  const errorLine = el('div', { class: 'tm-banner tm-error', role: 'alert', id: 'tm-error', hidden: '' });
  const legend = el('ul', { class: 'tm-legend', 'aria-label': 'Legend', id: 'tm-legend' });

  const viewport = el('div', { class: 'tm-viewport', id: 'tm-viewport', tabindex: '0', 'aria-label': 'Data-flow diagram. Drag to pan, wheel or + and - to zoom, 0 to fit.' });
  const canvas = el('div', { class: 'tm-canvas', id: 'tm-canvas' });
  viewport.append(canvas);
  const trees = el('div', { class: 'tm-trees', id: 'tm-trees', hidden: '' });

  root.append(toolbar, brokenBanner, banner, errorLine, legend, viewport, trees);

  let current: RenderMessage | undefined;
  let onTab = (): void => undefined;
  const select = (treesTab: boolean): void => {
    tabDfd.setAttribute('aria-selected', String(!treesTab));
    tabTrees.setAttribute('aria-selected', String(treesTab));
    viewport.hidden = treesTab;
    legend.hidden = treesTab;
    trees.hidden = !treesTab;
    onTab();
  };
  tabDfd.addEventListener('click', () => select(false));
  tabTrees.addEventListener('click', () => select(true));

  return {
    viewport,
    canvas,
    trees,
    treesVisible: () => !trees.hidden,
    setStatus(message) {
      current = message;
      brokenBanner.hidden = !message.broken;
      overlayBox.checked = message.overlay;
      tabTrees.textContent = `Attack trees (${message.attackTrees.length})`;

      // The view picker: rebuilt only when the choices change.
      const options = [{ kind: 'full' as const, label: 'Whole model' }, ...message.views];
      const signature = JSON.stringify(options);
      if (viewSelect.dataset.signature !== signature) {
        viewSelect.replaceChildren(...options.map((o) => el('option', { value: viewValue(o) }, o.label)));
        viewSelect.dataset.signature = signature;
      }
      viewSelect.value = viewValue(message.view);

      const notes: string[] = [];
      drawAnyway.hidden = true;
      if (message.tooLarge) {
        notes.push(
          `This model has ${message.tooLarge.nodes} elements, more than threatmodel.preview.maxNodes (${message.tooLarge.maxNodes}); ` +
            'the full diagram would be slow to draw. Pick a trust boundary or an element’s neighbourhood under View.',
        );
        drawAnyway.hidden = false;
      }
      if (message.tooManyEdges) {
        notes.push(
          `This view has ${message.tooManyEdges.edges} data flows; the preview draws at most ${message.tooManyEdges.maxEdges}. ` +
            'Pick a trust boundary or an element’s neighbourhood under View.',
        );
      }
      if (message.stats.viewError) notes.push(message.stats.viewError);
      if (message.stats.skippedFlows.length > 0) {
        notes.push(`Not drawn (an end is not a defined element): ${message.stats.skippedFlows.slice(0, 10).join(', ')}${message.stats.skippedFlows.length > 10 ? ', …' : ''}.`);
      }
      bannerText.textContent = notes.join(' ');
      banner.hidden = notes.length === 0;

      legend.replaceChildren(
        ...message.legend.map((item) => {
          const li = el('li');
          li.append(el('span', { class: `tm-swatch tm-swatch-${item.swatch.replace(/[^a-z-]/g, '')}`, 'aria-hidden': 'true' }), document.createTextNode(item.label));
          return li;
        }),
      );
      legend.hidden = message.legend.length === 0 || !trees.hidden;
    },
    setError(text) {
      errorLine.textContent = text ?? '';
      errorLine.hidden = !text;
    },
    setTheme(theme) {
      document.documentElement.dataset.tmTheme = theme;
    },
    onZoom(fn) {
      zoomIn.addEventListener('click', () => fn('in'));
      zoomOut.addEventListener('click', () => fn('out'));
      zoomFit.addEventListener('click', () => fn('fit'));
    },
    onOverlay(fn) {
      overlayBox.addEventListener('change', () => fn(overlayBox.checked));
    },
    onView(fn) {
      viewSelect.addEventListener('change', () => {
        const [kind, id] = JSON.parse(viewSelect.value) as [ViewChoice['kind'], string];
        fn({ kind, id: id || undefined }, false);
      });
      drawAnyway.addEventListener('click', () => fn(current?.view ?? { kind: 'full' }, true));
    },
    onExport(fn) {
      exportBtn.addEventListener('click', fn);
    },
    onCopy(fn) {
      copyBtn.addEventListener('click', fn);
    },
    onTab(fn) {
      onTab = fn;
    },
  };
}
