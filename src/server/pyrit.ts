// `threatmodel/importPyrit {uri, results}`: the editor's "Import PyRIT Results..." — the same import as
// `threatmodel import pyrit` (src/core/pyrit: parseResults, planImport) on an open model. `results` are
// the contents of PyRIT results JSON files; the answer carries the minimal WorkspaceEdit that appends
// one `validation:` entry per threat (the client applies it, so the user can undo it) and what was
// recorded, already recorded, unknown or unreadable. Nothing is written here.
import type { TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { parseResults, planImport, type AttackOutcome, type ValidationResult } from '../core';
import type { ServerFeature } from './features';

export interface ImportPyritParams {
  /** The open model. */
  uri: string;
  /** Contents of the results files (JSON arrays of PyRIT AttackResult objects). */
  results: string[];
  /** Optional display names of those files, for problem messages. */
  names?: string[];
}

export interface ImportPyritResult {
  /** The edit to apply; null when there is nothing to add (or the model cannot be edited). */
  edit: WorkspaceEdit | null;
  /** The document version the edit was computed for. */
  version?: number;
  /** Threats that get a new validation entry. */
  recorded: { threatId: string; result: ValidationResult; runs: number }[];
  /** Threats whose results were all recorded before. */
  alreadyRecorded: string[];
  /** Threat ids in the results that the model does not define. */
  unknownThreats: string[];
  /** Problems with the results files (whole files or entries skipped), each naming the file. */
  problems: string[];
  /** Set when nothing could be imported at all (model not open or not valid, no usable results). */
  error?: string;
}

/** Most results files per request, and most characters per file (PyRIT results are a few MB at most). */
export const MAX_RESULTS_FILES = 100;
export const MAX_RESULTS_CHARS = 50 * 1024 * 1024;

export const pyritFeature: ServerFeature = (ctx) => {
  const { connection, documents } = ctx;
  const documentChanges = !!ctx.capabilities.workspace?.workspaceEdit?.documentChanges;

  connection.onRequest(
    'threatmodel/importPyrit',
    ctx.safeRequest<ImportPyritParams, ImportPyritResult>(
      'importPyrit',
      { edit: null, recorded: [], alreadyRecorded: [], unknownThreats: [], problems: [], error: 'The import failed; see the Threat Model output.' },
      (params) => {
        const empty: ImportPyritResult = { edit: null, recorded: [], alreadyRecorded: [], unknownThreats: [], problems: [] };
        if (!params || typeof params.uri !== 'string' || !Array.isArray(params.results)) {
          return { ...empty, error: 'threatmodel/importPyrit needs {uri, results: string[]}.' };
        }
        const version = documents.version(params.uri);
        const doc = documents.get(params.uri);
        if (!doc || version === undefined) return { ...empty, error: 'The model is not open.' };
        if (!doc.yaml.ok || doc.yaml.root?.kind !== 'map') {
          return { ...empty, version, error: 'The model is not valid YAML; fix the syntax errors before importing results.' };
        }
        if (params.results.length > MAX_RESULTS_FILES) return { ...empty, version, error: `Too many results files (${params.results.length}; at most ${MAX_RESULTS_FILES}).` };

        const problems: string[] = [];
        const outcomes: AttackOutcome[] = [];
        let unusable = 0;
        params.results.forEach((text, i) => {
          const name = typeof params.names?.[i] === 'string' ? params.names[i] : `results file ${i + 1}`;
          if (typeof text !== 'string') {
            problems.push(`${name}: not text`);
            unusable++;
            return;
          }
          if (text.length > MAX_RESULTS_CHARS) {
            problems.push(`${name}: too large (${text.length} characters; at most ${MAX_RESULTS_CHARS})`);
            unusable++;
            return;
          }
          const parsed = parseResults(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
          for (const p of parsed.problems) {
            problems.push(`${name}${p.index >= 0 ? ` [${p.index}]` : ''}: ${p.message}`);
            if (p.index < 0) unusable++;
          }
          outcomes.push(...parsed.outcomes);
        });
        if (outcomes.length === 0) {
          return { ...empty, version, problems, error: unusable > 0 ? 'No results could be read: the files are not PyRIT results.' : 'The files contain no attack results.' };
        }

        const plan = planImport(doc, outcomes);
        const result: ImportPyritResult = {
          edit: null,
          version,
          recorded: plan.recorded.map((v) => ({ threatId: v.threatId, result: v.result, runs: v.outcomes.length })),
          alreadyRecorded: plan.alreadyRecorded,
          unknownThreats: plan.unknownThreats,
          problems,
        };
        if (plan.edits.length > 0) {
          const edits: LspTextEdit[] = plan.edits.map((e) => ({ range: doc.lines.range(e.start, e.end), newText: e.newText }));
          // With the version, the client refuses the edit if the model changed in the meantime.
          result.edit = documentChanges ? { documentChanges: [{ textDocument: { uri: params.uri, version }, edits }] } : { changes: { [params.uri]: edits } };
        }
        return result;
      },
    ),
  );
};
