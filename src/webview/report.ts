// Draws the Mermaid diagrams of an HTML report (`threatmodel report --format html`). Built into
// dist/webview/report.js; the CLI inlines dist/webview/mermaid.js and then this into the page (two
// scripts), so the report needs no network. Strict security level: labels are text, links and click
// handlers in diagrams are ignored.
import { DEFAULT_FONT_FAMILY, mermaidConfig } from './mermaidConfig';
import { sharedMermaid } from './sharedMermaid';

async function draw(): Promise<void> {
  const mermaid = sharedMermaid(); // the CLI inlines mermaid.js only together with this
  // The preview's pinned settings (light theme); a static page may be larger than an interactive one.
  mermaid.initialize({ ...mermaidConfig('light', DEFAULT_FONT_FAMILY), maxTextSize: 500_000, maxEdges: 20_000 });
  const blocks = Array.from(document.querySelectorAll<HTMLElement>('pre.mermaid'));
  for (const block of blocks) {
    try {
      await mermaid.run({ nodes: [block] });
    } catch (error) {
      const note = document.createElement('p');
      note.className = 'diagram-error';
      note.textContent = `The diagram could not be drawn (${String(error)}); its Mermaid source is shown instead.`;
      block.before(note);
    }
  }
  document.body.setAttribute('data-diagrams', 'done');
}

void draw();
