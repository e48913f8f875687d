// Help, version, unknown commands, colour rules and the in-process language server command.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run';
import { COMMANDS } from '../../src/cli/commands/index';
import type { CliIo } from '../../src/cli/io';
import { cli, CLI, ROOT } from './helpers';

function io(env: Record<string, string | undefined>, isTTY: boolean) {
  const out = { stdout: '', stderr: '' };
  const value: CliIo = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), cwd: ROOT, env, isTTY };
  return { io: value, out };
}

describe('cli: commands, help and colour', () => {
  it('--help lists every registered command; --version prints package.json version', () => {
    const r = cli(['--help']);
    assert.equal(r.code, 0);
    for (const c of COMMANDS) assert.ok(r.stdout.includes(c.name), c.name);
    const v = cli(['--version']);
    assert.equal(v.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  for (const command of ['check', 'report', 'export pyrit', 'import pyrit', 'lsp']) {
    it(`threatmodel ${command} --help prints its usage and exits 0`, () => {
      const r = cli([...command.split(' '), '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Usage: threatmodel ${command}`));
    });
  }

  it('unknown commands and subcommands exit 2 with a suggestion', () => {
    let r = cli(['chekc', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'chekc'\. Did you mean 'check'\?/);
    r = cli(['export', 'garak']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown subcommand 'export garak'\. Available: export pyrit/);
    assert.equal(cli([]).code, 2);
  });

  it('colour only on a terminal, and never with NO_COLOR', async () => {
    const args = ['check', 'test/fixtures/cli/error.threatmodel'];
    const tty = io({}, true);
    assert.equal(await runCli(args, tty.io), 1);
    assert.match(tty.out.stdout, /\u001b\[31merror\u001b\[0m/);
    const noColour = io({ NO_COLOR: '1' }, true);
    await runCli(args, noColour.io);
    assert.doesNotMatch(noColour.out.stdout, /\u001b\[/);
    const pipe = io({}, false);
    await runCli(args, pipe.io);
    assert.doesNotMatch(pipe.out.stdout, /\u001b\[/);
    assert.equal(noColour.out.stdout, pipe.out.stdout);
  });

  it('lsp --stdio answers initialize over stdio (the server runs in the CLI process)', async () => {
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: ROOT });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const reply = await new Promise<string>((resolve, reject) => {
      let data = '';
      const timer = setTimeout(() => reject(new Error(`no reply: ${data}`)), 15_000);
      child.stdout.on('data', (chunk) => {
        data += String(chunk);
        const start = data.indexOf('\r\n\r\n');
        const length = Number(/Content-Length: (\d+)/.exec(data)?.[1]);
        if (start >= 0 && Buffer.byteLength(data.slice(start + 4)) >= length) {
          clearTimeout(timer);
          resolve(data.slice(start + 4));
        }
      });
    });
    child.kill();
    const message = JSON.parse(reply);
    assert.equal(message.id, 1);
    assert.equal(message.result.serverInfo.name, 'threatmodel-language-server');
    assert.ok(message.result.capabilities.textDocumentSync);
  });

  it('lsp without --stdio is a usage error', () => {
    const r = cli(['lsp']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /stdio/);
  });
});
