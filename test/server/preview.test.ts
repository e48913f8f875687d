// `threatmodel/dfd` against the built language server (dist/server.js over stdio): the preview's
// data for an open document, the last valid diagram while the YAML is broken, views and limits.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileUri, LspClient } from './lspClient';
import type { DfdResult } from '../../src/server/previewProtocol';

const root = join(__dirname, '..', '..', '..');

describe('server: threatmodel/dfd (DFD preview data)', function () {
  this.timeout(60000);
  let client: LspClient;
  const uri = fileUri('examples/spam-classifier.threatmodel');
  const text = readFileSync(join(root, 'examples/spam-classifier.threatmodel'), 'utf8');
  const ask = (extra: Record<string, unknown> = {}) =>
    client.request<DfdResult | null>('threatmodel/dfd', { uri, overlay: true, view: { kind: 'full' }, maxNodes: 150, ...extra }, 10000);

  before(async () => {
    client = LspClient.start();
    await client.initialize();
    client.didOpen(uri, text, 1);
  });

  after(async () => {
    if (client) await client.shutdown();
  });

  it('answers with the Mermaid text, node map, attack trees and the id ranges for reveal', async () => {
    const result = (await ask())!;
    assert.equal(result.version, 1);
    assert.equal(result.broken, false);
    assert.match(result.mermaid, /^flowchart LR\n/);
    assert.equal(result.stats.nodes, 8);
    assert.equal(result.attackTrees.length, 1);
    const registry = result.locations.find((l) => l.kind === 'element' && l.id === 'model_registry')!;
    const lines = text.split('\n');
    const line = lines[registry.idRange.start.line];
    assert.equal(line.slice(registry.idRange.start.character, registry.idRange.end.character), 'model_registry');
    assert.match(line, /^\s+- id: model_registry$/);
    assert.ok(registry.endLine > registry.startLine);
    assert.ok(result.views.some((v) => v.kind === 'boundary' && v.id === 'dmz'));
  });

  it('keeps the last valid diagram while the YAML is broken', async () => {
    const good = (await ask())!;
    client.didChange(uri, 2, [{ text: text + '\nflows: [\n' }]);
    const broken = (await ask())!;
    assert.equal(broken.version, 2);
    assert.equal(broken.broken, true);
    assert.equal(broken.mermaid, good.mermaid);
    client.didChange(uri, 3, [{ text: text.replace('name: Model registry', 'name: Signed model registry') }]);
    const fixed = (await ask())!;
    assert.equal(fixed.broken, false);
    assert.ok(fixed.mermaid.includes('Signed model registry'));
  });

  it('serves views, the size limit and null for unknown documents', async () => {
    const tooLarge = (await ask({ maxNodes: 3 }))!;
    assert.deepEqual(tooLarge.tooLarge, { nodes: 8, maxNodes: 3 });
    assert.equal(tooLarge.mermaid, '');
    const forced = (await ask({ maxNodes: 3, force: true }))!;
    assert.equal(forced.tooLarge, undefined);
    assert.ok(forced.mermaid.length > 0);
    const dmz = (await ask({ view: { kind: 'boundary', id: 'dmz' }, maxNodes: 3 }))!;
    assert.equal(dmz.stats.view, 'boundary');
    assert.equal(dmz.stats.clusters, 1);
    assert.equal(await client.request('threatmodel/dfd', { uri: fileUri('nope.threatmodel'), overlay: false, view: { kind: 'full' }, maxNodes: 10 }), null);
  });
});
