// Reading PyRIT results (a JSON array of AttackResult.model_dump(mode="json") objects, as the
// generated runner writes them) and summarising them per threat: any success -> succeeded; all
// failures -> failed; otherwise (undetermined, error) -> undetermined.
import type { ValidationResult } from '../model/types';

export interface AttackOutcome {
  threatId: string;
  /** attack_result_id, else conversation_id, else objective+timestamp: identifies the attack run. */
  key: string;
  outcome: 'success' | 'failure' | 'error' | 'undetermined';
  objective: string;
  reason?: string;
  rationale?: string;
  attack?: string;
  pyritVersion?: string;
  timestamp?: string;
}

export interface ResultsProblem {
  index: number;
  message: string;
}

const OUTCOMES = new Set(['success', 'failure', 'error', 'undetermined']);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Parses one results file's JSON text. Problems name the entry; unusable entries are skipped. */
export function parseResults(text: string): { outcomes: AttackOutcome[]; problems: ResultsProblem[] } {
  const problems: ResultsProblem[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { outcomes: [], problems: [{ index: -1, message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` }] };
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { results?: unknown }).results) ? (data as { results: unknown[] }).results : undefined;
  if (!list) return { outcomes: [], problems: [{ index: -1, message: 'expected a JSON array of PyRIT AttackResult objects' }] };
  const outcomes: AttackOutcome[] = [];
  list.forEach((entry, index) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push({ index, message: 'not an object' });
      return;
    }
    const r = entry as Record<string, unknown>;
    const labels = r.labels && typeof r.labels === 'object' ? (r.labels as Record<string, unknown>) : {};
    const threatId = str(labels.threat_id);
    const outcome = str(r.outcome)?.toLowerCase();
    const objective = str(r.objective);
    if (!threatId) return void problems.push({ index, message: 'no labels.threat_id (run the attacks with memory_labels={"threat_id": ...})' });
    if (!outcome || !OUTCOMES.has(outcome)) return void problems.push({ index, message: `outcome must be success, failure, error or undetermined (got ${JSON.stringify(r.outcome)})` });
    if (!objective) return void problems.push({ index, message: 'no objective' });
    const score = r.last_score && typeof r.last_score === 'object' ? (r.last_score as Record<string, unknown>) : {};
    const ident = r.atomic_attack_identifier && typeof r.atomic_attack_identifier === 'object' ? (r.atomic_attack_identifier as Record<string, unknown>) : {};
    const timestamp = str(r.timestamp);
    outcomes.push({
      threatId,
      key: str(r.attack_result_id) ?? str(r.conversation_id) ?? `${objective}@${timestamp ?? ''}`,
      outcome: outcome as AttackOutcome['outcome'],
      objective,
      reason: str(r.outcome_reason),
      rationale: str(score.score_rationale),
      attack: str(ident.class_name),
      pyritVersion: str(ident.pyrit_version),
      timestamp,
    });
  });
  return { outcomes, problems };
}

export interface ThreatVerdict {
  threatId: string;
  result: ValidationResult;
  outcomes: AttackOutcome[];
  date?: string;
  source: string;
  details: string;
}

const MAX_DETAIL = 300;
const shorten = (s: string) => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : s);

export function verdict(threatId: string, outcomes: AttackOutcome[]): ThreatVerdict {
  const n = (o: AttackOutcome['outcome']) => outcomes.filter((x) => x.outcome === o).length;
  const succeeded = n('success');
  const failed = n('failure');
  const result: ValidationResult = succeeded > 0 ? 'succeeded' : failed === outcomes.length ? 'failed' : 'undetermined';
  const dates = outcomes.map((o) => o.timestamp?.slice(0, 10)).filter((d): d is string => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  const attacks = [...new Set(outcomes.map((o) => o.attack).filter(Boolean))].join(', ');
  const versions = [...new Set(outcomes.map((o) => o.pyritVersion).filter(Boolean))];
  const example = outcomes.find((o) => o.outcome === 'success') ?? outcomes.find((o) => o.outcome === 'failure') ?? outcomes[0];
  const parts = [
    `${outcomes.length} attack${outcomes.length === 1 ? '' : 's'}${attacks ? ` (${attacks})` : ''}: ${succeeded} succeeded, ${failed} failed, ${outcomes.length - succeeded - failed} undetermined or error.`,
  ];
  if (example) parts.push(shorten(`${example.outcome === 'success' ? 'Succeeded' : 'Example'}: "${example.objective}"${example.rationale ? ` (judge: ${example.rationale})` : example.reason ? ` (${example.reason})` : ''}.`));
  parts.push(`Attack results: ${outcomes.map((o) => o.key).join(', ')}`);
  return {
    threatId,
    result,
    outcomes,
    date: dates.length ? dates[dates.length - 1] : undefined,
    source: versions.length ? `pyrit ${versions.join(', ')}` : 'pyrit',
    details: parts.join(' '),
  };
}
