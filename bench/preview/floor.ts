// The floor for the preview benchmark: Mermaid alone (the same package and version the webview
// bundles), configured exactly as the preview configures it, drawing the same text into a div.
import mermaid from 'mermaid';
import { mermaidConfig } from '../../src/webview/mermaidConfig';

const DEFAULT_FONT = '"Segoe UI", "Helvetica Neue", Arial, sans-serif';
let counter = 0;

/** Renders `text` and puts the SVG into #out; resolves after the next two frames (painted). */
async function benchRender(text: string): Promise<void> {
  mermaid.initialize(mermaidConfig('light', DEFAULT_FONT));
  const { svg } = await mermaid.render(`floor-${++counter}`, text);
  const out = document.getElementById('out')!;
  out.innerHTML = svg;
}

(window as unknown as { benchRender: typeof benchRender }).benchRender = benchRender;
