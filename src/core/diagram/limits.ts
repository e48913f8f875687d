// Limits of the DFD preview that the language server (which builds the view) and the webview (which
// draws it with Mermaid) share. A module of its own, so the webview bundle takes only the numbers.

/**
 * Most flows a drawn view may have: Mermaid refuses more (the preview sets its `maxEdges` to this,
 * src/webview/mermaidConfig.ts). Its default is 500; 1,000 stays interactive (a few seconds) on a
 * laptop, and with 2,000 (the full view of a 1,000 element model) headless Chromium's renderer
 * crashed while laying it out, with the limit raised. So a larger view is not sent to be drawn,
 * not even with "draw anyway".
 */
export const PREVIEW_MAX_EDGES = 1000;
