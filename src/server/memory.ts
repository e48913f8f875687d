// Giving memory back once work on a large model is over.
//
// Opening or editing a model of several MB makes V8 grow its heap: the young generation grows to
// 2 x 16 MB (parsing keeps most of what it allocates), and the garbage of the work (the previous
// version, the JSON of the messages) waits for the next full collection. V8 shrinks the heap only
// in a collection that runs while the allocation rate is low. Its memory reducer starts one some
// time after the work, 10 to 50 s in our measurements, so until then the resident memory stays at
// its peak: about 150 MB instead of 114 MB with the 5,000-element benchmark model open.
//
// So after work on a text of at least `fromChars` characters, once the server has been idle for
// `afterIdleMs`, it runs one full collection (50-120 ms at 5,000 elements). V8 shrinks the young
// generation in it only if the allocation rate it measured since the collection before is low,
// so the work is followed at once by a young-generation collection (3-15 ms at 5,000 elements):
// the full one then measures the idle time alone. The idle time is longer than the 5 s over which
// V8 averages that rate. Any activity restarts the wait; small models never start it. The
// collector is V8's `gc`, which Node exposes only behind --expose-gc: the flag is set for the
// moment it takes to read the function in a new context. That evaluates the constant expression
// `gc`, never a document's text.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's collections: full (old and young generation), and young generation only. */
export interface Collector {
  full(): void;
  young(): void;
}

export interface ReleaseOptions {
  /** Work on a text at least this long (in characters) is followed by a release. */
  fromChars: number;
  /** How long the server must have been idle after that work. */
  afterIdleMs: number;
}

export const DEFAULT_RELEASE: ReleaseOptions = { fromChars: 1 << 20, afterIdleMs: 6000 };

/** What one release did, for the log. */
export interface Release {
  /** Length of the largest text worked on since the last release. */
  chars: number;
  ms: number;
  rssBeforeMB: number;
  rssAfterMB: number;
}

type GcFunction = (options?: { type: 'minor' }) => void;

/** V8's collections, or undefined when this runtime does not provide them. */
export function v8Collector(): Collector | undefined {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return collectorOf(exposed as GcFunction);
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? collectorOf(gc as GcFunction) : undefined;
  } catch {
    return undefined;
  } finally {
    try {
      setFlagsFromString('--no-expose-gc');
    } catch {
      // Nothing to undo.
    }
  }
}

function collectorOf(gc: GcFunction): Collector {
  return { full: () => gc(), young: () => gc({ type: 'minor' }) };
}

const rssMB = (): number => Math.round(process.memoryUsage.rss() / 104857.6) / 10;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const NODE_TIMERS: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending release never keeps the process alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class MemoryReleaser {
  /** Largest text worked on since the last release (0: nothing to release). */
  private chars = 0;
  private timer: unknown;

  constructor(
    private readonly collect: Collector | undefined,
    private readonly report: (release: Release) => void,
    private readonly options: ReleaseOptions = DEFAULT_RELEASE,
    private readonly timers: Timers = NODE_TIMERS,
  ) {}

  /** Work on a text of `chars` characters has just ended (e.g. its diagnostics were published). */
  worked(chars: number): void {
    if (!this.collect) return;
    if (chars >= this.options.fromChars) {
      if (chars > this.chars) this.chars = chars;
      // The mark the full collection measures its allocation rate from (see above).
      this.collect.young();
    }
    this.restart();
  }

  /** Something else happened (a change, a request): a pending release waits for idle again. */
  busy(): void {
    this.restart();
  }

  dispose(): void {
    this.stop();
    this.chars = 0;
  }

  private restart(): void {
    if (this.chars === 0) return;
    this.stop();
    this.timer = this.timers.setTimeout(() => this.release(), this.options.afterIdleMs);
  }

  private stop(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private release(): void {
    this.timer = undefined;
    const chars = this.chars;
    this.chars = 0;
    if (!this.collect || chars === 0) return;
    const rssBeforeMB = rssMB();
    const start = performance.now();
    this.collect.full();
    this.report({ chars, ms: Math.round(performance.now() - start), rssBeforeMB, rssAfterMB: rssMB() });
  }
}

/** The log line of a release. */
export function describeRelease(release: Release): string {
  const mb = (release.chars / 1048576).toFixed(1);
  return `threatmodel: idle after work on a ${mb} MB model: released memory in ${release.ms} ms (resident ${release.rssBeforeMB} -> ${release.rssAfterMB} MB).`;
}
