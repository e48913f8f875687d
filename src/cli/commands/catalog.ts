// `threatmodel catalog import-atlas`: turns an official MITRE ATLAS data file (atlas-data dist/ATLAS.yaml) into
// the catalog format the analysis uses, keeping the project's own summaries, so a newer ATLAS release can be
// used without waiting for an extension update.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, str, bool } from '../args';
import { readBytes } from '../files';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from '../io';
import { emit } from '../output';
import { decodeUtf8 } from '../../core/document';
import { importAtlas, serializeAtlasCatalog, parseAtlasSummaries } from '../../core/catalog/importAtlas';
import { ATLAS_MAX_LENGTH } from '../../core/catalog/importAtlas';
import { bundledAtlasSummaries } from '../../core/catalog/bundledSummaries';

const usage = `Usage: threatmodel catalog import-atlas <ATLAS.yaml> -o <FILE> [options]

Imports the official MITRE ATLAS data file (dist/ATLAS.yaml from github.com/mitre-atlas/atlas-data)
into a catalog file: tactics, techniques and sub-techniques (sub-techniques get their parent's
tactics) and mitigations with their technique links. The project's one-line summaries are merged in.

Options:
  -o, --output FILE      Where to write the catalog (required); '-' writes it to stdout
  --summaries FILE       Merge summaries from FILE (id: one line) instead of the bundled ones
  --no-summaries         Do not merge any summaries
  -q, --quiet            No summary line (warnings still go to stderr)
  -h, --help             Show this help

Known, tolerated defects in the data are reported as warnings on stderr. A file that is not an
ATLAS data file (not YAML, no matrices, wrong id, techniques without ids, too large, YAML aliases)
is rejected with exit code 2.

Example:
  threatmodel catalog import-atlas atlas-data/dist/ATLAS.yaml -o .threatmodel/atlas.yaml
`;

function readText(path: string, shown: string, limit: number): string {
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // readBytes reports the reason.
  }
  if (size > limit * 4) throw new UsageError(`${shown} is too large (${size} bytes); an ATLAS data file is well under ${limit} characters.`);
  const decoded = decodeUtf8(readBytes(path, shown));
  if ('error' in decoded) throw new UsageError(`${shown} is not UTF-8 text (invalid byte at offset ${decoded.offset}).`);
  return decoded.text;
}

export const catalogImportAtlasCommand: CliCommand = {
  name: 'catalog import-atlas',
  summary: 'Import a MITRE ATLAS release (ATLAS.yaml) as a catalog file',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, [
      { name: 'output', short: 'o', type: 'string' },
      { name: 'summaries', type: 'string' },
      { name: 'no-summaries', type: 'boolean' },
      { name: 'quiet', short: 'q', type: 'boolean' },
    ]);
    if (args.positionals.length !== 1) throw new UsageError('Give exactly one ATLAS.yaml file to import.');
    const out = str(args, 'output');
    if (out === undefined) throw new UsageError("Say where to write the catalog with -o FILE (or '-o -' for stdout).");
    if (bool(args, 'no-summaries') && str(args, 'summaries') !== undefined) throw new UsageError('Use either --summaries or --no-summaries, not both.');
    const input = args.positionals[0];
    const text = readText(resolve(io.cwd, input), input, ATLAS_MAX_LENGTH);
    let summaries: Record<string, string> = {};
    const summariesFile = str(args, 'summaries');
    if (summariesFile !== undefined) {
      const summariesText = readText(resolve(io.cwd, summariesFile), summariesFile, 1024 * 1024);
      try {
        summaries = parseAtlasSummaries(summariesText, summariesFile);
      } catch (error) {
        io.stderr(`threatmodel catalog import-atlas: ${(error as Error).message}\n`);
        return EXIT_USAGE;
      }
    } else if (!bool(args, 'no-summaries')) {
      summaries = bundledAtlasSummaries();
    }
    let result;
    try {
      result = importAtlas(text, summaries);
    } catch (error) {
      io.stderr(`threatmodel catalog import-atlas: ${input}: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
    const { catalog } = result;
    emit(io, serializeAtlasCatalog(catalog), out);
    const counts = `ATLAS ${catalog.version}: ${catalog.tactics.length} tactics, ${catalog.techniques.length} techniques, ${catalog.mitigations.length} mitigations`;
    if (bool(args, 'quiet')) return EXIT_OK;
    if (out === '-') io.stderr(`${counts}\n`);
    else io.stdout(`Wrote ${out} (${counts}).\n`);
    return EXIT_OK;
  },
};
