// `threatmodel analyze`: STRIDE / LINDDUN / MITRE ATLAS proposals for one model, as text or JSON.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze, decodeUtf8, dreadScaleOf, FRAMEWORKS, LineIndex, parseDocument, parseRulePack, type Framework, type Proposal, type RulePack } from '../../core';
import { list, parseArgs, str, bool } from '../args';
import { readBytes, relativePath, repositoryRoot } from '../files';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../io';
import { ATLAS_CATALOG_FLAG, atlasCatalogUsage, useAtlasCatalogOption } from '../atlasOption';

const usage = `Usage: threatmodel analyze <file> [options]

Proposes STRIDE, LINDDUN and MITRE ATLAS threats for the elements and flows of a model, and says
which ones the model already covers (by a threat, an implemented mitigation, a property, or a
suppression). The same rules run in the editor ("Threat Model: Run STRIDE Analysis").

Options:
  --framework LIST      Comma-separated frameworks: stride, linddun, atlas (default: all)
  --format text|json    Output format (default: text)
  --only-new            Only proposals the model does not cover yet
  --rules FILE          An extra rule pack (*.rules.yaml); may be repeated. Packs in
                        .threatmodel/rules/ under the repository root are always loaded.
  --disable RULE        A rule id not to run; may be repeated
  --dread-scale SCALE   average-0-10 (default) or sum-1-3
  -q, --quiet           No summary line after the text output
${atlasCatalogUsage(24)}
  -h, --help            Show this help

JSON output: an array of {id, framework, categories, atlas, owasp, target, title, rationale, rule,
facts, mitigations, covered, dread}.

Exit codes: 0 analysed, 1 a rule pack has errors (the valid rules still ran), 2 usage errors.

Examples:
  threatmodel analyze examples/spam-classifier.threatmodel --framework atlas --only-new
  threatmodel analyze model.threatmodel --format json > proposals.json
`;

/** Rule packs from `.threatmodel/rules/*.rules.yaml` under `root` and the extra paths. */
export function loadRulePacks(root: string, extra: readonly string[], cwd: string): RulePack[] {
  const files: string[] = [];
  const dir = join(root, '.threatmodel', 'rules');
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    for (const name of readdirSync(dir).sort()) if (name.endsWith('.rules.yaml')) files.push(join(dir, name));
  }
  for (const p of extra) {
    const abs = resolve(cwd, p);
    if (!files.includes(abs)) files.push(abs);
  }
  return files.map((file) => {
    const shown = relativePath(cwd, file);
    const decoded = decodeUtf8(readBytes(file, shown));
    if ('error' in decoded) return { name: shown, source: shown, rules: [], diagnostics: [{ code: 'rule-pack-yaml', severity: 'error', message: decoded.error, start: 0, end: 0 }] };
    return parseRulePack(decoded.text, shown);
  });
}

function proposalJson(p: Proposal) {
  return {
    id: p.id,
    framework: p.framework,
    categories: p.categories,
    atlas: p.atlas,
    owasp: p.owasp,
    target: p.target,
    title: p.title,
    rationale: p.rationale,
    rule: p.rule,
    facts: p.facts,
    mitigations: p.mitigations,
    covered: p.covered,
    dread: p.dread ?? null,
  };
}

function formatText(proposals: Proposal[], quiet: boolean): string {
  const lines: string[] = [];
  for (const p of proposals) {
    const ids = [...p.categories, ...p.atlas.map((a) => a.technique), ...p.owasp].join(', ');
    const dread = p.dread ? ` [DREAD ${p.dread.score} ${p.dread.band}]` : '';
    lines.push(`${p.covered ? 'covered' : 'NEW    '} ${p.title}${dread}`);
    lines.push(`        ${p.id}  (${ids})`);
    if (p.covered) lines.push(`        ${p.covered.reason}`);
    else {
      lines.push(`        ${p.rationale}`);
      for (const m of p.mitigations) lines.push(`        - ${m.atlas ? `${m.atlas} ` : ''}${m.control}: ${m.text}`);
    }
  }
  const fresh = proposals.filter((p) => !p.covered).length;
  if (!quiet) lines.push(`${proposals.length} proposal(s): ${fresh} new, ${proposals.length - fresh} covered.`);
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'Propose STRIDE / LINDDUN / MITRE ATLAS threats for a model',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, [
      { name: 'framework', type: 'string' },
      { name: 'format', type: 'string', choices: ['text', 'json'] },
      { name: 'only-new', type: 'boolean' },
      { name: 'rules', type: 'multi' },
      { name: 'disable', type: 'multi' },
      { name: 'dread-scale', type: 'string', choices: ['average-0-10', 'sum-1-3'] },
      { name: 'quiet', short: 'q', type: 'boolean' },
      ATLAS_CATALOG_FLAG,
    ]);
    if (args.positionals.length !== 1) throw new UsageError('Give exactly one .threatmodel file to analyse.');
    useAtlasCatalogOption(args, io.cwd);
    const frameworks = (str(args, 'framework') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    for (const f of frameworks) {
      if (!(FRAMEWORKS as readonly string[]).includes(f)) throw new UsageError(`Unknown framework '${f}'; use ${FRAMEWORKS.join(', ')}.`);
    }
    const file = resolve(io.cwd, args.positionals[0]);
    const shown = relativePath(io.cwd, file);
    const decoded = decodeUtf8(readBytes(file, shown));
    if ('error' in decoded) throw new UsageError(`${shown}: ${decoded.error}`);
    const doc = parseDocument(decoded.text);
    if (!doc.yaml.ok) throw new UsageError(`${shown} is not valid YAML; run 'threatmodel check ${shown}' for details.`);

    const packs = loadRulePacks(repositoryRoot(io.cwd), list(args, 'rules'), io.cwd);
    let packErrors = 0;
    for (const pack of packs) {
      if (pack.diagnostics.length === 0) continue;
      const lines = new LineIndex(readFileSafe(resolve(io.cwd, pack.source)));
      for (const d of pack.diagnostics) {
        const at = lines.positionAt(d.start);
        if (d.severity === 'error') packErrors++;
        io.stderr(`${pack.source}:${at.line + 1}:${at.character + 1}: ${d.severity} ${d.code}: ${d.message}\n`);
      }
    }
    const result = analyze(doc, {
      frameworks: frameworks as Framework[],
      userPacks: packs,
      disabledRules: list(args, 'disable'),
      dreadScale: dreadScaleOf(str(args, 'dread-scale')),
    });
    for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
    const proposals = bool(args, 'only-new') ? result.proposals.filter((p) => !p.covered) : result.proposals;
    if ((str(args, 'format') ?? 'text') === 'json') io.stdout(JSON.stringify(proposals.map(proposalJson), null, 2) + '\n');
    else io.stdout(formatText(proposals, bool(args, 'quiet')));
    return packErrors > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
