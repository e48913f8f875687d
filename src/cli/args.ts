// A small command-line parser: `--flag value`, `--flag=value`, `-o FILE`, booleans, repeated
// values and `--` (everything after it is positional). Unknown flags are usage errors.
import { UsageError } from './io';

export interface FlagSpec {
  /** Long name without dashes (`format`). */
  name: string;
  /** Single-letter alias without dash (`o`). */
  short?: string;
  /** `boolean` flags take no value; `string` flags take exactly one; `multi` may repeat. */
  type: 'boolean' | 'string' | 'multi';
  /** Allowed values for string flags. */
  choices?: readonly string[];
}

export interface ParsedArgs {
  flags: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  help: boolean;
}

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  let help = false;
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    let spec: FlagSpec | undefined;
    let inline: string | undefined;
    let shown = arg;
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) inline = arg.slice(eq + 1);
      shown = `--${name}`;
      spec = byLong.get(name);
      if (!spec) throw new UsageError(`Unknown option '${shown}'.${suggest(name, specs)}`);
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      const letter = arg.slice(1, 2);
      shown = `-${letter}`;
      spec = byShort.get(letter);
      if (!spec) throw new UsageError(`Unknown option '${arg}'.`);
      if (arg.length > 2) inline = arg.slice(2).replace(/^=/, '');
    } else {
      positionals.push(arg);
      continue;
    }

    if (spec.type === 'boolean') {
      if (inline !== undefined) {
        if (inline === 'true' || inline === '') flags[spec.name] = true;
        else if (inline === 'false') flags[spec.name] = false;
        else throw new UsageError(`Option '${shown}' is a switch and takes no value (got '${inline}').`);
      } else {
        flags[spec.name] = true;
      }
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`Option '${shown}' needs a value.`);
      value = argv[++i];
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`Option '${shown}' must be one of ${spec.choices.join(', ')} (got '${value}').`);
    }
    if (spec.type === 'multi') {
      const list = (flags[spec.name] as string[] | undefined) ?? [];
      list.push(value);
      flags[spec.name] = list;
    } else {
      if (flags[spec.name] !== undefined) throw new UsageError(`Option '${shown}' is given more than once.`);
      flags[spec.name] = value;
    }
  }
  return { flags, positionals, help };
}

function suggest(name: string, specs: readonly FlagSpec[]): string {
  const hit = specs.find((s) => s.name.startsWith(name) || name.startsWith(s.name));
  return hit ? ` Did you mean '--${hit.name}'?` : '';
}

/** Typed accessors. */
export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
export function bool(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}
export function list(args: ParsedArgs, name: string): string[] {
  const v = args.flags[name];
  return Array.isArray(v) ? v : [];
}
