// The DFD preview host's VS Code-free decisions (src/extension/preview/state.ts), which the panel
// uses as is: restoring a saved state (it comes back from the webview, so it is checked), turning
// the server's answer into a render message, skipping unchanged diagrams, and the range a click
// selects in the editor. The panel around them (timers, VS Code events) runs in the code-server
// integration suite.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/core/document';
import { previewData } from '../../src/core/diagram/preview';
import { Debouncer, LatestOnly, UPDATE_DELAY_MS, type Timers } from '../../src/extension/preview/schedule';
import { followTarget, NO_DIAGRAM_NOTICE, parsePreviewState, renderKey, renderMessageFor, revealRange, type RenderContext } from '../../src/extension/preview/state';
import type { DfdResult } from '../../src/server/previewProtocol';

const root = join(__dirname, '..', '..', '..');
const TEXT = readFileSync(join(root, 'examples/rag-assistant.threatmodel'), 'utf8');
const CTX: RenderContext = { resource: 'file:///w/rag-assistant.threatmodel', title: 'rag-assistant.threatmodel', overlay: true, theme: 'light', view: { kind: 'full' }, locked: false };

function answer(text: string, broken = false): DfdResult {
  return { ...previewData(parseDocument(text), { overlay: true, view: { kind: 'full' }, maxNodes: 150 }), version: 1, broken };
}

