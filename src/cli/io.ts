// The CLI's view of its environment, injected so commands can be run and tested without a process.

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Working directory that relative paths and globs start from. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colour is used only then, and never with NO_COLOR). */
  isTTY: boolean;
}

/** A subcommand: `name` may have two words (`catalog import-atlas`). */
export interface CliCommand {
  name: string;
  /** One line for `threatmodel --help`. */
  summary: string;
  /** Full usage text for `threatmodel <name> --help`. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Thrown for bad command lines and unusable inputs; main prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string, readonly usage?: string) {
    super(message);
  }
}
