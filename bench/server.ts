// The real language server over stdio (dist/server.js --stdio): edit-to-diagnostics latency,
// completion and hover latency, and resident memory (VmRSS of the child from /proc).
import { existsSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { Position } from 'vscode-languageserver';
import { DEFAULT_DEBOUNCE_MS } from '../src/server/settings';
import { generateModel, oneCharacterEdit } from '../src/core/testing/generate';
import { join } from 'node:path';
import { LspClient, REPO_ROOT, SERVER_PATH, fileUri } from '../test/server/lspClient';
import { memoryAtOpen, rssMB, settle, type MemoryAtOpen } from './memory';
import { serverEnvironment } from '../src/server/launch';
import { load } from 'js-yaml';
import { pairOrder, pairedRatio, type RatioSample } from './pairs';
import { summarize, timeAsync, type Measure, type Unavailable } from './stats';

export interface ServerSizeResult {
  elements: number;
  bytes: number;
  /** didOpen to the first publishDiagnostics (debounce does not apply to opening). */
  openToDiagnostics: Measure;
  /** One-character didChange to publishDiagnostics for that version, default debounce. */
  editToDiagnostics: Measure;
  /** The same with threatmodel.diagnostics.debounceMs = 0 (the server's own work). */
  editToDiagnosticsNoDebounce: Measure;
  completion: Measure;
  hover: Measure;
  /** js-yaml load of the same text in the benchmark process, one run next to each timed edit (same machine load). */
  yamlLoadFloor?: Measure;
  /**
   * Per pair of (edit with the default debounce, js-yaml load right before or after it):
   * (edit - debounce) / load. The edit budget is this median <= 2.
   */
  editOverFloor?: RatioSample;
  /**
   * VmRSS in MB after opening this model and its first diagnostics, in the sequence (after the
   * smaller models were opened, edited and closed in the same process). The memory budget reads
   * the fresh-process figure (ServerResult.memory) when the run has it.
   */
  rssAfterOpenMB?: number;
}

export interface ServerResult {
  debounceMs: number;
  rssIdleMB?: number;
  sizes: ServerSizeResult[];
  /**
   * Memory over many edits on the largest model (bursts, each ending with its diagnostics). Before
   * and settled after are read once the server has given memory back after its work (see
   * bench/memory.ts; `released` says whether it did both times); halfway and after (a second
   * after the last burst) are read while garbage of the typing is still in the heap.
   */
  edits?: {
    model: number;
    edits: number;
    bursts: number;
    rssBeforeMB?: number;
    rssHalfwayMB?: number;
    rssAfterMB?: number;
    rssSettledAfterMB?: number;
    released?: boolean;
    seconds: number;
  };
  /**
   * Memory with the largest model open, in fresh processes (bench/memory.ts): ours, and the floor
   * server (bench/floorServer.ts) measured the same way. The memory budget reads `ours`.
   */
  memory?: { ours: MemoryAtOpen; floor: MemoryAtOpen };
  na?: string;
}

/** Where bench/build.mjs writes the floor server. */
export const FLOOR_SERVER_PATH = join(REPO_ROOT, 'bench', '.build', 'floor-server.js');

/** 0-based line/character (UTF-16) of an offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

function pidOf(client: LspClient): number | undefined {
  // The test client keeps its child process private; the benchmark only reads its pid.
  return (client as unknown as { child: ChildProcess }).child.pid;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServerOptions {
  sizes: number[];
  runs: number;
  /** Pairs of (timed edit, js-yaml load) per size; the edit budget is judged on them. */
  editRuns: number;
  /** Total edits for the memory test, on the largest size, and how many per burst. */
  edits: number;
  burst: number;
  /** Fresh server processes per memory-at-open figure (bench/memory.ts). */
  memoryRuns: number;
  log: (line: string) => void;
}

