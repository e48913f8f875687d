// The extension bundle: sizes of dist/extension.js (as built), of the minified production build
// (bench/.build/extension.prod.js, what `npm run package` ships) and of the .vsix, whether Mermaid
// leaked into the extension bundle, the webview scripts (Mermaid is one bundle,
// dist/webview/mermaid.js, shared by preview.js and report.js: previewKB is the preview's own
// script without Mermaid) and activation time from the integration run if recorded.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface BundleResult {
  extensionKB?: number;
  extensionProductionKB?: number;
  /** Largest inputs of the production bundle (from the esbuild metafile), KB of output. */
  largestInputs?: { path: string; kB: number }[];
  mermaidInExtension?: boolean;
  vsix?: { file: string; kB: number };
  serverKB?: number;
  /** dist/webview/preview.js: the preview's own code; the webview also loads mermaidKB. */
  previewKB?: number;
  /** dist/webview/mermaid.js: the one Mermaid bundle (always minified), used by the preview and the report. */
  mermaidKB?: number;
  /** dist/webview/report.js: the HTML report's drawing code (the CLI inlines mermaid.js before it). */
  reportKB?: number;
  /** How many dist/webview/*.js files hold Mermaid (marker strings); 1 when it is shared. */
  mermaidCopies?: number;
  activation?: { ms?: number; source: string; raw?: unknown };
  notes: string[];
}

const kB = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** Strings that appear in Mermaid's bundle and nowhere in ours. */
const MERMAID_MARKERS = ['mermaidAPI', 'flowchart-v2', 'dagre-d3-es', '@mermaid-js'];

export function measureBundle(root: string): BundleResult {
  const r: BundleResult = { notes: [] };
  const ext = join(root, 'dist', 'extension.js');
  if (existsSync(ext)) {
    r.extensionKB = kB(statSync(ext).size);
    const text = readFileSync(ext, 'utf8');
    r.mermaidInExtension = MERMAID_MARKERS.some((m) => text.includes(m));
  } else r.notes.push('dist/extension.js is missing (node scripts/build.mjs)');
  const prod = join(root, 'bench', '.build', 'extension.prod.js');
  if (existsSync(prod)) {
    r.extensionProductionKB = kB(statSync(prod).size);
    const text = readFileSync(prod, 'utf8');
    r.mermaidInExtension = (r.mermaidInExtension ?? false) || MERMAID_MARKERS.some((m) => text.includes(m));
    const meta = join(root, 'bench', '.build', 'extension.prod.meta.json');
    if (existsSync(meta)) {
      const m = JSON.parse(readFileSync(meta, 'utf8')) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
      const inputs = Object.values(m.outputs).flatMap((o) => Object.entries(o.inputs));
      // Group by package (node_modules/<name>) or by source folder.
      const groups = new Map<string, number>();
      for (const [path, info] of inputs) {
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
        const key = pkg ? `node_modules/${pkg[1]}` : path.split('/').slice(0, 3).join('/');
        groups.set(key, (groups.get(key) ?? 0) + info.bytesInOutput);
      }
      r.largestInputs = [...groups].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([path, bytes]) => ({ path, kB: kB(bytes) }));
    }
  }
  const server = join(root, 'dist', 'server.js');
  if (existsSync(server)) r.serverKB = kB(statSync(server).size);
  const webview = join(root, 'dist', 'webview');
  const size = (name: string) => (existsSync(join(webview, name)) ? kB(statSync(join(webview, name)).size) : undefined);
  r.previewKB = size('preview.js');
  r.mermaidKB = size('mermaid.js');
  r.reportKB = size('report.js');
  if (existsSync(webview)) {
    const scripts = readdirSync(webview).filter((f) => f.endsWith('.js'));
    r.mermaidCopies = scripts.filter((f) => MERMAID_MARKERS.some((m) => readFileSync(join(webview, f), 'utf8').includes(m))).length;
  }
  const dist = join(root, 'dist');
  const vsix = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith('.vsix')) : [];
  if (vsix.length > 0) r.vsix = { file: `dist/${vsix[0]}`, kB: kB(statSync(join(dist, vsix[0])).size) };
  else r.notes.push('no dist/*.vsix (npm run package)');
  const activation = join(root, 'test-results', 'activation.json');
  if (existsSync(activation)) {
    try {
      const raw = JSON.parse(readFileSync(activation, 'utf8')) as Record<string, unknown>;
      // The activation suite records activateFunctionMs (activate() itself), openToActiveMs, ...
      const ms = [raw.activateFunctionMs, raw.activationMs, raw.openToActiveMs].find((v) => typeof v === 'number') as number | undefined;
      r.activation = { ms, source: 'test-results/activation.json', raw };
    } catch (error) {
      r.notes.push(`test-results/activation.json is unreadable: ${String(error)}`);
    }
  } else r.notes.push('no test-results/activation.json (written by npm run test:integration)');
  return r;
}
