// The extension's only Mermaid bundle (dist/webview/mermaid.js): it defines one read-only global
// that preview.js and report.js read through sharedMermaid(). Always minified (the CLI inlines it
// into every HTML report), and loaded before them: by the preview page as its first nonce'd
// script, by the report as the first of its two inlined scripts.
import mermaid from 'mermaid';
import { MERMAID_GLOBAL } from './sharedMermaid';

Object.defineProperty(globalThis, MERMAID_GLOBAL, { value: mermaid, writable: false, configurable: false, enumerable: false });
