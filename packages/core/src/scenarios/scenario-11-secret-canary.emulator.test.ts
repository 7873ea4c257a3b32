/**
 * Scenario 11: the secret canary. A distinctive bot token goes through every path of the notifier
 * (deliveries, 429, 5xx, resets, timeouts, rejected payloads, channel loss, auth failure, expired token
 * with a provider, bad tokens at start); it must appear in no log line, console output, error, health
 * report, stats, stored item, dead letter, outcome or anything Slack received as text.
 */
import { startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../queue/memory-store.js';
import { emulatorNotifier } from '../test-support/emulator-notifier.js';
import type { OutboxItem } from '../types.js';

const MARK = 'CANARY-9d2f7a1c5e3b';
const TOKEN = `xoxb-${MARK}-1234567890`;

const emu = await startSlackEmulator({
  port: 0,
  seed: 's11',
  rateLimits: { enabled: false },
  workspace: { botToken: TOKEN },
});
afterAll(async () => {
  await emu.close();
});

/** Everything inspectable about a value: JSON, message, stack, own properties and the cause chain. */
function dump(value: unknown, depth = 0): string {
  if (depth > 6 || value === null || value === undefined) return String(value);
  if (value instanceof Error) {
    const own = Object.getOwnPropertyNames(value).map(
      (k) => `${k}=${dump((value as unknown as Record<string, unknown>)[k], depth + 1)}`,
    );
    return `${value.name}: ${value.message}\n${value.stack}\n${own.join('\n')}\ncause=${dump(value.cause, depth + 1)}`;
  }
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.entries(value as object)
        .map(([k, v]) => `${k}=${dump(v, depth + 1)}`)
        .join(',');
    }
  }
  return String(value);
}

it('scenario 11: the token appears nowhere', async () => {
  const consoleOut: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      consoleOut.push(args.map((a) => dump(a)).join(' '));
    }),
  );
  const writes: string[] = [];
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    writes.push(String(chunk));
    return true;
  });
  const seen: unknown[] = [];
  try {
    // Rotation: the provider hands out the same canary token; token_expired makes the notifier ask again.
    let asked = 0;
    const store = createMemoryStore();
    const { notifier, logger } = emulatorNotifier(emu, {
      token: async () => {
        asked++;
        return TOKEN;
      },
      channel: 's11-main',
      routes: { other: 's11-other' },
      store,
      timeoutMs: 300,
      healthCheckIntervalMs: 100,
      circuit: { failureThreshold: 1, cooldownMs: 300 },
      retry: { maxAttempts: 4, backoff: { baseMs: 50, maxMs: 200 } },
    });
    await notifier.start();
    const main = emu.control.channel('s11-main')?.id ?? '';
    const faults = [
      { type: 'ratelimit', retryAfter: 1 },
      { type: 'http', status: 503 },
      { type: 'reset' },
      { type: 'hang', ms: 1000 },
      { type: 'non_json' },
      { type: 'error', error: 'token_expired' },
      { type: 'error', error: 'not_in_channel' },
      { type: 'error', error: 'invalid_blocks' },
      { type: 'error', error: 'invalid_auth' },
    ] as const;
    for (const action of faults)
      emu.control.addFault({ method: 'chat.postMessage', channel: main, times: 1, action });
    const receipts = [
      ...Array.from({ length: 12 }, (_, i) =>
        notifier.notify({ title: `m${i}`, text: 'hello', fields: { i } }),
      ),
      notifier.notify({ text: 'other', channel: 'other' }),
      notifier.notify({ error: new Error('boom'), priority: 'high' }),
    ];
    const outcomes = await Promise.all(receipts.map((r) => r.delivered));
    expect(asked).toBeGreaterThanOrEqual(2);
    // Channel loss and an error from start() with a bad token kind.
    emu.control.deleteChannel('s11-other');
    seen.push(await notifier.notify({ text: 'after delete', channel: 'other' }).delivered);
    const { notifier: userTokenNotifier } = emulatorNotifier(emu, {
      token: `xoxp-${MARK}`,
      channel: 's11-user',
    });
    seen.push(await userTokenNotifier.start().catch((e: unknown) => e));
    seen.push(await userTokenNotifier.health(), userTokenNotifier.stats());
    await userTokenNotifier.close(100);
    const { notifier: badToken } = emulatorNotifier(emu, {
      token: `xoxb-${MARK}-revoked`,
      channel: 's11-bad',
    });
    seen.push(await badToken.start().catch((e: unknown) => e));
    seen.push(await badToken.health());
    await badToken.close(100);

    seen.push(
      outcomes,
      await notifier.health(),
      notifier.stats(),
      await store.deadLetters(),
      await store.depth(),
    );
    const items: OutboxItem[] = [];
    for (const ch of await store.channels())
      for (let it = await store.claim(ch); it; it = await store.claim(ch)) items.push(it);
    seen.push(items);
    await notifier.close(1000);

    const slackText = emu.control.channels().flatMap((c) => emu.control.messages(c.id).map((m) => dump(m)));
    const requestLog = emu.control.requestLog().map((r) => dump(r));
    const everything = [
      logger.text(),
      ...consoleOut,
      ...writes,
      ...seen.map((v) => dump(v)),
      ...slackText,
      ...requestLog,
    ].join('\n');
    // The test is meaningful only if the paths ran: logs were written and faults were hit.
    expect(logger.lines.length).toBeGreaterThan(5);
    expect(emu.control.requestLog().filter((r) => r.outcome !== 'ok').length).toBeGreaterThanOrEqual(
      faults.length,
    );
    // The dump would see the token in a nested cause (guards against a blind check).
    expect(dump(new Error('x', { cause: new Error(TOKEN) }))).toContain(MARK);
    expect(everything).not.toContain(MARK);
  } finally {
    for (const s of spies) s.mockRestore();
    stderr.mockRestore();
  }
}, 60_000);
