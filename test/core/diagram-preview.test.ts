// The preview's data (core `previewData`) and the cursor -> entity lookup the panel uses.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/core/document';
import { previewData } from '../../src/core/diagram/preview';
import { PREVIEW_MAX_EDGES } from '../../src/core/diagram/limits';
import { generateModel } from '../../src/core/testing/generate';
import { MAX_EDGES } from '../../src/webview/mermaidConfig';
import { entityAtLine } from '../../src/extension/preview/locate';
import { parseFromWebview } from '../../src/webview/messages';

const root = join(__dirname, '..', '..', '..');
const text = readFileSync(join(root, 'examples/rag-assistant.threatmodel'), 'utf8');
const lines = text.split('\n');
const doc = parseDocument(text);

describe('DFD preview data', () => {
  const data = previewData(doc, { overlay: false, view: { kind: 'full' }, maxNodes: 150 });

  it('locates every element, flow, boundary, threat and attack tree at its id scalar', () => {
    const m = doc.model;
    const expected = m.elements.length + m.flows.length + m.boundaries.length + m.threats.length + m.attackTrees.length;
    assert.equal(data.locations.length, expected);
    for (const loc of data.locations) {
      const line = lines[loc.idRange.start.line];
      assert.equal(line.slice(loc.idRange.start.character, loc.idRange.end.character), loc.id);
      assert.ok(loc.startLine <= loc.idRange.start.line && loc.idRange.start.line <= loc.endLine);
    }
  });

  it('maps every line of an element or flow to it (and nothing past its mapping)', () => {
    for (const loc of data.locations.filter((l) => l.kind === 'element' || l.kind === 'flow')) {
      for (let line = loc.startLine; line <= loc.endLine; line++) {
        assert.deepEqual(
          { kind: entityAtLine(data.locations, line)?.kind, id: entityAtLine(data.locations, line)?.id },
          { kind: loc.kind, id: loc.id },
          `line ${line + 1}: ${lines[line]}`,
        );
      }
    }
    const threatLine = data.locations.find((l) => l.kind === 'threat')!.idRange.start.line;
    assert.equal(entityAtLine(data.locations, threatLine), undefined, 'threats are not drawn, nothing to highlight');
  });

  it('does not draw the full view above maxNodes unless forced; views list boundaries and elements', () => {
    const small = previewData(doc, { overlay: false, view: { kind: 'full' }, maxNodes: 2 });
    assert.equal(small.mermaid, '');
    assert.deepEqual(small.tooLarge, { nodes: doc.model.elements.length, maxNodes: 2 });
    assert.ok(previewData(doc, { overlay: false, view: { kind: 'full' }, maxNodes: 2, force: true }).mermaid.startsWith('flowchart'));
    const b = doc.model.boundaries[0];
    const byBoundary = previewData(doc, { overlay: false, view: { kind: 'boundary', id: b.id }, maxNodes: 2 });
    assert.equal(byBoundary.tooLarge, undefined, 'views are always drawn');
    assert.equal(data.views.filter((v) => v.kind === 'boundary').length, doc.model.boundaries.length);
    assert.equal(data.views.filter((v) => v.kind === 'focus').length, doc.model.elements.length);
  });

  it('does not send a view with more flows than Mermaid draws, not even forced; a boundary of the same model is drawn', () => {
    assert.equal(MAX_EDGES, PREVIEW_MAX_EDGES, 'the webview gives Mermaid the same limit');
    const big = parseDocument(generateModel({ elements: 600, seed: 1 }));
    const forced = previewData(big, { overlay: true, view: { kind: 'full' }, maxNodes: 150, force: true });
    assert.ok(forced.stats.edges > PREVIEW_MAX_EDGES, `${forced.stats.edges} flows`);
    assert.deepEqual(forced.tooManyEdges, { edges: forced.stats.edges, maxEdges: PREVIEW_MAX_EDGES });
    assert.equal(forced.mermaid, '');
    assert.deepEqual(forced.nodeMap, {});
    assert.equal(forced.tooLarge, undefined);
    // Unforced, the node threshold speaks first (its notice offers "draw anyway").
    const unforced = previewData(big, { overlay: true, view: { kind: 'full' }, maxNodes: 150 });
    assert.ok(unforced.tooLarge && !unforced.tooManyEdges);
    const boundary = previewData(big, { overlay: true, view: { kind: 'boundary', id: big.model.boundaries[1].id }, maxNodes: 150 });
    assert.equal(boundary.tooManyEdges, undefined);
    assert.ok(boundary.mermaid.startsWith('flowchart'));
    // At the limit or under it, the forced full view is drawn.
    const under = previewData(parseDocument(generateModel({ elements: 400, seed: 1 })), { overlay: true, view: { kind: 'full' }, maxNodes: 150, force: true });
    assert.ok(under.stats.edges <= PREVIEW_MAX_EDGES && under.stats.edges > 500, `${under.stats.edges} flows`);
    assert.equal(under.tooManyEdges, undefined);
    assert.ok(under.mermaid.startsWith('flowchart'));
  });

  it('accepts only well-formed messages from the webview', () => {
    assert.deepEqual(parseFromWebview({ type: 'reveal', kind: 'element', id: 'x' }), { type: 'reveal', kind: 'element', id: 'x' });
    assert.equal(parseFromWebview({ type: 'reveal', kind: 'file', id: '/etc/passwd' }), undefined);
    assert.equal(parseFromWebview({ type: 'reveal', kind: 'element', id: 3 }), undefined);
    assert.equal(parseFromWebview({ type: 'runCommand', command: 'x' }), undefined);
    assert.equal(parseFromWebview('ready'), undefined);
    assert.deepEqual(parseFromWebview({ type: 'setView', view: { kind: 'focus', id: 'a' }, force: 'yes' }), { type: 'setView', view: { kind: 'focus', id: 'a' }, force: false });
    assert.equal(parseFromWebview({ type: 'setView', view: { kind: 'evil' } }), undefined);
  });
});
