// Analysis in the language server: `threatmodel/analyze` runs the STRIDE / LINDDUN / ATLAS rules
// on an open model and returns the proposals (each new one with the edit that would add it);
// `threatmodel/addProposals` returns one WorkspaceEdit adding several; `threatmodel/validateRulePack`
// gives the anchored diagnostics of a `*.rules.yaml` file (the client shows them on that file).
// Rule packs are read here (core stays pure): `.threatmodel/rules/*.rules.yaml` in the document's
// workspace folder and the paths in `threatmodel.analysis.rulePacks` (relative to that folder).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic as LspDiagnostic, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import {
  analyze,
  coveringValidation,
  decodeUtf8,
  dreadScaleOf,
  FRAMEWORKS,
  LineIndex,
  parseRulePack,
  planAddProposals,
  type CheckOptions,
  type CoveringValidation,
  type Framework,
  type ParsedDocument,
  type Proposal,
  type RulePack,
  type TextEdit,
} from '../core';
import { existsInFolder, folderOf } from './settings';
import type { ServerFeature } from './features';

export interface AnalyzeParams {
  uri: string;
  frameworks?: Framework[];
}

export interface AnalyzedProposal extends Proposal {
  /** For a new proposal: the edit that adds it to the model. */
  edit?: WorkspaceEdit;
  /** For a proposal covered by threats: the latest validation run of each validated one (most severe first). */
  validation?: CoveringValidation[];
}

export interface AnalyzeResult {
  uri: string;
  /** The document version the proposals and edits were computed for. */
  version?: number;
  proposals: AnalyzedProposal[];
  warnings: string[];
  /** Problems in the user rule packs that were loaded, anchored in those files. */
  rulePacks: { uri: string; diagnostics: LspDiagnostic[] }[];
  /** Set when the model could not be analysed (e.g. not valid YAML). */
  error?: string;
}

export interface AddProposalsParams {
  uri: string;
  ids: string[];
}

export interface ValidateRulePackParams {
  uri: string;
  text: string;
}

/** Per-proposal edits are computed for at most this many new proposals (the rest: addProposals). */
export const MAX_EDITS_IN_RESULT = 300;
const MAX_PACK_BYTES = 1024 * 1024;

