// The DFD preview page. No `vscode` import, so the browser test builds the very same page (same
// CSP) around the built webview scripts. A fresh nonce per load; scripts only from the nonce'd tags
// (Mermaid's own bundle first, then the preview that uses it: classic scripts run in order),
// styles from the extension (Mermaid's SVG needs inline styles), images as data: or extension
// files, nothing from the network.

export interface PreviewHtmlParts {
  /** `webview.cspSource` */
  cspSource: string;
  /** URI of dist/webview/mermaid.js (the one Mermaid bundle) as the webview sees it. */
  mermaidUri: string;
  /** URI of dist/webview/preview.js as the webview sees it. */
  scriptUri: string;
  /** URI of media/preview.css as the webview sees it. */
  styleUri: string;
  nonce: string;
}

export function previewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function previewHtml(parts: PreviewHtmlParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(previewCsp(parts.cspSource, parts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(parts.styleUri)}">
<title>Threat Model DFD</title>
</head>
<body>
<div id="app"></div>
<script nonce="${attr(parts.nonce)}" src="${attr(parts.mermaidUri)}"></script>
<script nonce="${attr(parts.nonce)}" src="${attr(parts.scriptUri)}"></script>
</body>
</html>
`;
}

/** 128 random bits, base64 (Web Crypto: available in Node 20 and in browsers). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
