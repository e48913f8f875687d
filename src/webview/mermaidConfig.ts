// Mermaid's configuration for the preview and the HTML report, set explicitly (never from the model:
// the generator emits no directives, and user text cannot form one). Mermaid is pinned to an exact
// 11.x version in package.json, and the layout engine, look, theme and spacing are all named here,
// so an upgrade or a changed Mermaid default does not silently redraw every diagram.
import type { MermaidConfig } from 'mermaid';
import { PREVIEW_MAX_EDGES } from '../core/diagram/limits';
import type { ThemeKind } from './messages';

/** Largest diagram text Mermaid accepts (the generator bounds label lengths; ~2 kB per node at most). */
export const MAX_TEXT_SIZE = 400_000;
/** Most edges Mermaid draws; larger views are not sent (see PREVIEW_MAX_EDGES). */
export const MAX_EDGES = PREVIEW_MAX_EDGES;
/** Used when VS Code gives no usable font (and by the HTML report). */
export const DEFAULT_FONT_FAMILY = '"Segoe UI", "Helvetica Neue", Arial, sans-serif';

const HIGH_CONTRAST_DARK = {
  background: '#000000',
  primaryColor: '#000000',
  primaryTextColor: '#ffffff',
  primaryBorderColor: '#ffffff',
  secondaryColor: '#000000',
  tertiaryColor: '#000000',
  lineColor: '#ffffff',
  textColor: '#ffffff',
  mainBkg: '#000000',
  nodeBorder: '#ffffff',
  clusterBkg: '#000000',
  clusterBorder: '#f38518',
  titleColor: '#ffffff',
  edgeLabelBackground: '#000000',
};

const HIGH_CONTRAST_LIGHT = {
  background: '#ffffff',
  primaryColor: '#ffffff',
  primaryTextColor: '#000000',
  primaryBorderColor: '#000000',
  secondaryColor: '#ffffff',
  tertiaryColor: '#ffffff',
  lineColor: '#000000',
  textColor: '#000000',
  mainBkg: '#ffffff',
  nodeBorder: '#000000',
  clusterBkg: '#ffffff',
  clusterBorder: '#0f4a85',
  titleColor: '#000000',
  edgeLabelBackground: '#ffffff',
};

export function mermaidConfig(theme: ThemeKind, fontFamily: string): MermaidConfig {
  const highContrast = theme === 'highContrast' || theme === 'highContrastLight';
  return {
    startOnLoad: false,
    // strict: labels are sanitised, `click` callbacks and links are disabled.
    securityLevel: 'strict',
    // Mermaid 11's defaults today, pinned: the dagre layout and the classic (not hand-drawn) look.
    layout: 'dagre',
    look: 'classic',
    theme: theme === 'dark' ? 'dark' : highContrast ? 'base' : 'default',
    themeVariables: highContrast ? { ...(theme === 'highContrast' ? HIGH_CONTRAST_DARK : HIGH_CONTRAST_LIGHT), fontFamily } : { fontFamily },
    fontFamily,
    deterministicIds: true,
    maxTextSize: MAX_TEXT_SIZE,
    maxEdges: MAX_EDGES,
    // HTML labels: in Mermaid 11.12 SVG-text labels show entity-escaped node text literally
    // ("&#60;" instead of "<"), so user text would have to be mangled. With HTML labels the escaped
    // text (every ASCII symbol is a #NN; entity, see src/core/diagram/escape.ts) is decoded by the
    // browser into characters, strict mode runs DOMPurify over it, and the CSP forbids inline script,
    // so a name can only ever be shown as text.
    htmlLabels: true,
    flowchart: { htmlLabels: true, curve: 'basis', padding: 12, nodeSpacing: 40, rankSpacing: 60, useMaxWidth: false },
    // Nothing from the network: no remote icon packs or fonts are ever registered.
  };
}
