// `threatmodel dfd <file>`: the model's data-flow diagram as Mermaid flowchart text (the same text
// the VS Code preview draws), for docs, wikis and design reviews. Attack trees with --attack-trees.
import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { bool, parseArgs, str } from '../args';
import { readBytes } from '../files';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from '../io';
import { decodeUtf8, parseDocument } from '../../core/document';
import { attackTreesToMermaid, toMermaid } from '../../core/diagram/index';

const usage = `Usage: threatmodel dfd <file> [options]

Prints the data-flow diagram of a threat model as Mermaid flowchart text: external entities as
rectangles, processes rounded, data stores as cylinders, flows as labelled arrows, trust
boundaries as nested dashed subgraphs, ML components marked «role».

Options:
  --format mermaid       Output format (only mermaid for now; the default)
  --boundary ID          Only this trust boundary (and those inside it), plus the outside ends of its flows
  --focus ID             Only this element or flow and its neighbours (radius 1)
  --overlay              Colour elements and flows by their threats (open: red, addressed: green)
  --attack-trees         Print each attack tree as a Mermaid flowchart after the DFD
  -o, --output FILE      Write to FILE instead of stdout
  -h, --help             Show this help

Exit codes: 0 printed, 2 usage errors, unreadable files, YAML syntax errors or an unknown --boundary/--focus.

Examples:
  threatmodel dfd models/spam.threatmodel --overlay > dfd.mmd
  threatmodel dfd models/spam.threatmodel --boundary internal
`;

export const dfdCommand: CliCommand = {
  name: 'dfd',
  summary: 'Print the data-flow diagram as Mermaid text (per boundary, with threat overlay)',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, [
      { name: 'format', type: 'string', choices: ['mermaid'] },
      { name: 'boundary', type: 'string' },
      { name: 'focus', type: 'string' },
      { name: 'overlay', type: 'boolean' },
      { name: 'attack-trees', type: 'boolean' },
      { name: 'output', short: 'o', type: 'string' },
    ]);
    if (args.positionals.length !== 1) throw new UsageError('Give exactly one .threatmodel file.');
    if (str(args, 'boundary') && str(args, 'focus')) throw new UsageError('Use either --boundary or --focus, not both.');
    const shown = args.positionals[0];
    const decoded = decodeUtf8(readBytes(resolve(io.cwd, shown), shown));
    if ('error' in decoded) {
      io.stderr(`threatmodel dfd: ${shown}: ${decoded.error}\n`);
      return EXIT_USAGE;
    }
    const doc = parseDocument(decoded.text);
    if (!doc.yaml.ok) {
      const p = doc.yaml.problems[0];
      const at = p ? doc.lines.positionAt(p.start) : undefined;
      io.stderr(`threatmodel dfd: ${shown}${at ? `:${at.line + 1}:${at.character + 1}` : ''}: ${p?.message ?? 'not valid YAML'}\n`);
      return EXIT_USAGE;
    }
    const diagram = toMermaid(doc.model, { overlay: bool(args, 'overlay'), boundary: str(args, 'boundary'), focus: str(args, 'focus') });
    if (diagram.stats.viewError) {
      io.stderr(`threatmodel dfd: ${diagram.stats.viewError}\n`);
      return EXIT_USAGE;
    }
    let out = diagram.text;
    if (diagram.stats.skippedFlows.length > 0) {
      io.stderr(`threatmodel dfd: flows not drawn (an end is not a defined element): ${diagram.stats.skippedFlows.join(', ')}\n`);
    }
    if (bool(args, 'attack-trees')) {
      for (const tree of attackTreesToMermaid(doc.model)) out += `\n%% attack tree ${tree.id.replace(/[^\w.-]/g, '_')}\n${tree.text}`;
    }
    const outFile = str(args, 'output');
    if (outFile) writeFileSync(resolve(io.cwd, outFile), out);
    else io.stdout(out);
    return EXIT_OK;
  },
};
