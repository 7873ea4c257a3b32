/**
 * The worker transport's exit paths as a user's process lives them (issue 13 point 1, scenarios 5 and 13):
 * real pino 10 running the transport in its worker thread, each case a script in a child Node process that
 * nothing else keeps alive, against an emulator in another process. Each asserts the exit code, that the
 * process ended by itself within its bound, and exactly which messages Slack holds. Runs the built package
 * (`pnpm test` builds first).
 */
import { fileURLToPath } from 'node:url';
import { stampOf, useExitCases } from '@backend-notifier/test-support';
import { describe, expect, it } from 'vitest';
import { type ExitCase, exitScript } from './test-support/exit-script.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
/** The transport's default `closeTimeoutMs`. */
const CLOSE_MS = 5000;
/** Core's bound on `close(ms)`: it resolves within ms + 250 whatever Slack does. */
const CLOSE_SLACK_MS = 250;
/**
 * From the worker's close to the process gone: the worker exits, pino's end() returns in the main thread, the
 * process exits and the parent sees its pipes close (22 to 230 ms measured on a loaded 2-core machine).
 */
const TEARDOWN_MS = 500;
/**
 * A process that ends before the worker is up (the log calls come right after `pino.transport()`) first waits
 * for the worker to start, load the notifier and read the lines (0.3 to 1 s measured on a loaded machine).
 */
const WORKER_START_MS = 2000;

// The emulator in another process, scaled 1,000x (1,000 entries at Slack's 1/s would take 17 minutes).
const exits = useExitCases<ExitCase>({ packageDir, seed: 'pino-exit', script: exitScript });

async function run(c: ExitCase, kind: 'esm' | 'cjs' = 'esm') {
  const result = await exits.run(c, kind);
  const logged = stampOf(result.stdout, 'LOGGED')?.at ?? Number.NaN;
  return { ...result, logged, afterLogMs: result.goneAt - logged };
}

/** Which ids Slack holds and how many times each, by id. */
const held = exits.held;
const ids = exits.ids;
const base = { count: 1, afterReady: false, perChannelPerSecond: 1 };

describe('pino worker transport: the script just ends', () => {
  it.each(['esm', 'cjs'] as const)(
    '1 entry (%s): delivered, exit 0, the process ends by itself',
    async (kind) => {
      const channel = `p-none-1-${kind}`;
      const r = await run({ ...base, channel, ending: 'none' }, kind);
      expect(r.timedOut).toBe(false);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(await held(channel)).toEqual(ids(1));
      expect(r.afterLogMs).toBeLessThanOrEqual(CLOSE_MS + CLOSE_SLACK_MS + WORKER_START_MS + TEARDOWN_MS);
      console.log(`pino, script ends (${kind}), 1 entry: gone ${r.afterLogMs} ms after the log call`);
    },
  );

  it('1,000 entries: all in Slack once each, exit 0', async () => {
    const channel = 'p-none-1000';
    const closeTimeoutMs = 9000;
    const r = await run({
      ...base,
      channel,
      count: 1000,
      ending: 'none',
      closeTimeoutMs,
      perChannelPerSecond: 500,
    });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.stderr).toBe('');
    expect(await held(channel)).toEqual(ids(1000));
    expect(r.afterLogMs).toBeLessThanOrEqual(closeTimeoutMs + CLOSE_SLACK_MS + WORKER_START_MS + TEARDOWN_MS);
    console.log(
      `pino, script ends, 1,000 entries: all in Slack, gone ${r.afterLogMs} ms after the last log call`,
    );
  });
});

describe("pino worker transport: transport.end(), then 'finish' or 'close'", () => {
  it.each([false, true])(
    "'finish' comes once the entries are in Slack (worker ready first: %s); the process ends at once",
    async (afterReady) => {
      const channel = `p-finish-${afterReady}`;
      const r = await run({ ...base, channel, count: 3, ending: 'finish', afterReady });
      expect(r.timedOut).toBe(false);
      expect(r.code, r.stderr).toBe(0);
      const finish = stampOf(r.stdout, 'FINISH')?.at ?? Number.NaN;
      expect(stampOf(r.stdout, 'AWAITED')).toBeDefined();
      expect(await held(channel)).toEqual(ids(3));
      expect(r.goneAt - finish).toBeLessThanOrEqual(TEARDOWN_MS);
      console.log(
        `pino, transport.end() (ready first: ${afterReady}): 'finish' ${finish - r.logged} ms after it, gone ${r.goneAt - finish} ms after 'finish'`,
      );
    },
  );

  it("'close' does not come in a process that nothing else keeps alive (pino unrefs the worker): ESM exits 13", async () => {
    const channel = 'p-close-esm';
    const r = await run({ ...base, channel, ending: 'close', afterReady: true });
    expect(r.timedOut).toBe(false);
    // Top-level await on an event that never fires: Node's "unsettled top-level await". Delivered all the same.
    expect(r.code).toBe(13);
    expect(stampOf(r.stdout, 'FINISH')).toBeDefined();
    expect(stampOf(r.stdout, 'CLOSE')).toBeUndefined();
    expect(await held(channel)).toEqual(ids(1));
  });

  it("'close' in CommonJS: the listener never runs, the process exits 0 with the entry delivered", async () => {
    const channel = 'p-close-cjs';
    const r = await run({ ...base, channel, ending: 'close', afterReady: true }, 'cjs');
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(stampOf(r.stdout, 'AWAITED')).toBeUndefined();
    expect(await held(channel)).toEqual(ids(1));
  });
});

