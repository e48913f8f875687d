// The registry of `threatmodel` subcommands. To add one: write `src/cli/commands/<name>.ts`
// exporting a CliCommand, then add ONE import and ONE array entry below (keep the list sorted
// roughly by how often people use the command).
import type { CliCommand } from '../io';
import { checkCommand } from './check';
import { lspCommand } from './lsp';
import { reportCommand } from './report';
import { exportPyritCommand, importPyritCommand } from './pyrit';
import { catalogImportAtlasCommand } from './catalog';
import { dfdCommand } from './dfd';
import { analyzeCommand } from './analyze';

export type { CliCommand, CliIo } from '../io';

export const COMMANDS: CliCommand[] = [
  checkCommand,
  analyzeCommand,
  reportCommand,
  exportPyritCommand,
  importPyritCommand,
  lspCommand,
  catalogImportAtlasCommand,
  dfdCommand,
];
