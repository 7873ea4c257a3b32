import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelSetupError } from './channel-setup.js';
import { createSlackGateway } from './create-slack-gateway.js';
import type { SlackGateway } from './gateway-types.js';
import { recordingLogger } from './test-support/recording-logger.js';

let emu: SlackEmulator;
let botUserId: string;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 'channel-setup', rateLimits: { enabled: false } });
  botUserId = emu.control.info().bot.userId;
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  emu.control.reset();
  emu.control.clearRequestLog();
});

const newGateway = (): SlackGateway =>
  createSlackGateway({ token: emu.botToken, slackApiUrl: emu.apiUrl, timeoutMs: 5_000 });
const calls = () => emu.control.requestLog().map((e) => `${e.method}:${e.outcome}`);

describe('ensureChannel against the emulator', () => {
  it('creates a new channel; the bot is a member; the id is cached', async () => {
    const gateway = newGateway();
    const res = await gateway.ensureChannel('alerts-new');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const channel = emu.control.channel('alerts-new');
    expect(res.value).toEqual({ id: channel?.id, name: 'alerts-new', isPrivate: false });
    expect(channel?.members).toContain(botUserId);
    expect(await gateway.ensureChannel('#alerts-new')).toEqual(res);
    expect(calls()).toEqual(['conversations.create:ok']);
  });

  it('concurrent setups of one name share one run', async () => {
    emu.control.createChannel({ name: 'alerts-concurrent' });
    const gateway = newGateway();
    const results = await Promise.all([1, 2, 3].map(() => gateway.ensureChannel('alerts-concurrent')));
    expect(new Set(results.map((r) => (r.ok ? r.value.id : r.failure.code))).size).toBe(1);
    expect(calls()).toEqual([
      'conversations.create:name_taken',
      'conversations.list:ok',
      'conversations.join:ok',
    ]);
  });

  it('refuses an invalid name before any call', async () => {
    await expect(newGateway().ensureChannel('Alerts Prod')).rejects.toMatchObject({
      code: 'invalid_options',
    });
    expect(calls()).toEqual([]);
  });

  it('name taken → finds it and joins it', async () => {
    const existing = emu.control.createChannel({ name: 'alerts-taken' });
    const res = await newGateway().ensureChannel('alerts-taken');
    expect(res).toEqual({ ok: true, value: { id: existing.id, name: 'alerts-taken', isPrivate: false } });
    expect(emu.control.channel(existing.id)?.members).toContain(botUserId);
    expect(calls()).toEqual([
      'conversations.create:name_taken',
      'conversations.list:ok',
      'conversations.join:ok',
    ]);
  });

  it('name taken and already a member → no join', async () => {
    emu.control.createChannel({ name: 'alerts-member', botMember: true });
    expect((await newGateway().ensureChannel('alerts-member')).ok).toBe(true);
    expect(calls()).toEqual(['conversations.create:name_taken', 'conversations.list:ok']);
  });

  it('finds a channel on the third page of conversations.list (450+ channels, target last)', async () => {
    for (let i = 0; i < 460; i++) emu.control.createChannel({ name: `filler-${String(i).padStart(3, '0')}` });
    const target = emu.control.createChannel({ name: 'zz-alerts-deep' });
    emu.control.clearRequestLog();
    const res = await newGateway().ensureChannel('zz-alerts-deep');
    expect(res).toMatchObject({ ok: true, value: { id: target.id } });
    const lists = emu.control.requestLog().filter((e) => e.method === 'conversations.list');
    expect(lists).toHaveLength(3);
    expect(calls().at(-1)).toBe('conversations.join:ok');
  });

  it('finds a private channel the bot is in', async () => {
    const priv = emu.control.createChannel({ name: 'alerts-private', isPrivate: true, botMember: true });
    const res = await newGateway().ensureChannel('alerts-private', { isPrivate: true });
    expect(res).toEqual({ ok: true, value: { id: priv.id, name: 'alerts-private', isPrivate: true } });
    expect(calls()).not.toContain('conversations.join:ok');
  });

  it('creates a private channel when asked', async () => {
    const res = await newGateway().ensureChannel('alerts-new-private', { isPrivate: true });
    expect(res).toMatchObject({ ok: true, value: { isPrivate: true } });
    expect(emu.control.channel('alerts-new-private')?.isPrivate).toBe(true);
  });

  it('a private channel the bot is not in → a clear permanent failure', async () => {
    emu.control.createChannel({ name: 'alerts-hidden', isPrivate: true });
    const res = await newGateway().ensureChannel('alerts-hidden');
    expect(res).toMatchObject({ ok: false, failure: { kind: 'permanent', code: 'channel_not_visible' } });
    if (res.ok) return;
    expect(res.failure.detail).toMatch(/invite/i);
    const err = channelSetupError('alerts-hidden', res.failure);
    expect(err.code).toBe('channel_setup_failed');
    expect(err.message).toContain('#alerts-hidden');
  });

  it('an archived channel → fails setup, says it is archived and how to fix it', async () => {
    emu.control.createChannel({ name: 'alerts-archived', archived: true });
    const res = await newGateway().ensureChannel('alerts-archived');
    expect(res).toMatchObject({ ok: false, failure: { kind: 'permanent', code: 'is_archived' } });
    if (res.ok) return;
    const err = channelSetupError('alerts-archived', res.failure);
    expect(err.message).toMatch(/archived/);
    expect(err.message).toMatch(/Unarchive #alerts-archived in Slack/);
    expect(err.message).toMatch(/another channel name/);
    expect(calls()).not.toContain('conversations.join:ok');
  });

  it('deleted later → channel_gone on post, then set up anew (created again)', async () => {
    const gateway = newGateway();
    const first = await gateway.ensureChannel('alerts-deleted');
    if (!first.ok) throw new Error('setup failed');
    emu.control.deleteChannel(first.value.id);
    const post = await gateway.postMessage(first.value.id, { text: 'hello' }, { id: 'm1' });
    expect(post).toMatchObject({ ok: false, failure: { kind: 'channel_gone', code: 'channel_not_found' } });
    // The channel_gone answer dropped the cache: no `refresh` needed.
    const again = await gateway.ensureChannel('alerts-deleted');
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.value.id).not.toBe(first.value.id);
    expect((await gateway.postMessage(again.value.id, { text: 'hello again' }, { id: 'm2' })).ok).toBe(true);
  });

  it('archived later → channel_gone on post, then setup reports the archived channel', async () => {
    const gateway = newGateway();
    const first = await gateway.ensureChannel('alerts-archived-later');
    if (!first.ok) throw new Error('setup failed');
    emu.control.archiveChannel(first.value.id);
    const post = await gateway.postMessage(first.value.id, { text: 'hello' }, { id: 'm1' });
    expect(post).toMatchObject({ ok: false, failure: { kind: 'channel_gone', code: 'is_archived' } });
    expect(await gateway.ensureChannel('alerts-archived-later')).toMatchObject({
      ok: false,
      failure: { code: 'is_archived' },
    });
  });

  it('bot removed later → not_in_channel on post; join() and the post succeeds', async () => {
    const gateway = newGateway();
    const token = emu.control.createToken({
      scopes: ['chat:write', 'channels:join', 'channels:read', 'channels:manage'],
      kind: 'bot',
    });
    const strict = createSlackGateway({ token, slackApiUrl: emu.apiUrl, timeoutMs: 5_000 });
    const first = await gateway.ensureChannel('alerts-removed');
    if (!first.ok) throw new Error('setup failed');
    emu.control.removeBot(first.value.id);
    const post = await strict.postMessage(first.value.id, { text: 'hello' }, { id: 'm1' });
    expect(post).toMatchObject({ ok: false, failure: { kind: 'not_in_channel' } });
    expect(await strict.isMember(first.value.id, botUserId)).toEqual({ ok: true, value: false });
    expect(await strict.join(first.value.id)).toEqual({ ok: true, value: undefined });
    expect(await strict.join(first.value.id)).toEqual({ ok: true, value: undefined });
    expect((await strict.postMessage(first.value.id, { text: 'hello' }, { id: 'm1' })).ok).toBe(true);
  });

  it('bot removed later → ensureChannel({ refresh: true }) rejoins', async () => {
    const gateway = newGateway();
    const first = await gateway.ensureChannel('alerts-rejoin');
    if (!first.ok) throw new Error('setup failed');
    emu.control.removeBot(first.value.id);
    emu.control.clearRequestLog();
    expect(await gateway.ensureChannel('alerts-rejoin', { refresh: true })).toEqual(first);
    expect(calls()).toEqual([
      'conversations.create:name_taken',
      'conversations.list:ok',
      'conversations.join:ok',
    ]);
    expect(emu.control.channel(first.value.id)?.members).toContain(botUserId);
  });

  it('without groups:read the name search leaves private channels out (no missing_scope)', async () => {
    const token = emu.control.createToken({
      scopes: ['chat:write', 'channels:manage', 'channels:read', 'channels:join'],
      kind: 'bot',
    });
    const gateway = createSlackGateway({ token, slackApiUrl: emu.apiUrl, timeoutMs: 5_000 });
    expect((await gateway.authTest()).ok).toBe(true);
    const existing = emu.control.createChannel({ name: 'alerts-public-only' });
    expect(await gateway.ensureChannel('alerts-public-only')).toMatchObject({
      ok: true,
      value: { id: existing.id },
    });
  });

  it('logs the creation at info', async () => {
    const { logger, lines } = recordingLogger();
    const gateway = createSlackGateway({
      token: emu.botToken,
      slackApiUrl: emu.apiUrl,
      timeoutMs: 5_000,
      logger,
    });
    await gateway.ensureChannel('alerts-logged');
    expect(lines.some((l) => l.level === 'info' && l.message.includes('#alerts-logged'))).toBe(true);
  });
});
