// Resident memory of a language server holding one model, measured in fresh processes: for each
// run a new server is started, its VmRSS read when idle (after `initialize` and half a second),
// then after it opened the model and published that version's first diagnostics. A fresh process
// per run keeps the figure free of what earlier measurements left in the heap (the in-sequence
// figure of bench/server.ts comes after the smaller models were opened and edited), and the
// median of a few runs evens out GC timing, which moves a single reading by +-10 MB.
// Run for our server (dist/server.js) and for the floor (bench/floorServer.ts: js-yaml `load`
// kept by a minimal server on the same library and transport), the same way.
import { existsSync, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { generateModel } from '../src/core/testing/generate';
import { LspClient, fileUri } from '../test/server/lspClient';

/** VmRSS of a process in MB (Linux /proc). */
export function rssMB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

export interface MemoryRun {
  idleMB: number;
  openMB: number;
}

export interface MemoryAtOpen {
  server: string;
  elements: number;
  bytes: number;
  runs: MemoryRun[];
  /** Medians over the runs. */
  idleMB?: number;
  openMB?: number;
  /** Median of the per-run (open - idle). */
  aboveIdleMB?: number;
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

export async function memoryAtOpen(serverPath: string, elements: number, runs: number): Promise<MemoryAtOpen> {
  const text = generateModel({ elements, seed: 1 });
  const result: MemoryAtOpen = { server: serverPath, elements, bytes: Buffer.byteLength(text, 'utf8'), runs: [] };
  if (!existsSync(serverPath)) return { ...result, na: `n/a: ${serverPath} is missing (node scripts/build.mjs; node bench/build.mjs)` };
  try {
    for (let i = 0; i < runs; i++) result.runs.push(await oneRun(serverPath, text));
  } catch (error) {
    result.na = `error: ${error instanceof Error ? error.message : String(error)}`;
  }
  result.idleMB = round1(medianOf(result.runs.map((r) => r.idleMB)));
  result.openMB = round1(medianOf(result.runs.map((r) => r.openMB)));
  result.aboveIdleMB = round1(medianOf(result.runs.map((r) => r.openMB - r.idleMB)));
  return result;
}

async function oneRun(serverPath: string, text: string): Promise<MemoryRun> {
  const client = LspClient.start({ serverPath });
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
    if (idleMB === undefined || openMB === undefined) throw new Error(`no VmRSS for process ${pid}`);
    return { idleMB, openMB };
  } finally {
    await client.shutdown(10000);
  }
}
