// Mermaid is shipped once, as dist/webview/mermaid.js (src/webview/mermaid.ts), and the preview
// (preview.js) and the HTML report's renderer (report.js) both use that copy: the webview page
// loads mermaid.js before preview.js (both with the page's nonce), the report inlines mermaid.js
// before report.js (two scripts, admitted by their hashes). This module imports only Mermaid's TYPES, so neither of
// the two small bundles carries Mermaid itself (test/browser/preview.test.ts checks it).
import type { Mermaid } from 'mermaid';

/** The global property mermaid.js defines (read-only, not enumerable). */
export const MERMAID_GLOBAL = '__threatmodelMermaid';

/** The Mermaid instance of dist/webview/mermaid.js; throws if that script did not run first. */
export function sharedMermaid(): Mermaid {
  const mermaid = (globalThis as Record<string, unknown>)[MERMAID_GLOBAL] as Mermaid | undefined;
  if (!mermaid) throw new Error('The diagram renderer (mermaid.js) is not loaded.');
  return mermaid;
}
