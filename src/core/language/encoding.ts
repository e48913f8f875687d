// Text that reached an editor or language server as a string cannot be checked for invalid UTF-8
// bytes any more: decoders replace them with U+FFFD. A U+FFFD in a model therefore almost always
// means the file is not valid UTF-8, which the CLI reports as `invalid-encoding` from the bytes.
// This reports the same code, at the first replacement character, for text-only adapters.
import { codeInfo } from '../diagnostics/codes';
import type { Diagnostic } from '../diagnostics/types';
import type { LineIndex } from '../text/lineIndex';

export function replacementCharDiagnostic(text: string, lines: LineIndex): Diagnostic | undefined {
  const first = text.indexOf('\ufffd');
  if (first < 0) return undefined;
  let count = 0;
  for (let i = first; i >= 0 && count < 10000; i = text.indexOf('\ufffd', i + 1)) count++;
  const line = lines.positionAt(first).line + 1;
  return {
    code: 'invalid-encoding',
    severity: codeInfo('invalid-encoding')?.severity ?? 'error',
    message:
      `The text contains ${count === 1 ? 'a U+FFFD replacement character' : `${count >= 10000 ? 'at least 10000' : count} U+FFFD replacement characters`} (first on line ${line}): ` +
      'the file was probably not valid UTF-8 when it was read, and the invalid bytes were replaced. Save the file as UTF-8.',
    start: first,
    end: first + 1,
  };
}
