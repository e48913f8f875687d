// Entry point of the `threatmodel` command (bundled to dist/cli.js with a shebang).
import { runCli } from './run';

runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
  isTTY: !!process.stdout.isTTY,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`threatmodel: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
