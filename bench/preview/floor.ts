// The floor for the preview benchmark: Mermaid alone (the very dist/webview/mermaid.js the preview
// page loads, read through the same global), configured exactly as the preview configures it,
// drawing the same text into a div.
import { DEFAULT_FONT_FAMILY, mermaidConfig } from '../../src/webview/mermaidConfig';
import { sharedMermaid } from '../../src/webview/sharedMermaid';

let counter = 0;

/**
 * Renders `text` and puts the SVG into #out (the caller waits two frames). Initialised before every
 * render with the preview's font fallback (the bench page has no VS Code font), as the preview does.
 */
async function benchRender(text: string): Promise<void> {
  const mermaid = sharedMermaid();
  mermaid.initialize(mermaidConfig('light', DEFAULT_FONT_FAMILY));
  const { svg } = await mermaid.render(`floor-${++counter}`, text);
  const out = document.getElementById('out')!;
  out.innerHTML = svg;
}

(window as unknown as { benchRender: typeof benchRender }).benchRender = benchRender;
