/**
 * Scenario 9: permanent errors, dead letters and the auth circuit breaker. The cooldown is scaled down to
 * 1 s (60 s by default) so a few cooldowns fit in a short test.
 */
import { DEFAULT_BOT_SCOPES, type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemoryStore } from '../queue/memory-store.js';
import { emulatorNotifier, requests } from '../test-support/emulator-notifier.js';
import type { DeadLetter, DeliveryOutcome } from '../types.js';

let emu: SlackEmulator;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 's9', rateLimits: { enabled: false } });
});
afterAll(async () => {
  await emu?.close();
});

const BAD = ['channel_not_found', 'not_in_channel', 'msg_too_long', 'invalid_blocks'] as const;

it('scenario 9: one request per message for non-retryable codes, dead letters with codes, healthy channel flows', async () => {
  const store = createMemoryStore();
  const routes = Object.fromEntries(BAD.map((code) => [code, `s9-${code.replaceAll('_', '-')}`]));
  const { notifier } = emulatorNotifier(emu, { channel: 's9-healthy', routes, store });
  await notifier.start();
  for (const code of BAD) {
    emu.control.addFault({
      method: 'chat.postMessage',
      channel: emu.control.channel(routes[code] ?? '')?.id ?? '',
      action: { type: 'error', error: code },
    });
  }
  const bad = BAD.flatMap((code) =>
    Array.from({ length: 5 }, (_, i) => ({
      code,
      r: notifier.notify({ text: `${code} ${i}`, channel: code }),
    })),
  );
  const good = Array.from({ length: 20 }, (_, i) => notifier.notify(`healthy ${i}`));

  for (const { code, r } of bad)
    expect(await r.delivered).toMatchObject({ status: 'dead_lettered', reason: code });
  for (const r of good) expect((await r.delivered).status).toBe('delivered');

  for (const code of BAD) {
    const id = emu.control.channel(routes[code] ?? '')?.id;
    // Exactly one chat.postMessage per message: no retry for a code that cannot succeed.
    expect(requests(emu, 'chat.postMessage', id)).toHaveLength(5);
  }
  const letters = (await store.deadLetters()) as DeadLetter[];
  expect(letters).toHaveLength(20);
  for (const code of BAD) expect(letters.filter((l) => l.code === code)).toHaveLength(5);
  const s = notifier.stats();
  expect(s).toMatchObject({ delivered: 20, deadLettered: 20, retried: 0 });
  expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped);
  await notifier.close(1000);
}, 60_000);

it('scenario 9: a rich message Slack rejects gets one plain-text fallback, then a dead letter', async () => {
  const { notifier } = emulatorNotifier(emu, { channel: 's9-rich' });
  await notifier.start();
  emu.control.addFault({
    method: 'chat.postMessage',
    channel: emu.control.channel('s9-rich')?.id ?? '',
    action: { type: 'error', error: 'invalid_blocks' },
  });
  const r = notifier.notify({ title: 'Deploy', text: 'rich', fields: { version: '1.2.3' } });
  expect(await r.delivered).toMatchObject({ status: 'dead_lettered', reason: 'invalid_blocks' });
  const sent = requests(emu, 'chat.postMessage', emu.control.channel('s9-rich')?.id);
  expect(sent).toHaveLength(2);
  await notifier.close(1000);
}, 30_000);

it('scenario 9: invalid_auth opens the circuit after ≤ 3 failures, then ≤ 1 probe per cooldown and no other traffic', async () => {
  const token = emu.control.createToken({ scopes: [...DEFAULT_BOT_SCOPES], kind: 'bot' });
  const { notifier } = emulatorNotifier(emu, {
    token,
    channel: 's9-auth',
    routes: { other: 's9-auth-other' },
    circuit: { failureThreshold: 3, cooldownMs: 1000 },
    healthCheckIntervalMs: 200,
  });
  const before = emu.control.requestLog().at(-1)?.seq ?? 0;
  await notifier.start();
  const ours = emu.control.requestLog().find((r) => r.seq > before && r.method === 'auth.test')?.token;
  expect(ours).toMatch(/^tok_/);
  const started = Date.now();
  const fault = emu.control.addFault({ method: '*', action: { type: 'error', error: 'invalid_auth' } });
  const receipts = Array.from({ length: 10 }, (_, i) =>
    notifier.notify(i % 2 ? `auth ${i}` : { text: `other ${i}`, channel: 'other' }),
  );
  await new Promise((resolve) => setTimeout(resolve, 3500));

  const mine = emu.control.requestLog().filter((r) => r.at >= started && r.token === ours);
  const posts = mine.filter((r) => r.method === 'chat.postMessage');
  expect(posts.length).toBeGreaterThanOrEqual(1);
  expect(posts.length).toBeLessThanOrEqual(3);
  const openedAt = posts.at(-1)?.doneAt ?? 0;
  const after = mine.filter((r) => r.at > openedAt);
  // Only auth.test probes after the circuit opened, at most one per cooldown.
  expect(after.every((r) => r.method === 'auth.test')).toBe(true);
  expect(after.length).toBeGreaterThanOrEqual(2);
  expect(after.length).toBeLessThanOrEqual(4);
  for (let i = 1; i < after.length; i++)
    expect((after[i]?.at ?? 0) - (after[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1000);

  const health = await notifier.health();
  expect(health.status).toBe('down');
  expect(JSON.stringify(health.checks.find((c) => c.name === 'auth'))).toContain('auth_failed');
  expect(notifier.stats()).toMatchObject({ pending: 10, deadLettered: 0 });

  // Slack accepts the token again: the next probe closes the circuit and everything kept is delivered.
  emu.control.removeFault(fault);
  const outcomes: DeliveryOutcome[] = await Promise.all(receipts.map((r) => r.delivered));
  expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
  expect((await notifier.health()).status).toBe('ok');
  await notifier.close(1000);
}, 30_000);

it('scenario 9: account_inactive at start: start fails with auth_failed, health says so, messages are kept', async () => {
  const token = emu.control.createToken({ scopes: [...DEFAULT_BOT_SCOPES], kind: 'bot' });
  emu.control.setTokenInactive(token);
  const { notifier } = emulatorNotifier(emu, {
    token,
    channel: 's9-inactive',
    circuit: { cooldownMs: 1000 },
  });
  const r = notifier.notify('kept');
  await expect(notifier.start()).rejects.toMatchObject({ code: 'auth_failed' });
  const health = await notifier.health();
  expect(health.status).toBe('down');
  expect(JSON.stringify(health)).toContain('account_inactive');
  expect(notifier.stats()).toMatchObject({ pending: 1 });
  expect(await notifier.close(200)).toBe(false);
  expect(await r.delivered).toMatchObject({ status: 'dropped', reason: 'closed' });
}, 30_000);
