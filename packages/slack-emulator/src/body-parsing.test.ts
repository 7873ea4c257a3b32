import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rawCall, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
let channel: string;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
  channel = emu.control.createChannel({ name: 'bodies', botMember: true }).id;
});
afterAll(() => emu.close());

const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
const attachments = [{ color: '#ff0000', text: 'att', fallback: 'att' }];
const metadata = { event_type: 'alert_raised', event_payload: { id: 'a1', n: 2 } };

describe('request bodies', () => {
  it('form body with JSON strings inside, as the SDK sends blocks/attachments/metadata', async () => {
    const res = await clientFor(emu).chat.postMessage({
      channel,
      text: 'form',
      blocks,
      attachments,
      metadata,
    });
    const stored = emu.control.messages(channel).find((m) => m.ts === res.ts);
    expect(stored).toMatchObject({ text: 'form', blocks, attachments, metadata });
  });

  it('JSON body with Authorization header (with charset: no warning)', async () => {
    const res = await rawCall(emu, 'chat.postMessage', {
      token: emu.botToken,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ channel, text: 'json', blocks, metadata }),
    });
    expect(res.json).toMatchObject({ ok: true, channel, message: { text: 'json', blocks, metadata } });
    expect(res.json['warning']).toBeUndefined();
    expect(emu.control.messages(channel).at(-1)).toMatchObject({ text: 'json', blocks, metadata });
  });

  it('JSON body without charset gets the missing_charset warning', async () => {
    const res = await rawCall(emu, 'auth.test', {
      token: emu.botToken,
      contentType: 'application/json',
      body: '{}',
    });
    expect(res.json).toMatchObject({
      ok: true,
      warning: 'missing_charset',
      response_metadata: { warnings: ['missing_charset'] },
    });
  });

  it('JSON bodies do not carry the token (Slack wants the header) → not_authed', async () => {
    const res = await rawCall(emu, 'auth.test', {
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ token: emu.botToken }),
    });
    expect(res.json).toMatchObject({ ok: false, error: 'not_authed' });
  });

  it('invalid JSON → invalid_json; a JSON array → json_not_object', async () => {
    const type = 'application/json; charset=utf-8';
    const bad = await rawCall(emu, 'auth.test', { token: emu.botToken, contentType: type, body: '{nope' });
    expect(bad.json).toMatchObject({ ok: false, error: 'invalid_json' });
    const arr = await rawCall(emu, 'auth.test', { token: emu.botToken, contentType: type, body: '[1]' });
    expect(arr.json).toMatchObject({ ok: false, error: 'json_not_object' });
  });

  it('GET with a query string works as Slack allows', async () => {
    const res = await rawCall(emu, 'conversations.info', {
      httpMethod: 'GET',
      query: `token=${encodeURIComponent(emu.botToken)}&channel=${channel}&include_num_members=true`,
    });
    expect(res.json).toMatchObject({ ok: true, channel: { id: channel, name: 'bodies', num_members: 3 } });
  });

  it('blocks that are not JSON → invalid_blocks_format', async () => {
    const res = await rawCall(emu, 'chat.postMessage', {
      token: emu.botToken,
      contentType: 'application/x-www-form-urlencoded',
      body: `channel=${channel}&text=x&blocks=${encodeURIComponent('[{')}`,
    });
    expect(res.json).toMatchObject({ ok: false, error: 'invalid_blocks_format' });
  });

  it('metadata must be {event_type, event_payload}', async () => {
    const slack = clientFor(emu);
    const notJson = await rawCall(emu, 'chat.postMessage', {
      token: emu.botToken,
      contentType: 'application/x-www-form-urlencoded',
      body: `channel=${channel}&text=x&metadata=${encodeURIComponent('{oops')}`,
    });
    expect(notJson.json).toMatchObject({ ok: false, error: 'invalid_metadata_format' });
    const noType = await rejection(
      slack.chat.postMessage({ channel, text: 'x', metadata: { event_payload: {} } as never }),
    );
    expect((noType['data'] as { error: string }).error).toBe('invalid_metadata_schema');
  });
});
