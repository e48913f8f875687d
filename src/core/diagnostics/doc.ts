// Renders `docs/diagnostics.md` from the code registry. `npm run gen` writes it; a test checks
// that every registered code appears in the committed file.
import type { CodeInfo } from './codes';

const CATEGORY_TITLES: Record<CodeInfo['category'], string> = {
  yaml: 'YAML and file',
  schema: 'Format (schema)',
  reference: 'Ids and references',
  mitigation: 'Mitigations and risk decisions',
  analysis: 'Analysis coverage (STRIDE, LINDDUN, ATLAS)',
  dread: 'DREAD scoring',
  rules: 'Custom rules',
};

const CATEGORY_ORDER: CodeInfo['category'][] = ['yaml', 'schema', 'reference', 'mitigation', 'dread', 'analysis', 'rules'];

/** The markdown of docs/diagnostics.md for the given codes (sorted by category, then code). */
export function renderDiagnosticsDoc(codes: readonly CodeInfo[]): string {
  const lines: string[] = [
    '# Diagnostics',
    '',
    '<!-- Generated from src/core/diagnostics/codes.ts (and the modules that register codes) by',
    '     scripts/gen-diagnostics-doc.ts. Do not edit by hand: run `npm run gen`. -->',
    '',
    'Every problem the extension, the language server and the `threatmodel` CLI report has a stable',
    'code. The code is shown with the message (in VS Code: in the Problems panel; in the CLI: in the',
    'text output and as the SARIF `ruleId`).',
    '',
    '## Changing the severity or turning a code off',
    '',
    'The setting `threatmodel.diagnostics.severity` maps codes to `error`, `warning`, `info`, `hint`',
    'or `off`. For example, in `.vscode/settings.json`:',
    '',
    '```json',
    '{',
    '  "threatmodel.diagnostics.severity": {',
    '    "unknown-key": "error",',
    '    "self-flow": "off"',
    '  }',
    '}',
    '```',
    '',
    'Codes not listed keep their default severity. Turning off a YAML error does not make a broken file',
    'readable: the other checks still need a file that parses.',
    '',
    '## Summary',
    '',
    '| Code | Default severity | Meaning |',
    '| --- | --- | --- |',
  ];
  const sorted = [...codes].sort(
    (a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.code.localeCompare(b.code),
  );
  for (const c of sorted) lines.push(`| [\`${c.code}\`](#${c.code}) | ${c.severity} | ${escapeCell(c.title)} |`);
  for (const category of CATEGORY_ORDER) {
    const inCategory = sorted.filter((c) => c.category === category);
    if (inCategory.length === 0) continue;
    lines.push('', `## ${CATEGORY_TITLES[category]}`);
    for (const c of inCategory) {
      lines.push(
        '',
        `### ${c.code}`,
        '',
        `Default severity: **${c.severity}**`,
        '',
        `**What it means:** ${c.title}`,
        '',
        `**How to fix:** ${c.help}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
