import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Fault, Message, RequestLogEntry, SlackEmulator } from './index.js';
import { clientFor, controlApi, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
});
afterAll(() => emu.close());

const errorOf = async (p: Promise<unknown>) => ((await rejection(p))['data'] as { error: string }).error;

describe('HTTP control API under /_emulator/', () => {
  it('POST channels creates; GET channels lists; GET state shows team, bot, channels with messages', async () => {
    const created = await controlApi(emu, 'POST', 'channels', { name: 'via-http', botMember: true });
    expect(created.status).toBe(200);
    const channel = created.json['channel'] as Channel;
    expect(channel).toMatchObject({ name: 'via-http', isPrivate: false, isArchived: false });
    await clientFor(emu).chat.postMessage({ channel: channel.id, text: 'seen in state' });
    const list = await controlApi(emu, 'GET', 'channels');
    expect((list.json['channels'] as Channel[]).map((c) => c.name)).toContain('via-http');
    const state = await controlApi(emu, 'GET', 'state');
    expect(state.json).toMatchObject({
      ok: true,
      team: { id: 'T0EMULATOR', domain: 'emulated' },
      bot: { userId: 'U0EMULBOT', botId: 'B0EMULATOR' },
      botToken: emu.botToken,
      users: [
        { id: 'U0ALICE01', name: 'alice' },
        { id: 'U0BOB0001', name: 'bob' },
      ],
      faults: [],
      rateLimits: { enabled: false },
    });
    const inState = (state.json['channels'] as Array<Channel & { messages: Message[] }>).find(
      (c) => c.id === channel.id,
    );
    expect(inState?.messages.map((m) => m.text)).toEqual(['seen in state']);
  });

  it('GET channels/:ref/messages reads back messages by id or name; 404 for unknown', async () => {
    const { id } = emu.control.createChannel({ name: 'read-back', botMember: true });
    await clientFor(emu).chat.postMessage({ channel: id, text: 'one' });
    const byId = await controlApi(emu, 'GET', `channels/${id}/messages`);
    expect((byId.json['messages'] as Message[]).map((m) => m.text)).toEqual(['one']);
    const byName = await controlApi(emu, 'GET', `channels/${encodeURIComponent('#read-back')}/messages`);
    expect(byName.json['messages']).toEqual(byId.json['messages']);
    expect((await controlApi(emu, 'GET', 'channels/C0NOPE/messages')).status).toBe(404);
  });

  it('channel actions: archive, unarchive, rename, remove-bot, delete', async () => {
    const { id } = emu.control.createChannel({ name: 'acted-on', botMember: true });
    const slack = clientFor(emu);
    await controlApi(emu, 'POST', `channels/${id}/archive`);
    expect(await errorOf(slack.chat.postMessage({ channel: id, text: 'x' }))).toBe('is_archived');
    await controlApi(emu, 'POST', `channels/${id}/unarchive`);
    await controlApi(emu, 'POST', `channels/${id}/rename`, { name: 'renamed' });
    expect(emu.control.channel(id)?.name).toBe('renamed');
    await controlApi(emu, 'POST', `channels/${id}/remove-bot`);
    expect(emu.control.channel(id)?.members).not.toContain('U0EMULBOT');
    await controlApi(emu, 'POST', 'channels/renamed/delete');
    expect(await errorOf(slack.chat.postMessage({ channel: id, text: 'x' }))).toBe('channel_not_found');
    const bad = await controlApi(emu, 'POST', 'channels', { name: 'Bad Name' });
    expect(bad).toMatchObject({ status: 400, json: { ok: false, error: 'invalid_name_specials' } });
  });

  it('tokens: create with scopes, then revoke / expire / inactive / delete', async () => {
    const created = await controlApi(emu, 'POST', 'tokens', { scopes: ['chat:write'], kind: 'user' });
    const token = created.json['token'] as string;
    expect(token).toMatch(/^xoxp-/);
    const res = await clientFor(emu, token).auth.test();
    expect(res.response_metadata?.scopes).toEqual(['chat:write']);
    for (const [action, code] of [
      ['revoke', 'token_revoked'],
      ['expire', 'token_expired'],
      ['inactive', 'account_inactive'],
      ['delete', 'invalid_auth'],
    ]) {
      const t = (await controlApi(emu, 'POST', 'tokens', { scopes: [] })).json['token'] as string;
      expect((await controlApi(emu, 'POST', `tokens/${action}`, { token: t })).status).toBe(200);
      expect(await errorOf(clientFor(emu, t).auth.test())).toBe(code);
    }
    expect((await controlApi(emu, 'POST', 'tokens/revoke', { token: 'xoxb-unknown' })).status).toBe(400);
  });

  it('faults: POST returns an id; GET lists; DELETE one or all', async () => {
    const a = await controlApi(emu, 'POST', 'faults', {
      method: 'auth.test',
      action: { type: 'error', error: 'fatal_error' },
    });
    const id = a.json['id'] as string;
    expect(await errorOf(clientFor(emu).auth.test())).toBe('fatal_error');
    expect(((await controlApi(emu, 'GET', 'faults')).json['faults'] as Fault[]).map((f) => f.id)).toEqual([
      id,
    ]);
    expect((await controlApi(emu, 'DELETE', `faults/${id}`)).status).toBe(200);
    await expect(clientFor(emu).auth.test()).resolves.toMatchObject({ ok: true });
    await controlApi(emu, 'POST', 'faults', { method: '*', action: { type: 'http', status: 500 } });
    await controlApi(emu, 'DELETE', 'faults');
    expect((await controlApi(emu, 'GET', 'faults')).json['faults']).toEqual([]);
    const bad = await controlApi(emu, 'POST', 'faults', { method: 'x', action: { type: 'nope' } });
    expect(bad.status).toBe(400);
  });

  it('requests: GET with ?since, DELETE clears', async () => {
    await controlApi(emu, 'DELETE', 'requests');
    await clientFor(emu).auth.test();
    await clientFor(emu).auth.test();
    const all = (await controlApi(emu, 'GET', 'requests')).json['requests'] as RequestLogEntry[];
    expect(all.map((e) => e.method)).toEqual(['auth.test', 'auth.test']);
    const since = (await controlApi(emu, 'GET', `requests?since=${all[0]?.seq}`)).json[
      'requests'
    ] as RequestLogEntry[];
    expect(since).toHaveLength(1);
  });

  it('rate-limits: POST merges and answers the new configuration', async () => {
    const res = await controlApi(emu, 'POST', 'rate-limits', { postMessage: { perSecond: 5 } });
    expect(res.json['rateLimits']).toMatchObject({ enabled: false, postMessage: { perSecond: 5, burst: 3 } });
    expect(emu.control.rateLimits().postMessage.perSecond).toBe(5);
  });

  it('seed replaces the workspace; reset restores the initial one', async () => {
    const seeded = await controlApi(emu, 'POST', 'seed', {
      teamName: 'Seeded Co',
      channels: [
        { name: 'ops', botMember: true },
        { name: 'vault', isPrivate: true },
      ],
    });
    expect(seeded.status).toBe(200);
    expect(emu.control.channels().map((c) => c.name)).toEqual(['general', 'ops', 'vault']);
    expect((await clientFor(emu).auth.test()).team).toBe('Seeded Co');
    await controlApi(emu, 'POST', 'reset');
    expect(emu.control.channels().map((c) => c.name)).toEqual(['general']);
    expect((await clientFor(emu).auth.test()).team).toBe('Emulated Workspace');
  });

  it('unknown routes → 404 JSON; bad JSON → 400', async () => {
    expect((await controlApi(emu, 'GET', 'nothing-here')).status).toBe(404);
    const res = await fetch(`${emu.url}_emulator/channels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{bad',
    });
    expect(res.status).toBe(400);
  });

  it('GET events streams every change as Server-Sent Events', async () => {
    const { id } = emu.control.createChannel({ name: 'sse', botMember: true });
    const abort = new AbortController();
    const res = await fetch(`${emu.url}_emulator/events`, { signal: abort.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const posted = await clientFor(emu).chat.postMessage({ channel: id, text: 'live' });
    const wanted = `event: change\ndata: ${JSON.stringify({ type: 'message', channel: id, ts: posted.ts })}\n\n`;
    const deadline = Date.now() + 5000;
    while (!text.includes(wanted) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    abort.abort();
    expect(text).toContain(wanted);
  });

  it('GET events sends a keep-alive ping comment at the configured interval', async () => {
    const local = await startTestEmulator({ ssePingMs: 50 });
    const abort = new AbortController();
    try {
      const res = await fetch(`${local.url}_emulator/events`, { signal: abort.signal });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      const deadline = Date.now() + 5000;
      while (!text.includes(': ping\n\n') && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toContain(': ping\n\n');
    } finally {
      abort.abort();
      await local.close();
    }
  });
});
