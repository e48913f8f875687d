// Where the preview's time goes compared with Mermaid alone, from a Chromium trace of both pages
// (`--preview-trace DIR`): for each page, the renderer main thread's CPU time per render by trace
// event (self time: an event's own time minus the events nested in it), over the tasks that overlap
// the timed windows (marked `preview-start` / `preview-end`, `floor-start` / `floor-end` by the timed
// functions). Work that only the
// preview does shows up as a row that only it has, or as a larger one.

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { type?: string } };
}

export interface PageProfile {
  pid: number;
  runs: number;
  /** Main-thread CPU per render, ms. */
  cpuPerRun: number;
  /** Self CPU per render by event name, ms. */
  selfPerRun: Map<string, number>;
}

/** Trace categories: the DevTools timeline (tasks, style, layout, paint, GC), user timing marks, V8. */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute'];

/**
 * Script time is grouped: the preview's render starts in a message handler (FunctionCall), Mermaid
 * alone's in the benchmark's evaluate call (the task's own time), and both continue in microtasks.
 */
const SCRIPT = 'script (functions, microtasks, task overhead)';
function group(e: TraceEvent): string {
  if (e.name === 'FunctionCall' || e.name === 'RunMicrotasks' || e.name === 'RunTask' || e.name === 'v8.callFunction' || e.name === 'v8.run' || e.name === 'EvaluateScript') return SCRIPT;
  if (e.name === 'EventDispatch') return `EventDispatch (${e.args?.data?.type ?? ''})`;
  return e.name;
}

/** The page whose timed functions set `${name}-start` / `${name}-end` marks; undefined without marks. */
export function profilePage(trace: { traceEvents: TraceEvent[] }, name: string): PageProfile | undefined {
  const events = trace.traceEvents;
  const first = events.find((e) => e.name === `${name}-start`);
  if (!first) return undefined;
  const pid = first.pid;
  const marks = events.filter((e) => e.pid === pid && (e.name === `${name}-start` || e.name === `${name}-end`)).sort((a, b) => a.ts - b.ts);
  const tid = first.tid;
  const windows: [number, number][] = [];
  for (let i = 0; i + 1 < marks.length; i++) if (marks[i].name === `${name}-start` && marks[i + 1].name === `${name}-end`) windows.push([marks[i].ts, marks[i + 1].ts]);
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // Whole top-level tasks that overlap a window: the task that starts a run begins before its mark.
  const kept: TraceEvent[] = [];
  let end = -1;
  let keep = false;
  for (const e of main) {
    if (e.ts >= end) {
      end = e.ts + e.dur!;
      keep = windows.some(([s, t]) => end > s && e.ts < t);
    }
    if (keep) kept.push(e);
  }
  const self = new Map<string, number>();
  const stack: { end: number; name: string; tdur: number; nested: number }[] = [];
  const pop = (upTo: number): void => {
    while (stack.length && stack[stack.length - 1].end <= upTo) {
      const s = stack.pop()!;
      self.set(s.name, (self.get(s.name) ?? 0) + Math.max(0, s.tdur - s.nested));
      if (stack.length) stack[stack.length - 1].nested += s.tdur;
    }
  };
  for (const e of kept) {
    pop(e.ts);
    stack.push({ end: e.ts + e.dur!, name: group(e), tdur: e.tdur ?? 0, nested: 0 });
  }
  pop(Infinity);
  const runs = Math.max(1, windows.length);
  const selfPerRun = new Map([...self].map(([k, v]) => [k, v / 1000 / runs]));
  return { pid, runs: windows.length, cpuPerRun: [...selfPerRun.values()].reduce((a, b) => a + b, 0), selfPerRun };
}

/** Lines comparing two pages: totals, then the events whose self time differs most. */
export function compareProfiles(preview: PageProfile, floor: PageProfile, rows = 12): string[] {
  const names = new Set([...preview.selfPerRun.keys(), ...floor.selfPerRun.keys()]);
  const diff = [...names]
    .map((n) => ({ n, p: preview.selfPerRun.get(n) ?? 0, f: floor.selfPerRun.get(n) ?? 0 }))
    .sort((a, b) => Math.abs(b.p - b.f) - Math.abs(a.p - a.f) || b.p - a.p)
    .slice(0, rows);
  const ms = (x: number): string => x.toFixed(1).padStart(8);
  return [
    `main-thread CPU per render: preview ${preview.cpuPerRun.toFixed(1)} ms, Mermaid alone ${floor.cpuPerRun.toFixed(1)} ms (${preview.runs} and ${floor.runs} traced runs)`,
    `${'preview'.padStart(8)} ${'alone'.padStart(8)} ${'diff'.padStart(8)}  self time per render (ms) by trace event`,
    ...diff.map((d) => `${ms(d.p)} ${ms(d.f)} ${ms(d.p - d.f)}  ${d.n}`),
  ];
}
