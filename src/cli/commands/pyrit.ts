// `threatmodel export pyrit` and `threatmodel import pyrit`: the PyRIT validation loop.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { applyEdits, parseDocument } from '../../core/index';
import { exportPyrit, parseResults, planImport, type AttackOutcome } from '../../core/pyrit/index';
import { bool, parseArgs, str } from '../args';
import { checkFile } from '../checkFiles';
import { readBytes, repositoryRoot, resolveInputs } from '../files';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from '../io';

const exportUsage = `Usage: threatmodel export pyrit <model> -o DIR

Writes PyRIT (1.x) material for every OPEN threat on an LLM or agent (or named with OWASP
LLM01/LLM02/LLM06/LLM07 or ATLAS AML.T0051/T0053/T0054/T0056/T0057/T0086) whose category PyRIT
can exercise (prompt injection, jailbreak, system prompt leakage, sensitive data disclosure,
excessive agency):
  DIR/threatmodel_seeds.prompt   seed dataset (SeedDataset.from_yaml_file), objectives per threat,
                                 the threat id in each seed's metadata
  DIR/scorers/<threat>.yaml      true/false scorer rubric per threat (TrueFalseQuestion.from_yaml)
  DIR/manifest.json              threats, objectives and scorers
  DIR/run_pyrit.py               runner: python DIR/run_pyrit.py --help

Options:
  -o, --output DIR   Directory to write (created if needed; existing files are overwritten)
  -q, --quiet        Print nothing on success (errors still go to stderr)
  -h, --help         Show this help
`;

const importUsage = `Usage: threatmodel import pyrit <model> <results.json...>

Records PyRIT attack results (JSON arrays of AttackResult.model_dump(), as run_pyrit.py writes
them, with labels.threat_id) in the model: one entry per threat under \`validation:\`
(result succeeded | failed | undetermined, date, source, details). Any successful attack ->
succeeded (the threat is confirmed); all attacks failed -> failed (the defences held); otherwise
undetermined. The edit is minimal: the rest of the file stays byte-identical. Attack results
already recorded are skipped, so importing the same file twice changes nothing.

Options:
  --dry-run    Print what would be recorded; do not write the model
  -q, --quiet  Print nothing but warnings and errors (on stderr)
  -h, --help   Show this help
`;

export const exportPyritCommand: CliCommand = {
  name: 'export pyrit',
  summary: 'Write PyRIT seed datasets, scorer rubrics and a runner for open LLM threats',
  usage: exportUsage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, [
      { name: 'output', short: 'o', type: 'string' },
      { name: 'quiet', short: 'q', type: 'boolean' },
    ]);
    const say = (s: string): void => (bool(args, 'quiet') ? undefined : io.stdout(s));
    if (args.positionals.length !== 1) throw new UsageError('Give exactly one model file.');
    const outDir = str(args, 'output');
    if (!outDir) throw new UsageError('Give the output directory with -o DIR.');
    const [path] = resolveInputs(args.positionals, io.cwd);
    const checked = checkFile(path, io.cwd, repositoryRoot(io.cwd));
    if (!checked.doc || !checked.doc.yaml.ok) {
      io.stderr(`threatmodel export pyrit: ${checked.shown} cannot be read as a threat model: ${checked.diagnostics[0]?.message ?? 'invalid'}\n`);
      return EXIT_USAGE;
    }
    const result = exportPyrit(checked.doc.model, basename(path).replace(/\.threatmodel$/, ''));
    if (result.files.length === 0) {
      say(`No open threats in ${checked.shown} that PyRIT can exercise (open threats on an LLM or agent, or with OWASP LLM / ATLAS LLM attack ids). Nothing written.\n`);
      return EXIT_OK;
    }
    const dir = resolve(io.cwd, outDir);
    try {
      for (const file of result.files) {
        const target = join(dir, file.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, file.content);
      }
    } catch (error) {
      throw new UsageError(`Cannot write to ${outDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
    const objectives = result.threats.reduce((n, t) => n + t.objectives.length, 0);
    say(`Wrote ${objectives} objectives for ${result.threats.length} threats to ${outDir}: ${result.threats.map((t) => t.threat_id).join(', ')}.\n`);
    say(`Run: python ${join(outDir, 'run_pyrit.py')} --out pyrit_results.json, then: threatmodel import pyrit ${checked.shown} pyrit_results.json\n`);
    return EXIT_OK;
  },
};

export const importPyritCommand: CliCommand = {
  name: 'import pyrit',
  summary: 'Record PyRIT attack results as validation evidence on threats',
  usage: importUsage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, [
      { name: 'dry-run', type: 'boolean' },
      { name: 'quiet', short: 'q', type: 'boolean' },
    ]);
    const say = (s: string): void => (bool(args, 'quiet') ? undefined : io.stdout(s));
    if (args.positionals.length < 2) throw new UsageError('Give the model file and at least one results JSON file.');
    const [modelArg, ...resultArgs] = args.positionals;
    const [modelPath] = resolveInputs([modelArg], io.cwd);
    const resultPaths = resolveInputs(resultArgs, io.cwd);
    const text = decode(readBytes(modelPath, modelArg), modelArg);
    const doc = parseDocument(text);
    if (!doc.yaml.ok) throw new UsageError(`${modelArg} is not valid YAML; fix it before importing (threatmodel check ${modelArg}).`);
    const outcomes: AttackOutcome[] = [];
    let bad = 0;
    for (const p of resultPaths) {
      const shown = resultArgs[resultPaths.indexOf(p)] ?? p;
      const parsed = parseResults(decode(readBytes(p, shown), shown));
      for (const problem of parsed.problems) {
        io.stderr(`${shown}${problem.index >= 0 ? ` [${problem.index}]` : ''}: ${problem.message}\n`);
        if (problem.index < 0) bad++;
      }
      outcomes.push(...parsed.outcomes);
    }
    if (bad > 0) return EXIT_USAGE;
    const plan = planImport(doc, outcomes);
    for (const id of plan.unknownThreats) io.stderr(`warning: results for threat '${id}', which ${modelArg} does not define; skipped.\n`);
    for (const v of plan.recorded) say(`${v.threatId}: ${v.result} (${v.outcomes.length} new attack result${v.outcomes.length === 1 ? '' : 's'})\n`);
    for (const id of plan.alreadyRecorded) say(`${id}: already recorded, nothing added\n`);
    if (plan.edits.length === 0) {
      say(`No changes to ${modelArg}.\n`);
      return EXIT_OK;
    }
    if (bool(args, 'dry-run')) {
      say(`Dry run: ${modelArg} not written.\n`);
      return EXIT_OK;
    }
    writeFileSync(modelPath, applyEdits(text, plan.edits));
    say(`Updated ${modelArg}: ${plan.recorded.length} validation entr${plan.recorded.length === 1 ? 'y' : 'ies'} added.\n`);
    return EXIT_OK;
  },
};

function decode(bytes: Uint8Array, shown: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new UsageError(`${shown} is not valid UTF-8.`);
  }
}

