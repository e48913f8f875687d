// Diagnostics: after a document opens or changes, wait until typing pauses (debounce: 200 ms by
// default, setting `threatmodel.diagnostics.debounceMs`), then run checkDocument on the cached
// parse of that version and publish with the version. A newer change cancels the pending run, and
// results computed for an older version are dropped, so diagnostics never land at stale positions.
// Diagnostics are cleared when the document closes.
import { checkDocument } from '../core';
import { replacementCharDiagnostic } from '../core/language/encoding';
import { toLspDiagnostic } from './convert';
import type { ServerFeature } from './features';

/** Bound on what one document publishes (alias bombs and huge files cannot flood the client). */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

export const diagnosticsFeature: ServerFeature = (ctx) => {
  const { connection, documents, settings } = ctx;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const cancel = (uri: string): void => {
    const timer = timers.get(uri);
    if (timer) clearTimeout(timer);
    timers.delete(uri);
  };

  const validate = ctx.safeNotify('diagnostics', async (uri: string) => {
    const version = documents.version(uri);
    if (version === undefined) return;
    const options = await settings.checkOptions(uri);
    // A newer version arrived while the settings were fetched: its own run will publish.
    if (documents.version(uri) !== version) return;
    const doc = documents.get(uri);
    if (!doc) return;
    const found = checkDocument(doc, options);
    // Invalid UTF-8 reaches us as U+FFFD; report it like the CLI reports the bytes.
    const encoding = replacementCharDiagnostic(doc.text, doc.lines);
    const level = options.severity?.['invalid-encoding'];
    if (encoding && level !== 'off') found.unshift(level ? { ...encoding, severity: level } : encoding);
    if (documents.version(uri) !== version) return;
    const diagnostics = found.slice(0, MAX_PUBLISHED_DIAGNOSTICS).map((d) => toLspDiagnostic(uri, doc, d));
    await connection.sendDiagnostics({ uri, version, diagnostics });
    ctx.memory.worked(doc.text.length);
  });

  const schedule = (uri: string, delay: number): void => {
    cancel(uri);
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        validate(uri);
      }, delay),
    );
  };

  documents.onDidChangeModel(
    ctx.safeNotify('diagnostics scheduling', (change) => {
      if (change.closed) {
        cancel(change.uri);
        settings.forget(change.uri);
        void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        return;
      }
      // Opening (or a settings change) checks at once; typing waits for a pause.
      const delay = change.reason === 'change' ? settings.peek(change.uri).diagnostics.debounceMs : 0;
      schedule(change.uri, delay);
    }),
  );

  settings.onDidChange(() => documents.revalidateAll());
};
