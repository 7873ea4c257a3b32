import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createNotifier, type NotifierStats } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import type { NodeProcess } from '@backend-notifier/test-support';
import { SlackTransport } from '@backend-notifier/winston-transport';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import winston from 'winston';
import { createSqliteStore } from './sqlite-store.js';
import { inspectDb } from './test-support/inspect-db.js';
import { startScript } from './test-support/start-script.js';

// Scenario 5 (SCENARIOS.md), SQLite parts: 500 queued and 3 in flight (each post held 400 ms by the
// emulator), then SIGTERM, process.exit(0) right after logger.error() through the Winston transport, or an
// uncaught exception. Criteria: exit within shutdownDeadline + 1 s; the in-flight sends complete (on Slack's
// side: close(ms) aborts what is still on the wire at its deadline, issue 10, and keeps those rows marked
// ambiguous, so the next start confirms them in the history instead of posting them again);
// sent + persisted + dropped == accepted with 0 unaccounted; every line logged before the exit is in the
// store and then delivered after a restart; no message both sent and still pending (0 duplicates).
const COUNT = 500;
const DEADLINE_MS = 2000;
const HOLD_MS = 400;
const ID = /\b((?:m|log|crash)-\d+)\b/;

let emu: SlackEmulator;
let dir: string;
beforeAll(async () => {
  if (!existsSync(new URL('../dist/index.js', import.meta.url))) {
    throw new Error(
      'build @backend-notifier/store-sqlite first (pnpm --filter @backend-notifier/store-sqlite build)',
    );
  }
  emu = await startSlackEmulator({ port: 0, rateLimits: { enabled: false } });
  dir = mkdtempSync(join(tmpdir(), 'scenario-05-'));
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Mode = 'sigterm' | 'exit' | 'uncaught';

function app(mode: Mode | 'recover', dbPath: string, channels: string[]): NodeProcess {
  const config = {
    dbPath,
    apiUrl: emu.apiUrl,
    token: emu.botToken,
    channels,
    count: COUNT,
    deadlineMs: DEADLINE_MS,
    mode,
    rate: mode === 'recover' ? 500 : 20,
  };
  return startScript('shutdown-app.mjs', { APP_CONFIG: JSON.stringify(config) });
}

/** Ids posted to `channels`, with how many times each. */
function posted(channels: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const channel of channels) {
    for (const m of emu.control.messages(channel)) {
      const id = ID.exec(JSON.stringify([m.text, m.blocks, m.attachments]))?.[1];
      if (id !== undefined) out.set(id, (out.get(id) ?? 0) + 1);
    }
  }
  return out;
}

/** Ids of the rows in each state (and `ambiguous`: rows marked so), read from the file after the app exited. */
function rowsByState(dbPath: string): Map<string, string[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const out = new Map<string, string[]>();
    for (const row of db.prepare('SELECT state, notification, ambiguous FROM outbox').all() as {
      state: string;
      notification: string;
      ambiguous: number;
    }[]) {
      const id = ID.exec(row.notification)?.[1];
      if (id === undefined) throw new Error(`a row without an id: ${row.notification.slice(0, 200)}`);
      out.set(row.state, [...(out.get(row.state) ?? []), id]);
      if (row.ambiguous) out.set('ambiguous', [...(out.get('ambiguous') ?? []), id]);
    }
    return out;
  } finally {
    db.close();
  }
}

/** Resolves once the emulator holds exactly `n` posts to `channels` (received, not yet answered). */
async function untilInFlight(channels: string[], faultIds: string[], n: number): Promise<void> {
  const ids = new Set(channels.map((c) => emu.control.channel(c)?.id));
  for (;;) {
    const entered = emu.control
      .faults()
      .filter((f) => faultIds.includes(f.id))
      .reduce((sum, f) => sum + f.hits, 0);
    const answered = emu.control
      .requestLog()
      .filter((e) => e.method === 'chat.postMessage' && ids.has(e.channel)).length;
    if (entered - answered === n) return;
    await sleep(5);
  }
}

