// docs/cli.md stays complete: every registered command has its section and every option its usage
// text lists (the --help output) is documented there.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/cli/commands/index';
import { ROOT } from './helpers';

describe('docs/cli.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
  const headings = doc.split('\n').filter((l) => l.startsWith('## '));

  it('has a section for every command', () => {
    const missing = COMMANDS.filter((c) => !headings.some((h) => h.includes(`\`threatmodel ${c.name} `) || h.includes(`\`threatmodel ${c.name}\``)));
    assert.deepEqual(missing.map((c) => c.name), []);
  });

  it('documents every option of every command (as listed by its --help)', () => {
    const missing: string[] = [];
    for (const command of COMMANDS) {
      const options = new Set([...command.usage.matchAll(/^\s+(?:-\w, )?(--[a-zA-Z][a-zA-Z-]*)/gm)].map((m) => m[1]));
      options.delete('--help');
      assert.ok(command.name === 'lsp' || options.size > 0, `${command.name}: no options parsed from its usage`);
      for (const option of options) if (!new RegExp(`${option}(?![A-Za-z-])`).test(doc)) missing.push(`${command.name} ${option}`);
    }
    assert.deepEqual(missing, []);
  });
});
