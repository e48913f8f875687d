// `threatmodel check`: the editor's diagnostics for CI, as text, JSON or SARIF.
import { bool, parseArgs, str } from '../args';
import { checkFile } from '../checkFiles';
import { repositoryRoot, resolveInputs } from '../files';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from '../io';
import { countDiagnostics, emit, failsAt, formatText, summaryLine, toJson, useColour } from '../output';
import type { CheckedFile } from '../checkFiles';
import { toSarif } from '../../core/sarif/index';
import { TOOL } from '../tool';
import { ATLAS_CATALOG_FLAG, atlasCatalogUsage, useAtlasCatalogOption } from '../atlasOption';

const usage = `Usage: threatmodel check <files, directories or globs...> [options]

Checks threat models with the same diagnostics (and codes) as the editor.

Options:
  --format text|json|sarif   Output format (default: text)
  --fail-on error|warning|never
                             Exit 1 when a diagnostic at or above this severity is found
                             (default: error)
  -o, --output FILE          Write the output to FILE instead of stdout
  -q, --quiet                No summary line
${atlasCatalogUsage(29)}
  -h, --help                 Show this help

Globs: * (within a folder), ** (any folders), ? (one character), {a,b} (alternatives); quote them.
node_modules and .git are skipped. A directory means all .threatmodel files under it.
Evidence paths are resolved against the repository root (the git toplevel, else the current directory).

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage errors, unreadable files,
missing paths or globs that match nothing.

Examples:
  threatmodel check 'models/**/*.threatmodel'
  threatmodel check models --format sarif -o threatmodel.sarif --fail-on warning
`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Check models; text, JSON or SARIF output; exit 1 on findings',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, [
      { name: 'format', type: 'string', choices: ['text', 'json', 'sarif'] },
      { name: 'fail-on', type: 'string', choices: ['error', 'warning', 'never'] },
      { name: 'output', short: 'o', type: 'string' },
      { name: 'quiet', short: 'q', type: 'boolean' },
      ATLAS_CATALOG_FLAG,
    ]);
    if (args.positionals.length === 0) throw new UsageError('Give at least one file, directory or glob to check.');
    useAtlasCatalogOption(args, io.cwd);
    const format = str(args, 'format') ?? 'text';
    const failOn = (str(args, 'fail-on') ?? 'error') as 'error' | 'warning' | 'never';
    const outFile = str(args, 'output');
    const quiet = bool(args, 'quiet');

    const paths = resolveInputs(args.positionals, io.cwd);
    const root = repositoryRoot(io.cwd);
    const files: CheckedFile[] = [];
    let unreadable = 0;
    for (const path of paths) {
      try {
        files.push(checkFile(path, io.cwd, root));
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        io.stderr(`threatmodel check: ${error.message}\n`);
        unreadable++;
      }
    }

    if (format === 'json') emit(io, `${JSON.stringify(toJson(files), null, 2)}\n`, outFile);
    else if (format === 'sarif') emit(io, `${JSON.stringify(toSarif(files, TOOL), null, 2)}\n`, outFile);
    else emit(io, formatText(files, !outFile && useColour(io)), outFile);

    if (!quiet) {
      const line = summaryLine(countDiagnostics(files)) + (unreadable ? ` ${unreadable} file${unreadable === 1 ? '' : 's'} could not be read.` : '');
      // Keep stdout machine-readable for JSON and SARIF.
      if (format === 'text' || outFile) io.stdout(`${line}\n`);
      else io.stderr(`${line}\n`);
    }
    if (unreadable > 0) return EXIT_USAGE;
    return failsAt(files, failOn) ? EXIT_FINDINGS : EXIT_OK;
  },
};