describe('DFD preview host logic', () => {
  it('restores a well-formed saved state and drops anything malformed', () => {
    const good = { resource: 'file:///w/a.threatmodel', locked: true, overlay: false, view: { kind: 'boundary', id: 'dmz' } };
    assert.deepEqual(parsePreviewState(good), good);
    assert.deepEqual(parsePreviewState({ ...good, view: { kind: 'full', id: 'ignored' } }).view, { kind: 'full' });
    for (const bad of [undefined, null, 'state', 42, [good]]) assert.deepEqual(parsePreviewState(bad), {}, JSON.stringify(bad));
    assert.deepEqual(
      parsePreviewState({ resource: 7, locked: 'yes', overlay: 1, view: { kind: 'evil', id: 'x' } }),
      {},
      'wrong types and unknown view kinds are dropped',
    );
    assert.equal(parsePreviewState({ view: { kind: 'focus' } }).view, undefined, 'a focus view needs an id');
    assert.equal(parsePreviewState({ view: { kind: 'focus', id: { toString: 'x' } } }).view, undefined);
    assert.equal(parsePreviewState({ resource: 'x'.repeat(5000) }).resource, undefined, 'oversized strings are dropped');
    assert.equal(parsePreviewState({ resource: '' }).resource, undefined);
  });

  it('builds the render message from the server answer, or a notice when there is none', () => {
    const message = renderMessageFor(answer(TEXT), CTX);
    assert.equal(message.type, 'render');
    assert.match(message.mermaid, /^flowchart LR\n/);
    assert.equal(message.broken, false);
    assert.equal(message.notice, undefined);
    assert.equal(message.title, 'rag-assistant.threatmodel');
    assert.ok(message.views.length > 0 && message.attackTrees.length > 0);
    const none = renderMessageFor(undefined, { ...CTX, view: { kind: 'focus', id: 'retriever' } });
    assert.equal(none.mermaid, '');
    assert.equal(none.broken, true);
    assert.equal(none.notice, NO_DIAGRAM_NOTICE);
    assert.deepEqual(none.view, { kind: 'focus', id: 'retriever' });
  });

  it('an edit that changes nothing drawn (a threat description) gives the same key, so nothing is re-sent', () => {
    const before = renderKey(renderMessageFor(answer(TEXT), CTX));
    const described = TEXT.replace('style input makes the assistant act', 'style text makes the assistant act');
    assert.notEqual(described, TEXT);
    assert.equal(renderKey(renderMessageFor(answer(described), CTX)), before);

    const renamed = TEXT.replace('name: Retriever', 'name: Passage retriever');
    assert.notEqual(renamed, TEXT);
    assert.notEqual(renderKey(renderMessageFor(answer(renamed), CTX)), before, 'a renamed element is re-drawn');
    assert.notEqual(renderKey(renderMessageFor(answer(TEXT), { ...CTX, theme: 'highContrast' })), before, 'a theme change is re-sent');
    assert.notEqual(renderKey(renderMessageFor(answer(TEXT, true), CTX)), before, 'broken YAML is re-sent (the banner shows)');
    assert.notEqual(renderKey(renderMessageFor(answer(TEXT), { ...CTX, locked: true })), before, 'locking is re-sent');
    const versioned = renderMessageFor(answer(TEXT), CTX);
    versioned.version = 9;
    assert.equal(renderKey(versioned), before, 'the version is not part of the key');
  });

  it('a click selects the clicked entity\'s id in the editor', () => {
    const data = answer(TEXT);
    const lines = TEXT.split('\n');
    const drawn = Object.values(data.nodeMap).filter((r) => r.kind === 'element' || r.kind === 'flow' || r.kind === 'boundary');
    assert.ok(drawn.length > 20);
    for (const ref of drawn) {
      const range = revealRange(data.locations, ref.kind, ref.id)!;
      assert.ok(range, `${ref.kind} ${ref.id}`);
      assert.equal(range.start.line, range.end.line);
      assert.equal(lines[range.start.line].slice(range.start.character, range.end.character), ref.id);
      assert.match(lines[range.start.line], /^\s*(- )?id: /);
    }
    const leaf = data.attackTrees[0].nodeMap;
    for (const ref of Object.values(leaf).filter((r) => r.kind === 'threat')) {
      const range = revealRange(data.locations, 'threat', ref.id)!;
      assert.equal(lines[range.start.line].slice(range.start.character, range.end.character), ref.id);
    }
    assert.equal(revealRange(data.locations, 'element', 'no-such-element'), undefined);
    assert.equal(revealRange(data.locations, 'flow', 'retriever'), undefined, 'kind and id must both match');
    assert.equal(revealRange(undefined, 'element', 'retriever'), undefined);
  });

  it('follows the active .threatmodel editor unless locked', () => {
    const a = 'file:///w/a.threatmodel';
    const b = { languageId: 'threatmodel', uri: 'file:///w/b.threatmodel' };
    assert.equal(followTarget(false, b, a), b.uri);
    assert.equal(followTarget(true, b, a), undefined, 'locked to its file');
    assert.equal(followTarget(false, { ...b, uri: a }, a), undefined, 'already showing it');
    assert.equal(followTarget(false, { languageId: 'yaml', uri: 'file:///w/c.yaml' }, a), undefined, 'other languages are ignored');
    assert.equal(followTarget(false, undefined, a), undefined, 'no editor (e.g. the preview itself focused)');
  });

  it('debounces edits: one request ~300 ms after the last keystroke; cancel drops a pending one', () => {
    let now = 0;
    const queue: { at: number; fn: () => void; id: number }[] = [];
    let ids = 0;
    const timers: Timers = {
      setTimeout: (fn, ms) => {
        queue.push({ at: now + ms, fn, id: ++ids });
        return ids;
      },
      clearTimeout: (id) => {
        const i = queue.findIndex((t) => t.id === id);
        if (i >= 0) queue.splice(i, 1);
      },
    };
    const advance = (ms: number) => {
      now += ms;
      for (const t of queue.filter((x) => x.at <= now)) {
        queue.splice(queue.indexOf(t), 1);
        t.fn();
      }
    };
    let runs = 0;
    const d = new Debouncer(() => runs++, UPDATE_DELAY_MS, timers);
    assert.ok(UPDATE_DELAY_MS >= 200 && UPDATE_DELAY_MS <= 500, 'about 300 ms');
    for (let i = 0; i < 10; i++) {
      d.schedule();
      advance(100);
    }
    assert.equal(runs, 0, 'nothing while typing');
    advance(UPDATE_DELAY_MS);
    assert.equal(runs, 1, 'one request after the pause');
    d.schedule();
    assert.ok(d.pending);
    d.cancel();
    advance(UPDATE_DELAY_MS * 2);
    assert.equal(runs, 1, 'a cancelled update does not run');
    assert.equal(d.pending, false);
  });

  it('drops an answer that a newer request overtook', async () => {
    const latest = new LatestOnly();
    const shown: string[] = [];
    const request = async (name: string, ms: number) => {
      const isCurrent = latest.begin();
      await new Promise((r) => setTimeout(r, ms));
      if (isCurrent()) shown.push(name);
    };
    await Promise.all([request('slow, older', 60), request('fast, newer', 10)]);
    assert.deepEqual(shown, ['fast, newer']);
  });
});