describe('pino worker transport: logger.flush(cb)', () => {
  it('calls back once the entries are in Slack', async () => {
    const channel = 'p-flush';
    const r = await run({ ...base, channel, count: 2, ending: 'flush', afterReady: true });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    const flushed = stampOf(r.stdout, 'FLUSHED')?.at ?? Number.NaN;
    const messages = await exits.emu.control.messages(channel);
    expect(await held(channel)).toEqual(ids(2));
    // Slack stored each message (its ts, the emulator's clock on this machine) before the callback came.
    for (const m of messages) expect(Number(m.ts) * 1000).toBeLessThanOrEqual(flushed);
    console.log(
      `pino, logger.flush(cb): called back ${flushed - r.logged} ms after 2 log calls at Slack's 1/s`,
    );
  });
});

describe('pino worker transport: process.exit() right after logger.error()', () => {
  it.each([
    [false, 1],
    [true, 1],
    [false, 100],
  ] as const)(
    "delivers: pino's exit handler waits for the worker's close (worker ready first: %s, %i entries)",
    async (afterReady, count) => {
      const channel = `p-exit-${afterReady}-${count}`;
      const r = await run({ ...base, channel, count, ending: 'exit', afterReady, perChannelPerSecond: 500 });
      expect(r.timedOut).toBe(false);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(await held(channel)).toEqual(ids(count));
      const start = afterReady ? 0 : WORKER_START_MS;
      expect(r.afterLogMs).toBeLessThanOrEqual(CLOSE_MS + CLOSE_SLACK_MS + start + TEARDOWN_MS);
      console.log(
        `pino, process.exit(0) after ${count} x logger.error (ready first: ${afterReady}): all ${count} in Slack, gone ${r.afterLogMs} ms after the exit call`,
      );
    },
  );

  it('an uncaught exception logged at fatal, then process.exit(1): in Slack, exit code 1', async () => {
    const channel = 'p-uncaught';
    const r = await run({ ...base, channel, count: 0, ending: 'uncaught', afterReady: true });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(await held(channel)).toEqual([['900', 1]]);
    const [message] = await exits.emu.control.messages(channel);
    expect(JSON.stringify(message)).toContain('🔴 Error: crash');
  });
});

describe('pino worker transport: Slack hanging', () => {
  it.each([
    ['none', false],
    ['exit', false],
    ['exit', true],
    ['finish', true],
  ] as const)(
    'ending %s (worker ready first: %s): gone within closeTimeoutMs + 250 ms, what was not sent reported on stderr',
    async (ending, afterReady) => {
      const channel = `p-hang-${ending}-${afterReady}`;
      await exits.emu.control.addFault({ method: 'chat.postMessage', channel, action: { type: 'hang' } });
      const closeTimeoutMs = 1000;
      const r = await run({ ...base, channel, count: 3, ending, afterReady, closeTimeoutMs });
      expect(r.timedOut).toBe(false);
      expect(r.code, r.stderr).toBe(0);
      const start = afterReady ? 0 : WORKER_START_MS;
      expect(r.afterLogMs).toBeLessThanOrEqual(closeTimeoutMs + CLOSE_SLACK_MS + start + TEARDOWN_MS);
      // The hang records the first post before it stops answering; the other two were never sent.
      expect(await held(channel)).toEqual([['0', 1]]);
      expect(r.stderr).toBe(
        '[backend-notifier] warn: 3 message(s) not delivered before the notifier closed; dropped; 1 of them was ' +
          'in flight (sent, no answer from Slack), its outcome unknown (Slack may have stored it) ' +
          '{"dropped":3,"reason":"closed","abortedInFlight":1}\n',
      );
      console.log(
        `pino, Slack hanging, ending ${ending} (ready first: ${afterReady}), closeTimeoutMs ${closeTimeoutMs}: gone ${r.afterLogMs} ms after the last log call`,
      );
    },
  );

  it('with the default closeTimeoutMs (5 s), the process is gone within 5.25 s of process.exit()', async () => {
    const channel = 'p-hang-default';
    await exits.emu.control.addFault({ method: 'chat.postMessage', channel, action: { type: 'hang' } });
    const r = await run({ ...base, channel, count: 1, ending: 'exit', afterReady: true });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.afterLogMs).toBeGreaterThanOrEqual(CLOSE_MS);
    expect(r.afterLogMs).toBeLessThanOrEqual(CLOSE_MS + CLOSE_SLACK_MS + TEARDOWN_MS);
    expect(r.stderr).toContain('1 message(s) not delivered before the notifier closed; dropped');
    console.log(`pino, Slack hanging, default closeTimeoutMs: gone ${r.afterLogMs} ms after process.exit(0)`);
  });
});
