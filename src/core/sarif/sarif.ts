// SARIF 2.1.0 for GitHub code scanning: one run, a rule per registered diagnostic code, results
// with repository-relative locations and fingerprints that do not depend on line numbers.
import { allCodes, type CodeInfo } from '../diagnostics/codes';
import type { Diagnostic, Severity } from '../diagnostics/types';
import type { ParsedDocument } from '../document';
import type { LineIndex } from '../text/lineIndex';
import { dreadScore } from '../report/dread';
import { hash64, stablePath, threatAt } from './fingerprint';
import type { SarifLevel, SarifLog, SarifResult, SarifRule } from './types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'threatmodelFinding/v1';

export interface SarifFile {
  /** Repository-relative path, forward slashes. */
  uri: string;
  lines: LineIndex;
  doc?: ParsedDocument;
  diagnostics: readonly Diagnostic[];
}

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
}

/** Categories whose findings are about security (threats, mitigations, analysis, DREAD, rules). */
const SECURITY_CATEGORIES = new Set<CodeInfo['category']>(['mitigation', 'analysis', 'dread', 'rules']);
/** Rule-level security severity when no DREAD score is known (GitHub: >=7 high, >=4 medium). */
const DEFAULT_SECURITY_SEVERITY: Record<Severity, string> = { error: '7.0', warning: '5.0', info: '3.0', hint: '1.0' };

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export function isSecurityCode(info: CodeInfo): boolean {
  return SECURITY_CATEGORIES.has(info.category);
}

function ruleName(code: string): string {
  return code.replace(/(^|[-_.])([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());
}

export function sarifRules(codes: readonly CodeInfo[] = allCodes()): SarifRule[] {
  return codes.map((info) => {
    const security = isSecurityCode(info);
    const rule: SarifRule = {
      id: info.code,
      name: ruleName(info.code),
      shortDescription: { text: info.title },
      fullDescription: { text: `${info.title} ${info.help}` },
      help: {
        text: info.help,
        markdown: `**${info.code}** (${info.severity} by default): ${info.title}\n\n${info.help}`,
      },
      defaultConfiguration: { level: sarifLevel(info.severity) },
      properties: { tags: security ? ['threat-model', info.category, 'security'] : ['threat-model', info.category], precision: 'very-high' },
    };
    if (security) rule.properties['security-severity'] = DEFAULT_SECURITY_SEVERITY[info.severity];
    return rule;
  });
}

export function toSarif(files: readonly SarifFile[], tool: SarifTool): SarifLog {
  const codes = allCodes();
  const rules = sarifRules(codes);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const infoByCode = new Map(codes.map((c) => [c.code, c]));
  const results: SarifResult[] = [];
  for (const file of files) {
    const seen = new Map<string, number>();
    for (const d of file.diagnostics) {
      let index = ruleIndex.get(d.code);
      if (index === undefined) {
        // An unregistered code still gets a rule, so the log stays valid.
        rules.push({
          id: d.code,
          name: ruleName(d.code),
          shortDescription: { text: d.code },
          fullDescription: { text: d.code },
          help: { text: d.code, markdown: d.code },
          defaultConfiguration: { level: sarifLevel(d.severity) },
          properties: { tags: ['threat-model'] },
        });
        index = rules.length - 1;
        ruleIndex.set(d.code, index);
      }
      const start = file.lines.positionAt(d.start);
      const end = file.lines.positionAt(Math.max(d.end, d.start));
      const path = stablePath(file.doc, d.start);
      const base = `${d.code}\u0000${file.uri}\u0000${path}`;
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      const result: SarifResult = {
        ruleId: d.code,
        ruleIndex: index,
        level: sarifLevel(d.severity),
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactLocation(file.uri),
              region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
            },
          },
        ],
        partialFingerprints: { [FINGERPRINT_KEY]: hash64(`${base}\u0000${occurrence}`) },
      };
      const info = infoByCode.get(d.code);
      const threat = info && isSecurityCode(info) ? threatAt(file.doc, d.start) : undefined;
      const score = threat ? dreadScore(threat.dread) : undefined;
      if (threat) {
        result.properties = { threat: threat.id };
        if (score !== undefined) {
          result.properties.dread = score;
          result.properties['security-severity'] = Math.max(0.1, score).toFixed(1);
        }
      }
      results.push(result);
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, semanticVersion: tool.version, informationUri: tool.informationUri, rules } },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root (git toplevel).' } } },
        results,
      },
    ],
  };
}

/** Repository-relative paths are resolved against %SRCROOT%; files outside the repository get a file: URI. */
export function artifactLocation(uri: string): { uri: string; uriBaseId?: '%SRCROOT%' } {
  if (uri.startsWith('/')) return { uri: `file://${encodeUriPath(uri)}` };
  if (/^[A-Za-z]:\//.test(uri)) return { uri: `file:///${encodeUriPath(uri)}` };
  return { uri: encodeUriPath(uri), uriBaseId: '%SRCROOT%' };
}

/** Percent-encodes characters that are not allowed in a URI path; keeps `/`. */
export function encodeUriPath(path: string): string {
  return path.split('/').map((s) => (/^[A-Za-z]:$/.test(s) ? s : encodeURIComponent(s))).join('/');
}
