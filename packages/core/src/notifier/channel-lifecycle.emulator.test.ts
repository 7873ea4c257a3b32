import { DEFAULT_BOT_SCOPES, type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorNotifier, postedIds, requests } from '../test-support/emulator-notifier.js';
import type { DeliveryOutcome } from '../types.js';

let emu: SlackEmulator;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 'channel-lifecycle', rateLimits: { enabled: false } });
});
afterAll(async () => {
  await emu?.close();
});

const waitFor = async (check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('channel setup and recovery (issue 3 point 3)', () => {
  it('finds an existing channel on the third page of conversations.list and joins it', async () => {
    for (let i = 0; i < 450; i++) emu.control.createChannel({ name: `filler-${String(i).padStart(3, '0')}` });
    const existing = emu.control.createChannel({ name: 'zz-third-page' });
    const { notifier } = emulatorNotifier(emu, { channel: 'zz-third-page' });
    await notifier.start();
    const outcome = await notifier.notify('found you').delivered;
    expect(outcome).toMatchObject({ status: 'delivered', channelId: existing.id });
    expect(requests(emu, 'conversations.list').length).toBeGreaterThanOrEqual(3);
    expect(emu.control.channel(existing.id)?.members).toContain(emu.control.info().bot.userId);
    await notifier.close(1000);
  });

  it('an archived channel name: start fails with channel_setup_failed, health names it, messages are kept', async () => {
    emu.control.createChannel({ name: 'old-archived', archived: true });
    const { notifier } = emulatorNotifier(emu, { channel: 'old-archived' });
    const kept = notifier.notify('kept while archived');
    const error = await notifier.start().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'channel_setup_failed' });
    expect((error as Error).message).toContain('is_archived');
    const health = await notifier.health();
    expect(health.status).toBe('down');
    expect(JSON.stringify(health.checks.filter((c) => c.name === 'channel'))).toContain('is_archived');
    expect(notifier.stats()).toMatchObject({ pending: 1, deadLettered: 0 });
    // A human unarchives it: the lane's setup retry finds it and delivers what was kept.
    emu.control.unarchiveChannel('old-archived');
    expect(await kept.delivered).toMatchObject({ status: 'delivered' });
    await notifier.close(1000);
  });

  it('a channel deleted later is created again on channel_not_found, and the message goes there', async () => {
    const { notifier } = emulatorNotifier(emu, { channel: 'to-be-deleted' });
    await notifier.start();
    const first = (await notifier.notify('before').delivered) as Extract<
      DeliveryOutcome,
      { status: 'delivered' }
    >;
    emu.control.deleteChannel(first.channelId);
    const second = await notifier.notify('after').delivered;
    expect(second).toMatchObject({ status: 'delivered' });
    const recreated = emu.control.channel('to-be-deleted');
    expect(recreated?.id).not.toBe(first.channelId);
    expect((second as { channelId: string }).channelId).toBe(recreated?.id);
    await notifier.close(1000);
  });

  it('a channel archived later: messages are kept until it is unarchived, then delivered', async () => {
    const { notifier } = emulatorNotifier(emu, { channel: 'archived-later' });
    await notifier.start();
    await notifier.notify('before').delivered;
    emu.control.archiveChannel('archived-later');
    const r = notifier.notify('during');
    await waitFor(async () => JSON.stringify(await notifier.health()).includes('is_archived'));
    expect(notifier.stats().pending).toBe(1);
    emu.control.unarchiveChannel('archived-later');
    expect(await r.delivered).toMatchObject({ status: 'delivered' });
    await notifier.close(1000);
  });

  it('the periodic check sees the bot removed (by user_id) and rejoins', async () => {
    const { notifier, logger } = emulatorNotifier(emu, {
      channel: 'bot-removed',
      healthCheckIntervalMs: 100,
    });
    await notifier.start();
    const bot = emu.control.info().bot.userId;
    emu.control.removeBot('bot-removed');
    expect(emu.control.channel('bot-removed')?.members).not.toContain(bot);
    await waitFor(() => emu.control.channel('bot-removed')?.members.includes(bot) ?? false);
    expect(logger.text()).toContain('joining again');
    const membership = (await notifier.health()).checks.find((c) => c.name === 'membership');
    expect(membership).toMatchObject({ status: 'ok', value: true });
    await notifier.close(1000);
  });
});

describe('tokens and threads', () => {
  it('token_expired: the provider is asked again and the message goes out with the new token', async () => {
    const first = emu.control.createToken({ scopes: [...DEFAULT_BOT_SCOPES], kind: 'bot' });
    const second = emu.control.createToken({ scopes: [...DEFAULT_BOT_SCOPES], kind: 'bot' });
    let calls = 0;
    const { notifier } = emulatorNotifier(emu, {
      token: () => (++calls === 1 ? first : second),
      channel: 'rotation',
    });
    await notifier.start();
    emu.control.expireToken(first);
    expect(await notifier.notify('rotated').delivered).toMatchObject({ status: 'delivered' });
    expect(calls).toBe(2);
    await notifier.close(1000);
  });

  it('posts thread replies', async () => {
    const { notifier } = emulatorNotifier(emu, { channel: 'threads' });
    await notifier.start();
    const parent = (await notifier.notify('parent').delivered) as Extract<
      DeliveryOutcome,
      { status: 'delivered' }
    >;
    const reply = notifier.notify({ text: 'reply', threadTs: parent.ts });
    expect(await reply.delivered).toMatchObject({ status: 'delivered' });
    const stored = emu.control
      .messages('threads')
      .find((m) => postedIds(emu, 'threads').includes(reply.id) && m.text.includes('reply'));
    expect(stored?.threadTs).toBe(parent.ts);
    await notifier.close(1000);
  });
});
