// `threatmodel lsp --stdio`: the language server, in this process, for editors other than VS Code
// (Neovim, Helix, Emacs...). It loads the server bundle that ships beside the CLI (dist/server.js,
// built from src/server/main.ts, which starts listening when loaded); the connection reads the
// transport from the process arguments, so `--stdio` passes straight through.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_USAGE, UsageError, type CliCommand, type CliIo } from '../io';

const usage = `Usage: threatmodel lsp --stdio

Runs the threat model language server over standard input/output (LSP 3.17): the same
diagnostics, completion, hovers, navigation and quick fixes as the VS Code extension.
Editors start it as a subprocess, e.g. for Neovim:
  vim.lsp.start({ name = 'threatmodel', cmd = { 'threatmodel', 'lsp', '--stdio' } })

Options:
  --stdio                  Talk LSP over stdin/stdout (required)
  --clientProcessId=PID    Exit when the editor process exits (passed by some clients)
  -h, --help               Show this help
`;

export const lspCommand: CliCommand = {
  name: 'lsp',
  summary: 'Run the language server over stdio (for any LSP editor)',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    for (const arg of argv) {
      if (arg !== '--stdio' && !/^--clientProcessId(=\d+)?$/.test(arg) && !/^\d+$/.test(arg)) {
        throw new UsageError(`Unknown option '${arg}'.`);
      }
    }
    if (!argv.includes('--stdio')) throw new UsageError('Only the stdio transport is supported: run `threatmodel lsp --stdio`.');
    // The server bundle sits next to this CLI bundle (dist/cli.js, dist/server.js). A fixed path
    // inside the installed package, never anything from the workspace.
    const serverBundle = join(__dirname, 'server.js');
    if (!existsSync(serverBundle)) {
      io.stderr(`threatmodel lsp: the language server bundle is missing (${serverBundle}); reinstall or rebuild the package.\n`);
      return EXIT_USAGE;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(serverBundle);
    // The server owns the process from here; it exits when the client sends `exit`.
    return new Promise<number>(() => undefined);
  },
};