export async function measureServer(options: ServerOptions): Promise<ServerResult> {
  if (!existsSync(SERVER_PATH)) return { debounceMs: DEFAULT_DEBOUNCE_MS, sizes: [], na: `n/a: ${SERVER_PATH} is missing (node scripts/build.mjs)` };
  // Started the way the VS Code client starts it (src/server/launch.ts).
  const client = LspClient.start({ env: serverEnvironment(process.env) });
  const result: ServerResult = { debounceMs: DEFAULT_DEBOUNCE_MS, sizes: [] };
  try {
    await client.initialize();
    await sleep(500);
    result.rssIdleMB = rssMB(pidOf(client));
    const largest = Math.max(...options.sizes);
    for (const elements of options.sizes) {
      options.log(`  server: ${elements} elements`);
      const r = await measureSize(client, elements, options, elements === largest ? result : undefined);
      result.sizes.push(r);
    }
  } catch (error) {
    result.na = `error: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.shutdown(10000);
  }
  const largest = Math.max(...options.sizes);
  options.log(`  server: memory with the ${largest} element model open, ${options.memoryRuns} fresh processes each, ours and the floor`);
  result.memory = {
    ours: await memoryAtOpen(SERVER_PATH, largest, options.memoryRuns, serverEnvironment(process.env)),
    floor: await memoryAtOpen(FLOOR_SERVER_PATH, largest, options.memoryRuns, serverEnvironment(process.env)),
  };
  return result;
}

async function measureSize(client: LspClient, elements: number, options: ServerOptions, memory: ServerResult | undefined): Promise<ServerSizeResult> {
  const uri = fileUri(`bench-${elements}.threatmodel`);
  let text = generateModel({ elements, seed: 1 });
  let version = 1;
  // Timeouts generous enough for a loaded 2-core machine on the 5,000 element model.
  const timeout = 120_000;
  const diagnosticsFor = (v: number) => client.waitForDiagnostics(uri, (p) => p.version === v, timeout);

  // Default settings (the debounce the user gets).
  client.settings = {};
  const t0 = performance.now();
  client.didOpen(uri, text, version);
  await diagnosticsFor(version);
  const openToDiagnostics = summarize([performance.now() - t0]);
  const pid = pidOf(client);
  const rssAfterOpenMB = rssMB(pid);

  const edit = async (round: number): Promise<void> => {
    const e = oneCharacterEdit(text, round);
    const at = positionAt(text, e.offset);
    text = text.slice(0, e.offset) + e.insert + text.slice(e.offset);
    version++;
    client.didChange(uri, version, [{ range: { start: at, end: at }, text: e.insert }]);
  };
  const timedEdit = async (round: number): Promise<void> => {
    await edit(round);
    await diagnosticsFor(version);
    client.published.length = 0; // the client keeps every notification; the benchmark does not need them
  };

  const guard = async <T>(fn: () => Promise<T>): Promise<T | Unavailable> => {
    try {
      return await fn();
    } catch (error) {
      return { na: `error: ${error instanceof Error ? error.message : String(error)}` };
    }
  };

  // Edits paired with the parse floor: each timed edit next to one js-yaml load of the same text
  // in this process, the order alternating, so the budget compares figures of the same moment.
  const paired = await guard(async () => {
    const edits: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i <= options.editRuns; i++) {
      let e = 0;
      let f = 0;
      for (const which of pairOrder(i)) {
        if (which === 'preview') {
          const t = performance.now();
          await timedEdit(i);
          e = performance.now() - t;
        } else {
          (globalThis as { gc?: () => void }).gc?.();
          const t = performance.now();
          load(text);
          f = performance.now() - t;
        }
      }
      if (i > 0) {
        edits.push(e);
        floors.push(f);
      }
    }
    return { edits, floors };
  });
  const editToDiagnostics: Measure = 'na' in paired ? paired : summarize(paired.edits);
  const yamlLoadFloor: Measure = 'na' in paired ? paired : summarize(paired.floors);
  const editOverFloor =
    'na' in paired
      ? undefined
      : pairedRatio(
          paired.edits.map((e) => e - DEFAULT_DEBOUNCE_MS),
          paired.floors,
        );

  // Completion of an id after `target: ` in the middle of the file, hover on a flow's `from:` id.
  const targetAt = text.indexOf('    target: ', Math.floor(text.length / 2));
  const completionPos = positionAt(text, targetAt + '    target: '.length);
  const fromAt = text.indexOf('    from: el-', Math.floor(text.length / 3));
  const hoverPos = positionAt(text, fromAt + '    from: '.length + 1);
  const completion = await guard(() =>
    timeAsync(() => client.request('textDocument/completion', { textDocument: { uri }, position: completionPos }, timeout), options.runs, 1),
  );
  const hover = await guard(() => timeAsync(() => client.request('textDocument/hover', { textDocument: { uri }, position: hoverPos }, timeout), options.runs, 1));

  // The server's own work: debounce 0 (pushed through workspace/configuration).
  client.settings = { diagnostics: { debounceMs: 0 } };
  client.published.length = 0;
  client.notify('workspace/didChangeConfiguration', { settings: { threatmodel: client.settings } });
  await diagnosticsFor(version); // the re-check the settings change triggers
  const editToDiagnosticsNoDebounce = await guard(() => timeAsync(timedEdit, options.runs, 1));
  client.settings = {};
  client.published.length = 0;
  client.notify('workspace/didChangeConfiguration', { settings: { threatmodel: client.settings } });
  await diagnosticsFor(version);

  if (memory && options.edits > 0) {
    // Many edits: bursts of `burst` keystrokes, each burst ending with its diagnostics, so every
    // burst parses and checks the model once more (as when typing with pauses).
    // Compared settled with settled: while typing, the heap holds garbage of the old versions
    // until a collection, and readings in a burst range over 150 MB with GC timing alone.
    const settledBefore = await settle(client, text.length);
    const start = performance.now();
    const rssBeforeMB = rssMB(pid);
    let rssHalfwayMB: number | undefined;
    const bursts = Math.ceil(options.edits / options.burst);
    let done = 0;
    for (let b = 0; b < bursts; b++) {
      for (let k = 0; k < options.burst && done < options.edits; k++, done++) await edit(done);
      await diagnosticsFor(version);
      client.published.length = 0;
      if (b === Math.floor(bursts / 2) - 1) rssHalfwayMB = rssMB(pid);
    }
    await sleep(1000);
    const rssAfterMB = rssMB(pid);
    const seconds = Math.round((performance.now() - start) / 100) / 10;
    const settledAfter = await settle(client, text.length);
    memory.edits = {
      model: elements,
      edits: done,
      bursts,
      rssBeforeMB,
      rssHalfwayMB,
      rssAfterMB,
      rssSettledAfterMB: rssMB(pid),
      released: settledBefore && settledAfter,
      seconds,
    };
  }

  client.didClose(uri);
  await sleep(200);
  client.published.length = 0;
  return {
    elements,
    bytes: Buffer.byteLength(text, 'utf8'),
    openToDiagnostics,
    editToDiagnostics,
    editToDiagnosticsNoDebounce,
    completion,
    hover,
    yamlLoadFloor,
    editOverFloor,
    rssAfterOpenMB,
  };
}