describe('scenario 5: graceful shutdown and exit paths (SQLite outbox)', () => {
  it.each<Mode>(['sigterm', 'exit', 'uncaught'])(
    '%s: exits in time, accounts for every message, 0 duplicates',
    async (mode) => {
      const channels = ['a', 'b', 'c'].map((c) => `s5-${mode}-${c}`);
      const dbPath = join(dir, `${mode}.db`);
      const faults = channels.map((channel) =>
        emu.control.addFault({ method: 'chat.postMessage', channel, action: { type: 'delay', ms: HOLD_MS } }),
      );
      const child = app(mode, dbPath, channels);
      await new Promise<void>((resolve) => child.onLine((line) => line === 'READY' && resolve()));
      await untilInFlight(channels, faults, 3);
      const triggeredAt = Date.now();
      child.proc.kill(mode === 'sigterm' ? 'SIGTERM' : 'SIGUSR2');
      const { code } = await child.exited;
      const tookMs = Date.now() - triggeredAt;
      expect(code, child.stderr()).toBe(mode === 'uncaught' ? 1 : 0);
      expect(tookMs).toBeLessThanOrEqual(DEADLINE_MS + 1000);
      // Posts the emulator was still holding complete on its side; then the picture is final.
      await sleep(HOLD_MS + 200);
      for (const id of faults) emu.control.removeFault(id);

      const accepted = new Set(
        child
          .lines()
          .filter((l) => l.startsWith('ACK '))
          .map((l) => l.slice(4)),
      );
      const logged = child
        .lines()
        .filter((l) => l.startsWith('LOGGED '))
        .map((l) => l.slice(7));
      expect(accepted.size).toBe(COUNT);
      const all = [...accepted, ...logged];
      const file = inspectDb(dbPath);
      expect(file.integrity).toBe('ok');
      const rows = rowsByState(dbPath);
      const sent = posted(channels);
      const waiting = new Set(rows.get('waiting') ?? []);
      const inFlight = new Set(rows.get('in_flight') ?? []);
      const dropped = file.dropped;
      // Every accepted or logged message is sent, or persisted, or counted as dropped: nothing unaccounted.
      const unaccounted = all.filter((id) => !sent.has(id) && !waiting.has(id) && !inFlight.has(id));
      expect(unaccounted.length - dropped).toBe(0);
      expect(unaccounted).toEqual([]);
      // A waiting row that Slack holds is one close() cut off on the wire (at most one per channel): it is
      // marked ambiguous, so the restart looks it up instead of posting it again. No other waiting row was posted.
      const ambiguous = new Set(rows.get('ambiguous') ?? []);
      const cutOff = [...waiting].filter((id) => sent.has(id));
      expect(cutOff.length).toBeLessThanOrEqual(channels.length);
      expect(cutOff.filter((id) => !ambiguous.has(id))).toEqual([]);
      const persisted =
        [...waiting].filter((id) => !sent.has(id)).length +
        [...inFlight].filter((id) => !sent.has(id)).length;
      expect(sent.size + persisted + dropped).toBe(all.length);
      if (mode === 'exit') {
        // process.exit() cuts the 3 posts off on our side; Slack still completes them. The rows stay in flight
        // and the next start looks them up in history instead of posting them again.
        expect(inFlight.size).toBeLessThanOrEqual(3);
        expect([...inFlight].filter((id) => !sent.has(id))).toEqual([]);
        for (const id of logged)
          expect(waiting.has(id) || sent.has(id), `${id} logged before exit`).toBe(true);
      } else {
        // close(deadline) settled everything it could: no row is left claimed; the posts it cut off are kept.
        expect(inFlight.size).toBe(0);
        // The notifier's own books at close agree with Slack's and the file's: what it cut off on the wire is
        // still pending in its books (Slack answered nothing), and delivered in Slack's.
        const closed = child.lines().find((l) => l.startsWith('CLOSED '));
        const stats = JSON.parse(closed?.split(' ').slice(2).join(' ') ?? '{}') as NotifierStats;
        expect(stats).toMatchObject({
          accepted: all.length,
          delivered: sent.size - cutOff.length,
          pending: persisted + cutOff.length,
          inFlight: 0,
          dropped,
          deadLettered: 0,
        });
      }

      const recovery = app('recover', dbPath, channels);
      expect((await recovery.exited).code, recovery.stderr()).toBe(0);
      const after = posted(channels);
      expect(all.filter((id) => after.get(id) !== 1)).toEqual([]);
      expect(inspectDb(dbPath).states).toMatchObject({ sent: expect.any(Number) });
      expect(inspectDb(dbPath).states.waiting ?? 0).toBe(0);
      console.log(
        `scenario 5 ${mode}: exit after ${tookMs} ms; accepted ${all.length} = sent ${sent.size} + persisted ${persisted} + dropped ${dropped}; in flight at exit ${inFlight.size}; after restart all ${all.length} delivered once`,
      );
    },
    120_000,
  );
});

describe('scenario 5: a Winston finish comes after the store commit', () => {
  it("every line logged before logger.end() is a committed row when 'finish' fires", async () => {
    const dbPath = join(dir, 'winston-finish.db');
    const channel = 's5-finish';
    // Posts are held, so at 'finish' the lines are still waiting or in flight: only the commit puts them in the file.
    const fault = emu.control.addFault({
      method: 'chat.postMessage',
      channel,
      action: { type: 'delay', ms: 1000 },
    });
    const notifier = createNotifier({
      token: emu.botToken,
      channel,
      slackApiUrl: emu.apiUrl,
      store: createSqliteStore({ path: dbPath }),
      perChannelPerSecond: 100,
      workspacePerMinute: 6000,
      healthCheckIntervalMs: 0,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const logger = winston.createLogger({
      transports: [new SlackTransport({ notifier, flushTimeoutMs: 100 })],
    });
    for (let i = 0; i < 20; i++) logger.error(`finish line log-${i}`);
    const finished = new Promise<void>((resolve) => logger.on('finish', () => resolve()));
    logger.end();
    await finished;
    const rows = rowsByState(dbPath);
    const stored = new Set([...rows.values()].flat());
    expect(Array.from({ length: 20 }, (_, i) => `log-${i}`).filter((id) => !stored.has(id))).toEqual([]);
    emu.control.removeFault(fault);
    expect(await notifier.close(10_000)).toBe(true);
    const sent = posted([channel]);
    expect(Array.from({ length: 20 }, (_, i) => sent.get(`log-${i}`))).toEqual(Array(20).fill(1));
  });
});
