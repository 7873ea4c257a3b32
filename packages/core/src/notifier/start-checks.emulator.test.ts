import { DEFAULT_BOT_SCOPES, type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorNotifier, requests } from '../test-support/emulator-notifier.js';

let emu: SlackEmulator;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 'start-checks', rateLimits: { enabled: false } });
});
afterAll(async () => {
  await emu?.close();
});

describe('start(): token and scope checks (issue 3 point 2)', () => {
  it.each([
    ['xoxp-user-token-123', /user token/],
    ['xapp-1-A1-app-token', /app-level token/],
    ['', /empty|no token|missing/i],
  ])('refuses %j saying what it got and what is needed, never echoing it', async (token, kind) => {
    const { notifier } = emulatorNotifier(emu, { token, channel: 'start-kind' });
    const error = (await notifier.start().then(
      () => undefined,
      (e: unknown) => e,
    )) as Error & { code: string };
    expect(error).toMatchObject({ code: 'invalid_token' });
    expect(error.message).toMatch(kind);
    expect(error.message).toMatch(/xoxb-/);
    if (token) expect(`${error.message}${error.stack}${JSON.stringify(error)}`).not.toContain(token);
    expect((await notifier.health()).status).toBe('down');
    await notifier.close(100);
  });

  it('lists every missing scope with the feature that needs it', async () => {
    const token = emu.control.createToken({ scopes: ['chat:write'], kind: 'bot' });
    const { notifier } = emulatorNotifier(emu, { token, channel: 'start-scopes' });
    const error = (await notifier.start().then(
      () => undefined,
      (e: unknown) => e,
    )) as Error & { code: string; details: { missing: { scope: string }[] } };
    expect(error).toMatchObject({ code: 'missing_scopes' });
    const missing = error.details.missing.map((m) => m.scope).sort();
    expect(missing).toEqual(expect.arrayContaining(['channels:join', 'channels:manage', 'channels:read']));
    expect(error.message).toContain('channels:manage (to create the public channel)');
    expect(requests(emu, 'chat.postMessage').length).toBe(0);
    await notifier.close(100);
  });

  it('without the history scope, starts with duplicate recovery off and says so once', async () => {
    const scopes = DEFAULT_BOT_SCOPES.filter((s) => !s.endsWith(':history'));
    const token = emu.control.createToken({ scopes: [...scopes], kind: 'bot' });
    const { notifier, logger } = emulatorNotifier(emu, { token, channel: 'start-no-history' });
    await notifier.start();
    expect(
      logger.lines.filter((l) => l.level === 'warn' && l.message.includes('channels:history')),
    ).toHaveLength(1);
    expect((await notifier.notify('still works').delivered).status).toBe('delivered');
    await notifier.close(1000);
  });

  it('makes few calls at start and caches the bot user id and channel id', async () => {
    const before = emu.control.requestLog().at(-1)?.seq ?? 0;
    const { notifier } = emulatorNotifier(emu, { channel: 'start-few-calls' });
    await notifier.start();
    await notifier.health();
    await notifier.health();
    for (let i = 0; i < 3; i++) await notifier.notify(`m${i}`).delivered;
    const calls = emu.control.requestLog().filter((r) => r.seq > before);
    const count = (m: string) => calls.filter((c) => c.method === m).length;
    expect(count('auth.test')).toBe(1);
    expect(count('conversations.create')).toBe(1);
    expect(count('conversations.list')).toBe(0);
    expect(count('chat.postMessage')).toBe(3);
    // health() checks membership with the bot's user id: one members call per health() per channel.
    expect(count('conversations.members')).toBe(2);
    const health = await notifier.health();
    expect(health.status).toBe('ok');
    const membership = health.checks.find((c) => c.name === 'membership');
    expect(membership).toMatchObject({ status: 'ok', value: true });
    expect(health.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'auth',
        'channel',
        'membership',
        'queue',
        'oldest_pending',
        'last_success',
        'circuit',
      ]),
    );
    expect(health.checks.find((c) => c.name === 'auth')?.detail).toContain(emu.control.info().bot.userId);
    await notifier.close(1000);
  });

  it('start() can be called again after a failure (Slack unreachable at first), and then succeeds', async () => {
    const fault = emu.control.addFault({
      method: 'auth.test',
      times: 1,
      action: { type: 'http', status: 503 },
    });
    const { notifier } = emulatorNotifier(emu, { channel: 'start-retry' });
    const r = notifier.notify('queued while Slack was down');
    await expect(notifier.start()).rejects.toMatchObject({ code: 'unreachable' });
    expect((await notifier.health()).status).toBe('down');
    await notifier.start();
    expect(await r.delivered).toMatchObject({ status: 'delivered' });
    expect((await notifier.health()).status).toBe('ok');
    emu.control.removeFault(fault);
    await notifier.close(1000);
  });
});
