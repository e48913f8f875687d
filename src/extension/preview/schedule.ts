// Timing for the DFD preview host, without VS Code so it is unit-tested: edits are debounced
// (one diagram request after the typing pauses), and an answer that a newer request overtook is
// dropped (stale renders never reach the webview).

/** Debounce of diagram updates while the user types. */
export const UPDATE_DELAY_MS = 300;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Runs `fn` once, `delayMs` after the last `schedule()`; `cancel()` drops a pending run. */
export class Debouncer {
  private handle: unknown;

  constructor(
    private readonly fn: () => void,
    readonly delayMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  schedule(): void {
    this.cancel();
    this.handle = this.timers.setTimeout(() => {
      this.handle = undefined;
      this.fn();
    }, this.delayMs);
  }

  cancel(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }

  get pending(): boolean {
    return this.handle !== undefined;
  }
}

/** Each `begin()` starts a request and returns a check that stays true only while no newer one began. */
export class LatestOnly {
  private token = 0;

  begin(): () => boolean {
    const mine = ++this.token;
    return () => mine === this.token;
  }
}
