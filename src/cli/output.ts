// Formats check results for people (text) and for tools (JSON), and writes output to stdout or
// a file. Colour only on a terminal and never when NO_COLOR is set (https://no-color.org).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { severityRank, type Severity } from '../core/index';
import type { CheckedFile } from './checkFiles';
import { UsageError, type CliIo } from './io';

export function useColour(io: CliIo): boolean {
  const noColour = io.env.NO_COLOR;
  if (noColour !== undefined && noColour !== '') return false;
  return io.isTTY && io.env.TERM !== 'dumb';
}

const COLOURS: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '90' };
const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** `file:line:col severity code message`, 1-based; one line per diagnostic (newlines in messages folded). */
export function formatText(files: readonly CheckedFile[], colour: boolean): string {
  let out = '';
  for (const file of files) {
    for (const d of file.diagnostics) {
      const p = file.lines.positionAt(d.start);
      const where = paint(colour, '1', `${file.shown}:${p.line + 1}:${p.character + 1}`);
      const message = d.message.replace(/\r?\n/g, ' ');
      out += `${where} ${paint(colour, COLOURS[d.severity], d.severity)} ${paint(colour, '2', d.code)} ${message}\n`;
    }
  }
  return out;
}

export interface JsonDiagnostic {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: Severity;
  code: string;
  message: string;
}

/** The JSON array of diagnostics, 0-based lines and UTF-16 characters (as LSP counts). */
export function toJson(files: readonly CheckedFile[]): JsonDiagnostic[] {
  const out: JsonDiagnostic[] = [];
  for (const file of files) {
    for (const d of file.diagnostics) {
      out.push({ file: file.shown, range: file.lines.range(d.start, d.end), severity: d.severity, code: d.code, message: d.message });
    }
  }
  return out;
}

export interface Counts {
  files: number;
  error: number;
  warning: number;
  info: number;
  hint: number;
}

export function countDiagnostics(files: readonly CheckedFile[]): Counts {
  const counts: Counts = { files: files.length, error: 0, warning: 0, info: 0, hint: 0 };
  for (const file of files) for (const d of file.diagnostics) counts[d.severity]++;
  return counts;
}

export function summaryLine(counts: Counts): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(counts.files, 'file')} checked: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info, ${plural(counts.hint, 'hint')}.`;
}

/** Whether any diagnostic is at or above the threshold. */
export function failsAt(files: readonly CheckedFile[], failOn: 'error' | 'warning' | 'never'): boolean {
  if (failOn === 'never') return false;
  const limit = severityRank(failOn);
  return files.some((f) => f.diagnostics.some((d) => severityRank(d.severity) <= limit));
}

/** Writes the output to `-o FILE` (relative to cwd) or stdout. */
export function emit(io: CliIo, content: string, outFile: string | undefined): void {
  if (!outFile || outFile === '-') {
    io.stdout(content);
    return;
  }
  try {
    writeFileSync(resolve(io.cwd, outFile), content);
  } catch (error) {
    throw new UsageError(`Cannot write ${outFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}
