// Resident memory of a language server holding one model, measured in fresh processes: for each
// run a new server is started, its VmRSS read when idle (after `initialize` and half a second),
// then after it opened the model and published that version's first diagnostics ("open"), and
// once it has settled ("settled"): a server given a model of at least DEFAULT_RELEASE.fromChars
// characters gives memory back once idle (src/server/memory.ts) and logs it, and the figure is
// read after that line (or after a timeout, then `released` is false). Peak is the process's
// VmHWM at that moment. The memory budget reads the settled figure: what the server keeps while
// the model stays open, rather than the garbage of the work just done.
// A fresh process per run keeps the figures free of what earlier measurements left in the heap
// (the in-sequence figure of bench/server.ts comes after the smaller models were opened and edited),
// and the median of a few runs evens out GC timing.
// Run for our server (dist/server.js) and for the floor (bench/floorServer.ts: js-yaml `load`
// kept by a minimal server on the same library, transport and idle release), the same way.
import { existsSync, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { generateModel } from '../src/core/testing/generate';
import { DEFAULT_RELEASE } from '../src/server/memory';
import { LspClient, fileUri } from '../test/server/lspClient';

/** VmRSS of a process in MB (Linux /proc). */
export function rssMB(pid: number | undefined): number | undefined {
  return statusMB(pid, 'VmRSS');
}

/** VmHWM (peak resident memory) of a process in MB (Linux /proc). */
export function peakMB(pid: number | undefined): number | undefined {
  return statusMB(pid, 'VmHWM');
}

function statusMB(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | undefined {
  if (!pid) return undefined;
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/** The log line of the server's idle release (src/server/memory.ts describeRelease). */
export const RELEASE_LOG = /released memory in \d+ ms/;

/** How long a run waits for that line after the first diagnostics, beyond the server's idle time. */
const RELEASE_GRACE_MS = 15_000;

export interface MemoryRun {
  idleMB: number;
  /** At the first diagnostics. */
  openMB: number;
  /** After the server's idle release (see above). */
  settledMB: number;
  /** VmHWM when the settled figure was read (at least the readings above). */
  peakMB: number;
  /** Whether the server logged its idle release before the settled figure was read. */
  released: boolean;
}

export interface MemoryAtOpen {
  server: string;
  elements: number;
  bytes: number;
  runs: MemoryRun[];
  /** Medians over the runs. */
  idleMB?: number;
  openMB?: number;
  settledMB?: number;
  peakMB?: number;
  /** Median of the per-run (settled - idle). */
  aboveIdleMB?: number;
  /** Median of the per-run (open - idle), at the first diagnostics. */
  openAboveIdleMB?: number;
  na?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function medianOf(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round1 = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 10) / 10);

export async function memoryAtOpen(serverPath: string, elements: number, runs: number, env?: NodeJS.ProcessEnv): Promise<MemoryAtOpen> {
  const text = generateModel({ elements, seed: 1 });
  const result: MemoryAtOpen = { server: serverPath, elements, bytes: Buffer.byteLength(text, 'utf8'), runs: [] };
  if (!existsSync(serverPath)) return { ...result, na: `n/a: ${serverPath} is missing (node scripts/build.mjs; node bench/build.mjs)` };
  try {
    for (let i = 0; i < runs; i++) result.runs.push(await oneRun(serverPath, text, env));
  } catch (error) {
    result.na = `error: ${error instanceof Error ? error.message : String(error)}`;
  }
  result.idleMB = round1(medianOf(result.runs.map((r) => r.idleMB)));
  result.openMB = round1(medianOf(result.runs.map((r) => r.openMB)));
  result.settledMB = round1(medianOf(result.runs.map((r) => r.settledMB)));
  result.peakMB = round1(medianOf(result.runs.map((r) => r.peakMB)));
  result.aboveIdleMB = round1(medianOf(result.runs.map((r) => r.settledMB - r.idleMB)));
  result.openAboveIdleMB = round1(medianOf(result.runs.map((r) => r.openMB - r.idleMB)));
  return result;
}

async function oneRun(serverPath: string, text: string, env: NodeJS.ProcessEnv | undefined): Promise<MemoryRun> {
  const client = LspClient.start({ serverPath, env });
  try {
    await client.initialize();
    await sleep(500);
    // The test client keeps its child process private; the benchmark only reads its pid.
    const pid = (client as unknown as { child: ChildProcess }).child.pid;
    const idleMB = rssMB(pid);
    const uri = fileUri('bench-memory.threatmodel');
    client.didOpen(uri, text, 1);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, 120_000);
    const openMB = rssMB(pid);
    const released = await settle(client, text.length);
    const settledMB = rssMB(pid);
    const peak = peakMB(pid);
    if (idleMB === undefined || openMB === undefined || settledMB === undefined || peak === undefined) throw new Error(`no VmRSS for process ${pid}`);
    // VmHWM is updated from the kernel's batched RSS counters and can trail a VmRSS reading by a
    // fraction of a MB (110.0 against 110.3 in one CI run): the peak is at least what was read.
    return { idleMB, openMB, settledMB, peakMB: Math.max(peak, idleMB, openMB, settledMB), released };
  } finally {
    await client.shutdown(10000);
  }
}

/**
 * Waits until the server has settled after its work so far on a text of `chars` characters: true
 * once it has logged its idle release (src/server/memory.ts), false after its idle time plus a
 * grace period; for a text under the release threshold (no release comes) after a second, false.
 */
export async function settle(client: LspClient, chars: number): Promise<boolean> {
  if (chars < DEFAULT_RELEASE.fromChars) {
    await sleep(1000);
    return false;
  }
  const since = client.logs.filter((line) => RELEASE_LOG.test(line)).length;
  return waitForLog(client, RELEASE_LOG, DEFAULT_RELEASE.afterIdleMs + RELEASE_GRACE_MS, since);
}

/** True once the client has received more than `since` log lines matching `pattern`; false after `timeoutMs`. */
async function waitForLog(client: LspClient, pattern: RegExp, timeoutMs: number, since = 0): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (client.logs.filter((line) => pattern.test(line)).length > since) {
      // The line is written after the collection; give the kernel's accounting a moment.
      await sleep(200);
      return true;
    }
    await sleep(100);
  }
  return false;
}
