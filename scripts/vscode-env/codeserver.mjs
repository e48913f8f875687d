// Shared helpers for the tests that run in a real VS Code: code-server 4.100.3 (VS Code 1.100.3)
// on a free loopback port, driven by Debian's Chromium through playwright-core. Every process
// started here is tracked and stopped by `cleanup()` (called from finally blocks and signal
// handlers), with bounded waits.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const cleanups = [];
let cleaning;

/** Registers a cleanup step (run in reverse order). */
export function onCleanup(fn) {
  cleanups.push(fn);
}

/** Runs every cleanup step once; each is bounded so a stuck process cannot hang the run. */
export function cleanup() {
  if (!cleaning) {
    cleaning = (async () => {
      while (cleanups.length) {
        const fn = cleanups.pop();
        try {
          await Promise.race([fn(), new Promise((r) => setTimeout(r, 10_000))]);
        } catch (error) {
          console.error(`cleanup: ${error?.message ?? error}`);
        }
      }
    })();
  }
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\nreceived ${signal}; stopping code-server and Chromium`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** Runs scripts/vscode-env/setup.sh (cheap when cached) and returns the code-server folder. */
export function ensureTestEnv() {
  const out = execFileSync('bash', [join(ROOT, 'scripts/vscode-env/setup.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dir = out.trim().split('\n').pop();
  const entry = join(dir, 'node_modules/code-server/out/node/entry.js');
  if (!existsSync(entry)) throw new Error(`code-server entry not found at ${entry}; run npm run setup:test-env`);
  return { dir, entry };
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A fresh temporary folder, removed at cleanup unless KEEP_TEST_TMP is set. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() => {
    if (!process.env.KEEP_TEST_TMP) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  });
  return dir;
}

/** Runs code-server's CLI once (e.g. --install-extension) and waits for it (bounded). */
export function runCodeServerCli(env, args, timeoutMs = 120_000) {
  return execFileSync(process.execPath, [env.entry, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Starts code-server and resolves once it answers HTTP. `log` collects its output.
 * The process runs in its own process group so that `stop()` (also run at cleanup) stops the
 * extension host too.
 */
export async function startCodeServer(env, { port, userDataDir, extensionsDir, folder, extraEnv = {}, timeoutMs = 60_000 }) {
  const args = [
    env.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--disable-update-check',
    '--disable-getting-started-override',
    folder,
  ];
  const child = spawn(process.execPath, args, {
    cwd: dirname(env.entry),
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = [];
  const collect = (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) log.push(line);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const deadline = Date.now() + 5000;
    while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  onCleanup(stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`code-server exited early:\n${log.join('\n')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { url, child, log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer within ${timeoutMs} ms:\n${log.join('\n')}`);
}

/** Launches Debian's Chromium (headless) through playwright-core. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  // Signals are handled here (cleanup), not by Playwright, so that code-server is stopped too.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  onCleanup(() => browser.close());
  return browser;
}

/** Files under a folder whose name matches `test` (recursive, small trees only). */
export function findFiles(dir, test, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findFiles(path, test, out);
    else if (test(name, path)) out.push(path);
  }
  return out;
}

/** What the installed extension consists of (mirrors the .vscodeignore allowlist). */
export const EXTENSION_FILES = [
  'package.json', 'dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/webview',
  'syntaxes', 'language-configuration.json', 'snippets', 'media', 'examples', 'README.md', 'LICENSE', 'CHANGELOG.md',
];

/**
 * Copies the built extension and the compiled integration tests into a private folder under
 * .cache/ in the repository (so teammates' concurrent rebuilds of dist/ and out/ cannot change
 * them mid-run, and `require('mocha')` still resolves from the repository's node_modules).
 */
export function stageExtension() {
  const base = join(ROOT, '.cache', 'vscode-test');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'run-'));
  onCleanup(() => {
    if (!process.env.KEEP_TEST_TMP) rmSync(dir, { recursive: true, force: true });
  });
  const extension = join(dir, 'extension');
  for (const item of EXTENSION_FILES) {
    const from = join(ROOT, item);
    if (existsSync(from)) cpSync(from, join(extension, item), { recursive: true });
  }
  // Source maps make stack traces in the extension host readable.
  for (const map of ['dist/extension.js.map', 'dist/server.js.map', 'dist/cli.js.map']) {
    if (existsSync(join(ROOT, map))) cpSync(join(ROOT, map), join(extension, map));
  }
  const tests = join(dir, 'tests');
  cpSync(join(ROOT, 'out/test/integration'), tests, { recursive: true });
  return { dir, extension, tests };
}

/**
 * Writes a run's counts to $TM_COUNTS_FILE (read by scripts/test-all.mjs) and prints the plain
 * closing line CI reads: "N passed, N failed".
 */
export function reportCounts(counts) {
  if (process.env.TM_COUNTS_FILE) {
    mkdirSync(dirname(process.env.TM_COUNTS_FILE), { recursive: true });
    writeFileSync(process.env.TM_COUNTS_FILE, JSON.stringify(counts) + '\n');
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
}
