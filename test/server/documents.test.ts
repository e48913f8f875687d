// The document store: one parse per version, the last good version while the text is broken, and
// the previous parse released before the next is made (a large model's tree is tens of MB).
import * as assert from 'node:assert/strict';
import type { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, updatedIncrementally } from '../../src/core/document';
import { DocumentStore } from '../../src/server/documents';

/** The part of TextDocuments the store uses, driven by the test. */
class FakeDocuments {
  private readonly docs = new Map<string, TextDocument>();
  private readonly open: ((e: { document: TextDocument }) => void)[] = [];
  private readonly change: ((e: { document: TextDocument }) => void)[] = [];
  private readonly close: ((e: { document: TextDocument }) => void)[] = [];
  onDidOpen(l: (e: { document: TextDocument }) => void) {
    this.open.push(l);
  }
  onDidChangeContent(l: (e: { document: TextDocument }) => void) {
    this.change.push(l);
  }
  onDidClose(l: (e: { document: TextDocument }) => void) {
    this.close.push(l);
  }
  get(uri: string) {
    return this.docs.get(uri);
  }
  keys() {
    return [...this.docs.keys()];
  }
  set(uri: string, version: number, text: string) {
    const document = TextDocument.create(uri, 'threatmodel', version, text);
    const opened = !this.docs.has(uri);
    this.docs.set(uri, document);
    for (const l of opened ? this.open : []) l({ document });
    for (const l of this.change) l({ document });
  }
  remove(uri: string) {
    const document = this.docs.get(uri)!;
    this.docs.delete(uri);
    for (const l of this.close) l({ document });
  }
}

const URI = 'file:///m.threatmodel';
const GOOD = 'threatmodel: 1\nelements:\n  - id: api\n    type: process\n';
const GOOD2 = 'threatmodel: 1\nelements:\n  - id: web\n    type: process\n';
const BROKEN = 'threatmodel: 1\nelements:\n  - id: "api\n';

function store(): { docs: FakeDocuments; store: DocumentStore } {
  const docs = new FakeDocuments();
  return { docs, store: new DocumentStore(docs as unknown as TextDocuments<TextDocument>) };
}

describe('server: document store', () => {
  it('parses each version once and shares the parse', () => {
    const { docs, store: s } = store();
    docs.set(URI, 1, GOOD);
    const a = s.get(URI);
    assert.ok(a);
    assert.equal(s.get(URI), a);
    assert.equal(s.best(URI), a);
    docs.set(URI, 2, GOOD2);
    const b = s.get(URI);
    assert.notEqual(b, a);
    assert.equal(b!.symbols.definitions[0].id, 'web');
  });

  it('serves the last good version while the text is broken, parsed again from its text', () => {
    const { docs, store: s } = store();
    docs.set(URI, 1, GOOD);
    const good = s.get(URI)!;
    docs.set(URI, 2, BROKEN);
    const broken = s.get(URI)!;
    assert.equal(broken.yaml.ok, false);
    // The good parse was released when version 2 was parsed; it comes back from its text.
    const again = s.lastGood(URI)!;
    assert.notEqual(again, good);
    assert.equal(again.text, GOOD);
    assert.equal(again.symbols.definitions[0].id, 'api');
    // ... and is kept while the text stays broken.
    assert.equal(s.lastGood(URI), again);
    assert.equal(s.recentGood(URI), again);
    assert.equal(s.best(URI), again);
    docs.set(URI, 3, BROKEN.replace('api', 'apx'));
    assert.equal(s.lastGood(URI), again);
    // A good version replaces it.
    docs.set(URI, 4, GOOD2);
    assert.equal(s.lastGood(URI)!.text, GOOD2);
  });

  it('completion reuses the last good parse without parsing the new version', () => {
    const { docs, store: s } = store();
    docs.set(URI, 1, GOOD);
    const good = s.get(URI)!;
    docs.set(URI, 2, GOOD2);
    assert.equal(s.recentGood(URI), good);
  });

  it('has no good version when the document never was good, and forgets closed documents', () => {
    const { docs, store: s } = store();
    docs.set(URI, 1, BROKEN);
    assert.equal(s.lastGood(URI), undefined);
    assert.equal(s.best(URI)!.yaml.ok, false);
    docs.set(URI, 2, GOOD);
    assert.ok(s.lastGood(URI));
    docs.remove(URI);
    assert.equal(s.get(URI), undefined);
    assert.equal(s.lastGood(URI), undefined);
    assert.equal(s.recentGood(URI), undefined);
  });

  it('makes each version from the previous parse, re-parsing only the edited item', () => {
    const { docs, store: s } = store();
    docs.set(URI, 1, GOOD);
    const a = s.get(URI)!;
    docs.set(URI, 2, GOOD.replace('id: api', 'id: apis'));
    const b = s.get(URI)!;
    assert.ok(updatedIncrementally(b));
    assert.equal(b.symbols.definitions[0].id, 'apis');
    // The previous parse is left as it was.
    assert.equal(a.symbols.definitions[0].id, 'api');
    assert.equal(a.yaml.root?.end, parseDocument(GOOD).yaml.root?.end);
    // Versions skipped while typing do not matter: the texts are compared.
    docs.set(URI, 3, GOOD.replace('id: api', 'id: apisx'));
    docs.set(URI, 4, GOOD.replace('id: api', 'id: apisxy'));
    const d = s.get(URI)!;
    assert.ok(updatedIncrementally(d));
    assert.equal(d.symbols.definitions[0].id, 'apisxy');
  });

  it('repairs a broken text from the last good parse when it is at hand', () => {
    const { docs, store: s } = store();
    docs.set(URI, 1, GOOD);
    s.get(URI);
    docs.set(URI, 2, BROKEN);
    assert.equal(s.get(URI)!.yaml.ok, false);
    assert.ok(s.lastGood(URI));
    docs.set(URI, 3, GOOD.replace('id: api', 'id: "api"'));
    const repaired = s.get(URI)!;
    assert.ok(repaired.yaml.ok);
    assert.ok(updatedIncrementally(repaired));
    assert.equal(repaired.symbols.definitions[0].id, 'api');
    assert.equal(s.lastGood(URI), repaired);
  });
});