export const analysisFeature: ServerFeature = (ctx) => {
  const { connection, documents, settings } = ctx;

  const packsFor = (uri: string, options: CheckOptions): { packs: RulePack[]; files: Map<string, string> } => {
    const files = new Map<string, string>();
    const folder = folderOf(uri, settings.workspaceFolders());
    if (!folder) return { packs: [], files };
    const candidates: string[] = [];
    const dir = path.join(folder, '.threatmodel', 'rules');
    try {
      for (const name of readdirSync(dir).sort()) if (name.endsWith('.rules.yaml')) candidates.push(path.join('.threatmodel', 'rules', name));
    } catch {
      // no rules folder
    }
    const configured = options.analysisRulePacks;
    if (Array.isArray(configured)) {
      for (const p of configured) if (typeof p === 'string' && /\.ya?ml$/.test(p) && !candidates.includes(path.normalize(p))) candidates.push(path.normalize(p));
    }
    const packs: RulePack[] = [];
    for (const relative of candidates) {
      const shown = relative.split(path.sep).join('/');
      if (!existsInFolder(folder, relative)) {
        packs.push({ name: shown, source: shown, rules: [], diagnostics: [{ code: 'rule-pack-invalid', severity: 'error', message: `Rule pack ${shown} was not found in the workspace folder (paths are relative to it and stay inside it).`, start: 0, end: 0 }] });
        continue;
      }
      const file = path.join(folder, relative);
      try {
        if (statSync(file).size > MAX_PACK_BYTES) {
          packs.push({ name: shown, source: shown, rules: [], diagnostics: [{ code: 'rule-pack-too-large', severity: 'error', message: 'The rule pack is larger than 1 MB.', start: 0, end: 0 }] });
          continue;
        }
        const decoded = decodeUtf8(readFileSync(file));
        const text = 'text' in decoded ? decoded.text : '';
        files.set(shown, text);
        const pack = 'text' in decoded ? parseRulePack(text, shown) : { name: shown, source: shown, rules: [], diagnostics: [{ code: 'rule-pack-yaml', severity: 'error' as const, message: decoded.error, start: 0, end: 0 }] };
        packs.push(pack);
      } catch (error) {
        packs.push({ name: shown, source: shown, rules: [], diagnostics: [{ code: 'rule-pack-invalid', severity: 'error', message: `Rule pack ${shown} could not be read: ${String(error)}`, start: 0, end: 0 }] });
      }
    }
    return { packs, files };
  };

  const run = async (uri: string, frameworks: Framework[] | undefined) => {
    const options = await settings.checkOptions(uri);
    const doc = documents.get(uri);
    const { packs, files } = packsFor(uri, options);
    const disabled = Array.isArray(options.analysisDisabledRules) ? options.analysisDisabledRules.filter((x): x is string => typeof x === 'string') : [];
    const folder = folderOf(uri, settings.workspaceFolders());
    const rulePacks = packs
      .filter((p) => p.diagnostics.length > 0)
      .map((p) => {
        const lines = new LineIndex(files.get(p.source) ?? '');
        return { uri: folder ? pathToUri(path.join(folder, p.source)) : p.source, diagnostics: p.diagnostics.map((d) => packDiagnostic(lines, d)) };
      });
    return { doc, options, packs, disabled, rulePacks, frameworks: (frameworks ?? []).filter((f) => (FRAMEWORKS as readonly string[]).includes(f)) };
  };

  connection.onRequest(
    'threatmodel/analyze',
    ctx.safeRequest<AnalyzeParams, AnalyzeResult>('analyze', { uri: '', proposals: [], warnings: [], rulePacks: [] }, async (params) => {
      const version = documents.version(params.uri);
      const r = await run(params.uri, params.frameworks);
      if (!r.doc) return { uri: params.uri, proposals: [], warnings: [], rulePacks: r.rulePacks, error: 'The document is not open.' };
      const current = r.doc.yaml.ok;
      const doc = current ? r.doc : documents.lastGood(params.uri);
      if (!doc) return { uri: params.uri, version, proposals: [], warnings: [], rulePacks: r.rulePacks, error: 'The model is not valid YAML; fix the syntax errors and run the analysis again.' };
      const result = analyze(doc, { frameworks: r.frameworks, userPacks: r.packs, disabledRules: r.disabled, dreadScale: dreadScaleOf(r.options.dreadScale) });
      let budget = MAX_EDITS_IN_RESULT;
      const proposals: AnalyzedProposal[] = result.proposals.map((p) => {
        if (p.covered && p.covered.by === 'threat') {
          const validation = coveringValidation(doc.model, p.covered.ids);
          return validation.length > 0 ? { ...p, validation } : p;
        }
        if (p.covered || !current || budget <= 0) return p;
        budget--;
        return { ...p, edit: workspaceEdit(params.uri, doc, planAddProposals(doc, [p]).edits) };
      });
      return { uri: params.uri, version, proposals, warnings: result.warnings, rulePacks: r.rulePacks };
    }),
  );

  connection.onRequest(
    'threatmodel/addProposals',
    ctx.safeRequest<AddProposalsParams, WorkspaceEdit | null>('addProposals', null, async (params) => {
      const r = await run(params.uri, undefined);
      if (!r.doc || !r.doc.yaml.ok) return null;
      const wanted = new Set(params.ids);
      const result = analyze(r.doc, { userPacks: r.packs, disabledRules: r.disabled, dreadScale: dreadScaleOf(r.options.dreadScale) });
      const chosen = result.proposals.filter((p) => wanted.has(p.id) && !p.covered);
      if (chosen.length === 0) return { changes: { [params.uri]: [] } };
      return workspaceEdit(params.uri, r.doc, planAddProposals(r.doc, chosen).edits);
    }),
  );

  connection.onRequest(
    'threatmodel/validateRulePack',
    ctx.safeRequest<ValidateRulePackParams, LspDiagnostic[]>('validateRulePack', [], (params) => {
      if (typeof params.text !== 'string') return [];
      const pack = parseRulePack(params.text, params.uri);
      const lines = new LineIndex(params.text);
      return pack.diagnostics.map((d) => packDiagnostic(lines, d));
    }),
  );
};

function packDiagnostic(lines: LineIndex, d: RulePack['diagnostics'][number]): LspDiagnostic {
  return {
    range: lines.range(d.start, Math.max(d.start, d.end)),
    severity: d.severity === 'error' ? 1 : 2,
    code: d.code,
    source: 'threatmodel',
    message: d.message,
  };
}

function workspaceEdit(uri: string, doc: ParsedDocument, edits: TextEdit[]): WorkspaceEdit {
  const lspEdits: LspTextEdit[] = edits.map((e) => ({ range: doc.lines.range(e.start, e.end), newText: e.newText }));
  return { changes: { [uri]: lspEdits } };
}

function pathToUri(file: string): string {
  return pathToFileURL(file).toString();
}
