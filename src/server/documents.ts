// The open documents as parsed models. Each document is parsed lazily, once per version, and the
// result cached, so every feature asking about the same version shares one parse (per-keystroke
// cost stays linear in the model). The last good version (valid YAML whose root is a mapping) is
// kept too, so outline, navigation and completion keep working while the text is broken.
//
// Memory: the parse of a 7 MB model holds tens of MB, and the server's resident memory keeps its
// peak. So the store keeps one parse per document (and the last good one only while the text is
// broken). The next version is made from the previous one when only a part of the text needs
// parsing again (updateDocumentIncrementally shares the nodes before the edit and copies the rest),
// else the previous parse is released before the whole text is parsed, so two whole trees are
// never alive at once. The last good version keeps its text, and is parsed again only if a feature
// asks for it while the current text is broken.
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, updateDocumentIncrementally, type ParsedDocument } from '../core';

export interface ModelChange {
  uri: string;
  /** The new version, or undefined when the document was closed. */
  version?: number;
  /** open / change: new text; close: gone; revalidate: same text, but settings or checks changed. */
  reason: 'open' | 'change' | 'close' | 'revalidate';
  closed: boolean;
}

interface Entry {
  version: number;
  doc: ParsedDocument;
}

/** The last good version: its text, and its parse while it is the current one or was asked for since. */
interface GoodEntry {
  text: string;
  doc?: ParsedDocument;
}

/** True when a parse is usable as the last good model: valid YAML with a mapping at the root. */
export function isGood(doc: ParsedDocument): boolean {
  return doc.yaml.ok && doc.yaml.root?.kind === 'map';
}

export class DocumentStore {
  private readonly current = new Map<string, Entry>();
  private readonly good = new Map<string, GoodEntry>();
  private readonly listeners: ((change: ModelChange) => void)[] = [];
  private readonly opened = new Set<string>();

  constructor(readonly textDocuments: TextDocuments<TextDocument>) {
    textDocuments.onDidOpen((e) => {
      this.opened.add(e.document.uri);
      this.fire({ uri: e.document.uri, version: e.document.version, reason: 'open', closed: false });
    });
    textDocuments.onDidChangeContent((e) => {
      // onDidOpen is followed by onDidChangeContent for the same version; report it once.
      if (this.opened.delete(e.document.uri)) return;
      this.fire({ uri: e.document.uri, version: e.document.version, reason: 'change', closed: false });
    });
    textDocuments.onDidClose((e) => {
      this.current.delete(e.document.uri);
      this.good.delete(e.document.uri);
      this.opened.delete(e.document.uri);
      this.fire({ uri: e.document.uri, reason: 'close', closed: true });
    });
  }

  /** The LSP text document (for version and position conversions), if open. */
  textDocument(uri: string): TextDocument | undefined {
    return this.textDocuments.get(uri);
  }

  /** The current text, if the document is open. */
  text(uri: string): string | undefined {
    return this.textDocuments.get(uri)?.getText();
  }

  /** The current version, if the document is open. */
  version(uri: string): number | undefined {
    return this.textDocuments.get(uri)?.version;
  }

  /**
   * The parse of the current version (parsed on first use, then cached for that version). It is
   * made from the cached parse of an earlier version when it can be (see fromPrevious), else
   * parsed whole.
   */
  get(uri: string): ParsedDocument | undefined {
    const textDocument = this.textDocuments.get(uri);
    if (!textDocument) return undefined;
    const version = textDocument.version;
    const hit = this.current.get(uri);
    if (hit && hit.version === version) return hit.doc;
    const text = textDocument.getText();
    // (fromPrevious's frame, the only one holding the previous parse, is gone before a whole parse.)
    const doc = this.fromPrevious(uri, text) ?? parseDocument(text);
    this.current.set(uri, { version, doc });
    if (isGood(doc)) this.good.set(uri, { text: doc.text, doc });
    return doc;
  }

  /**
   * Releases the cached parse of an earlier version, and returns the parse of `text` made from it
   * when that needs no whole parse (updateDocumentIncrementally compares the texts, so versions
   * skipped while typing do not matter). A broken parse cannot be updated: then the last good
   * one is used, if it is at hand.
   */
  private fromPrevious(uri: string, text: string): ParsedDocument | undefined {
    const cached = this.current.get(uri);
    if (!cached) return undefined;
    const good = this.good.get(uri);
    const previous = cached.doc.yaml.ok ? cached.doc : (good?.doc ?? cached.doc);
    this.current.delete(uri);
    if (good && good.doc === cached.doc) good.doc = undefined;
    return updateDocumentIncrementally(previous, text);
  }

  /**
   * The most recent good parse: the current one when it is good, else the last good version seen
   * (parsed again from its text if it was released). Undefined when the document was never good
   * since it was opened.
   */
  lastGood(uri: string): ParsedDocument | undefined {
    const doc = this.get(uri);
    if (doc && isGood(doc)) return doc;
    const good = this.good.get(uri);
    if (!good) return undefined;
    return (good.doc ??= parseDocument(good.text));
  }

  /**
   * A recent good parse without parsing now: the last good one already computed (possibly a few
   * keystrokes old), parsing only when there is none yet. Completion uses it for ids, so typing
   * in a large model does not parse on every keystroke that opens the suggestion list.
   */
  recentGood(uri: string): ParsedDocument | undefined {
    if (!this.textDocuments.get(uri)) return undefined;
    return this.good.get(uri)?.doc ?? this.lastGood(uri);
  }

  /** The current parse when it is good, else the last good one (what read-only features serve). */
  best(uri: string): ParsedDocument | undefined {
    return this.lastGood(uri) ?? this.get(uri);
  }

  /** URIs of all open documents. */
  uris(): string[] {
    return this.textDocuments.keys();
  }

  /** Called after a document is opened, changed (new version) or closed. Parse lazily with get(). */
  onDidChangeModel(listener: (change: ModelChange) => void): { dispose(): void } {
    this.listeners.push(listener);
    return {
      dispose: () => {
        const i = this.listeners.indexOf(listener);
        if (i >= 0) this.listeners.splice(i, 1);
      },
    };
  }

  /** Asks listeners to recompute everything for all open documents (text unchanged). */
  revalidateAll(): void {
    for (const uri of this.uris()) this.fire({ uri, version: this.version(uri), reason: 'revalidate', closed: false });
  }

  private fire(change: ModelChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // Listeners wrap themselves with safeNotify; never let one break the others.
      }
    }
  }
}
