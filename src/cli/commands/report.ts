// `threatmodel report`: the threat model as a Markdown, HTML or JSON report.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport, renderHtml, renderJson, renderMarkdown } from '../../core/report/index';
import { parseArgs, str } from '../args';
import { checkFile } from '../checkFiles';
import { repositoryRoot, resolveInputs } from '../files';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from '../io';
import { emit } from '../output';
import { ATLAS_CATALOG_FLAG, atlasCatalogUsage, useAtlasCatalogOption } from '../atlasOption';

const usage = `Usage: threatmodel report <file> [options]

Writes a report of one threat model: title, scope and assumptions, the data-flow diagram,
threats sorted by DREAD score with status and mitigations, mitigations with evidence, coverage
per framework (STRIDE, LINDDUN, MITRE ATLAS), attack trees, and open items (unmitigated threats,
accepted risks and their review dates, diagnostics).

Options:
  --format md|html|json   Output format (default: md). md renders on GitHub and GitLab
                          (the diagram is a mermaid block); html is one self-contained page
                          with the diagrams drawn in the browser (Mermaid inlined, about
                          2.8 MB, no network needed); json is the same content as data.
  -o, --output FILE       Write to FILE instead of stdout
  --date YYYY-MM-DD       Print this date and use it for review deadlines. Without it the
                          report has no timestamp (review deadlines use today's date).
${atlasCatalogUsage(26)}
  -h, --help              Show this help

Example (GitHub Actions job summary):
  threatmodel report models/app.threatmodel >> "$GITHUB_STEP_SUMMARY"
`;

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Write a Markdown, HTML or JSON report of a model',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, [
      { name: 'format', type: 'string', choices: ['md', 'markdown', 'html', 'json'] },
      { name: 'output', short: 'o', type: 'string' },
      { name: 'date', type: 'string' },
      ATLAS_CATALOG_FLAG,
    ]);
    if (args.positionals.length !== 1) throw new UsageError(args.positionals.length ? 'Give exactly one model file.' : 'Give the model file to report on.');
    const date = str(args, 'date');
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date must be YYYY-MM-DD (got '${date}').`);
    const format = str(args, 'format') ?? 'md';
    useAtlasCatalogOption(args, io.cwd);
    const [path] = resolveInputs(args.positionals, io.cwd);
    const checked = checkFile(path, io.cwd, repositoryRoot(io.cwd));
    if (!checked.doc) {
      for (const d of checked.diagnostics) io.stderr(`${checked.shown}: ${d.message}\n`);
      return EXIT_USAGE;
    }
    if (!checked.doc.yaml.ok || !checked.doc.yaml.root || checked.doc.yaml.root.kind !== 'map') {
      const first = checked.diagnostics[0];
      const where = first ? checked.lines.positionAt(first.start) : { line: 0, character: 0 };
      io.stderr(`threatmodel report: ${checked.shown}:${where.line + 1}:${where.character + 1} cannot be read as a threat model: ${first?.message ?? 'not a YAML mapping'}\n`);
      return EXIT_USAGE;
    }
    const report = buildReport(checked.doc, checked.diagnostics, {
      date,
      today: new Date().toISOString().slice(0, 10),
      file: checked.shown,
    });
    let content: string;
    if (format === 'json') content = renderJson(report);
    else if (format === 'html') {
      const scripts = rendererScripts();
      if (scripts === undefined) io.stderr('threatmodel report: the diagram renderer (dist/webview/mermaid.js and report.js) is missing; diagrams are shown as Mermaid source.\n');
      content = renderHtml(report, { scripts, sha256Base64: (text) => createHash('sha256').update(text, 'utf8').digest('base64') });
    } else content = renderMarkdown(report);
    emit(io, content, str(args, 'output'));
    return EXIT_OK;
  },
};

/**
 * The diagram renderer, shipped beside the CLI bundle: Mermaid (dist/webview/mermaid.js, the one copy
 * the preview uses too), then the few lines that draw the diagrams (dist/webview/report.js), which
 * read the global mermaid.js defines, so the order matters. Both or neither.
 */
function rendererScripts(): string[] | undefined {
  const files = ['mermaid.js', 'report.js'].map((name) => join(__dirname, 'webview', name));
  return files.every((file) => existsSync(file)) ? files.map((file) => readFileSync(file, 'utf8')) : undefined;
}
