// Giving memory back after work on a large model (src/server/memory.ts): when the releaser
// collects (unit tests, with a recorded collector and manual timers), and that the real server
// does it after opening a model over the threshold, and says so in its log.
import * as assert from 'node:assert/strict';
import { generateModel } from '../../src/core/testing/generate';
import { serverEnvironment, SERVER_ENV } from '../../src/server/launch';
import { DEFAULT_RELEASE, describeRelease, MemoryReleaser, v8Collector, type Collector, type Release, type Timers } from '../../src/server/memory';
import { fileUri, LspClient } from './lspClient';

/** Timers run by hand: `elapse(ms)` fires what is due. */
class ManualTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  elapse(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.pending]) {
      if (timer.at <= this.now) {
        this.pending.delete(id);
        timer.callback();
      }
    }
  }

  get count(): number {
    return this.pending.size;
  }
}

function setup(): { releaser: MemoryReleaser; calls: string[]; releases: Release[]; timers: ManualTimers } {
  const calls: string[] = [];
  const releases: Release[] = [];
  const collector: Collector = { full: () => calls.push('full'), young: () => calls.push('young') };
  const timers = new ManualTimers();
  const releaser = new MemoryReleaser(collector, (r) => releases.push(r), { fromChars: 1000, afterIdleMs: 6000 }, timers);
  return { releaser, calls, releases, timers };
}

describe('server: giving memory back after work on a large model', () => {
  it('collects once, after the idle time that follows work on a large text', () => {
    const { releaser, calls, releases, timers } = setup();
    releaser.worked(5000);
    assert.deepEqual(calls, ['young'], 'the young generation at once, as the mark for the full collection');
    timers.elapse(5999);
    assert.deepEqual(calls, ['young']);
    timers.elapse(1);
    assert.deepEqual(calls, ['young', 'full']);
    assert.equal(releases.length, 1);
    assert.equal(releases[0].chars, 5000);
    timers.elapse(60_000);
    assert.deepEqual(calls, ['young', 'full'], 'once per burst of work');
  });

  it('never collects for small texts', () => {
    const { releaser, calls, timers } = setup();
    releaser.worked(999);
    releaser.busy();
    timers.elapse(60_000);
    assert.deepEqual(calls, []);
    assert.equal(timers.count, 0, 'no timer pending');
  });

  it('waits for the server to be idle: activity and more work restart the wait', () => {
    const { releaser, calls, releases, timers } = setup();
    releaser.worked(2000);
    timers.elapse(4000);
    releaser.busy();
    timers.elapse(4000);
    assert.deepEqual(calls, ['young'], 'a request 4 s in restarted the wait');
    releaser.worked(500); // a small document meanwhile: still activity
    timers.elapse(5999);
    assert.deepEqual(calls, ['young']);
    timers.elapse(1);
    assert.deepEqual(calls, ['young', 'full']);
    assert.equal(releases[0].chars, 2000, 'reports the largest text worked on');
  });

  it('does nothing without a collector (a runtime without gc), and stops on dispose', () => {
    const timers = new ManualTimers();
    const none = new MemoryReleaser(undefined, () => assert.fail('no release without a collector'), { fromChars: 1, afterIdleMs: 10 }, timers);
    none.worked(100);
    timers.elapse(100);
    assert.equal(timers.count, 0);
    const { releaser, calls, timers: t2 } = setup();
    releaser.worked(5000);
    releaser.dispose();
    t2.elapse(60_000);
    assert.deepEqual(calls, ['young']);
  });

  it('finds V8\'s collector in this runtime without leaving gc exposed', () => {
    const hadGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
    const collector = v8Collector();
    assert.ok(collector, 'Node 20 provides gc behind --expose-gc');
    collector.young();
    collector.full();
    assert.equal(typeof (globalThis as { gc?: unknown }).gc === 'function', hadGc, 'the global object is as it was');
  });

  it('describes a release for the log', () => {
    assert.equal(
      describeRelease({ chars: 6 * 1048576, ms: 95, rssBeforeMB: 163.2, rssAfterMB: 127.4 }),
      'threatmodel: idle after work on a 6.0 MB model: released memory in 95 ms (resident 163.2 -> 127.4 MB).',
    );
  });

  it('starts the server with its environment, keeping what the user set', () => {
    assert.equal(serverEnvironment({ PATH: '/bin' }).MALLOC_ARENA_MAX, SERVER_ENV.MALLOC_ARENA_MAX);
    assert.equal(serverEnvironment({ PATH: '/bin' }).PATH, '/bin');
    assert.equal(serverEnvironment({ MALLOC_ARENA_MAX: '8' }).MALLOC_ARENA_MAX, '8');
  });

  it('the built server gives memory back once idle after opening a large model, and logs it', async function () {
    this.timeout(60_000);
    const text = generateModel({ elements: 1000, seed: 3 });
    assert.ok(text.length >= DEFAULT_RELEASE.fromChars, 'the model is over the threshold');
    const client = LspClient.start();
    try {
      await client.initialize();
      const uri = fileUri('test/fixtures/memory-large.threatmodel');
      client.didOpen(uri, text, 1);
      await client.waitForDiagnostics(uri, (d) => d.version === 1, 30_000);
      const opened = Date.now();
      const deadline = opened + DEFAULT_RELEASE.afterIdleMs + 15_000;
      let line: string | undefined;
      while (!line && Date.now() < deadline) {
        line = client.logs.find((l) => /released memory/.test(l));
        if (!line) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(line, `no release logged; logs: ${client.logs.join(' | ')}`);
      assert.match(line, /^threatmodel: idle after work on a 1\.\d MB model: released memory in \d+ ms \(resident [\d.]+ -> [\d.]+ MB\)\.$/);
      assert.ok(Date.now() - opened >= DEFAULT_RELEASE.afterIdleMs - 500, 'not before the idle time');
      // Once per burst: no second line while nothing happens.
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(client.logs.filter((l) => /released memory/.test(l)).length, 1);
    } finally {
      await client.shutdown();
    }
  });
});
