// Dispatches `threatmodel <command> ...` to the registered commands; prints help, the version
// and usage errors. Exit codes: 0 ok, 1 findings at or above the threshold, 2 usage / input errors.
import { TOOL } from './tool';
import { COMMANDS } from './commands/index';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './io';
import { closest } from '../core/text/similar';

export const CLI_VERSION: string = TOOL.version;

export function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = [
    `threatmodel ${CLI_VERSION} — threat models as code: checks, reports, SARIF and PyRIT validation`,
    '',
    'Usage: threatmodel <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     Show help (also: threatmodel <command> --help)',
    '  -v, --version  Print the version',
    '',
    'Exit codes: 0 success, 1 findings at or above --fail-on, 2 usage or input errors.',
  ];
  return lines.join('\n') + '\n';
}

/** Finds the command named by the first one or two words of argv (longest name wins). */
export function findCommand(argv: readonly string[]): { command: CliCommand; rest: string[] } | undefined {
  let best: { command: CliCommand; rest: string[] } | undefined;
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.command.name.split(' ').length)) {
      best = { command, rest: argv.slice(words.length) };
    }
  }
  return best;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first === 'help' && argv[1]) return runCli([...argv.slice(1), '--help'], io);
    io.stdout(globalHelp());
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '--version' || first === '-v' || first === '-V') {
    io.stdout(`${CLI_VERSION}\n`);
    return EXIT_OK;
  }
  const found = findCommand(argv);
  if (!found) {
    const groups = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
    if (groups.length > 0) {
      const sub = argv[1];
      io.stderr(
        `threatmodel: ${sub === undefined ? `'${first}' needs a subcommand` : `unknown subcommand '${first} ${sub}'`}. ` +
          `Available: ${groups.map((c) => c.name).join(', ')}.\n`,
      );
      return EXIT_USAGE;
    }
    const guess = closest(first, COMMANDS.map((c) => c.name.split(' ')[0]));
    io.stderr(
      `threatmodel: unknown command '${first}'.${guess ? ` Did you mean '${guess}'?` : ''}\n` +
        `Run 'threatmodel --help' for the list of commands.\n`,
    );
    return EXIT_USAGE;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    const stop = rest.indexOf('--');
    const helpAt = Math.max(rest.indexOf('--help'), rest.indexOf('-h'));
    if (stop < 0 || helpAt < stop) {
      io.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
      return EXIT_OK;
    }
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`threatmodel ${command.name}: ${error.message}\n`);
      io.stderr(`Run 'threatmodel ${command.name} --help' for usage.\n`);
      return EXIT_USAGE;
    }
    io.stderr(`threatmodel ${command.name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_USAGE;
  }
}
