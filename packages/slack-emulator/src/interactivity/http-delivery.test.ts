import { createHmac } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../index.js';
import { type AppReceiver, BUTTON_BLOCKS, startAppReceiver } from '../test-support/app-receiver.js';
import { clientFor, controlApi, startTestEmulator } from '../test-support/harness.js';

// Clicks delivered by HTTP to the app's request URL, checked from the app's side: the exact bytes,
// the signature recomputed here with node:crypto (not the emulator's helper), and the 3 s rule.

const SECRET = 'test-signing-secret-0123456789ab';
let emu: SlackEmulator;
let app: AppReceiver;
let client: WebClient;
let channel: string;
let ts: string;

function independentSignature(timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed Slack payload, checked field by field below
function payloadOf(rawBody: string): Record<string, any> {
  return JSON.parse(new URLSearchParams(rawBody).get('payload') ?? 'null');
}

beforeAll(async () => {
  app = await startAppReceiver();
  emu = await startTestEmulator({
    seed: 'http-delivery',
    rateLimits: { enabled: false },
    app: { signingSecret: SECRET, requestUrl: app.url },
  });
  client = clientFor(emu);
  channel = emu.control.createChannel({ name: 'incidents', botMember: true }).id;
  const posted = await client.chat.postMessage({ channel, text: 'Error in checkout', blocks: BUTTON_BLOCKS });
  ts = posted.ts as string;
});

afterAll(async () => {
  await emu.close();
  await app.close();
});

beforeEach(() => {
  app.received.length = 0;
  app.answer = () => ({ status: 200 });
});

describe('HTTP delivery of block_actions', () => {
  it('POSTs payload=<json> as application/x-www-form-urlencoded, signed as Slack signs', async () => {
    const before = Math.floor(Date.now() / 1000);
    const record = await emu.control.interactivity.click({ channel, ts, actionId: 'mute_1h', user: 'bob' });
    expect(record).toMatchObject({ outcome: 'acked', via: 'http', status: 200, kind: 'block_actions' });
    expect(app.received).toHaveLength(1);
    const r = app.received[0];
    if (!r) throw new Error('nothing received');
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const timestamp = String(r.headers['x-slack-request-timestamp']);
    expect(timestamp).toMatch(/^\d{10}$/);
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(r.headers['x-slack-signature']).toBe(independentSignature(timestamp, r.rawBody));
    expect(r.rawBody.startsWith('payload=')).toBe(true);
    expect(new URLSearchParams(r.rawBody).size).toBe(1);
  });

  it('builds the block_actions payload with the fields Slack sends', async () => {
    await emu.control.interactivity.click({ channel, ts, actionId: 'mute_1h', user: 'U0BOB0001' });
    const p = payloadOf(app.received[0]?.rawBody ?? '');
    const info = emu.control.info();
    expect(p.type).toBe('block_actions');
    expect(p.user).toEqual({ id: 'U0BOB0001', username: 'bob', name: 'bob', team_id: info.teamId });
    expect(p.api_app_id).toBe(info.bot.appId);
    expect(p.token).toBe(emu.control.interactivity.app().verificationToken);
    expect(p.container).toEqual({
      type: 'message',
      message_ts: ts,
      channel_id: channel,
      is_ephemeral: false,
    });
    expect(p.trigger_id).toMatch(/^\d{13}\.\d{13}\.[a-z0-9]{32}$/);
    expect(p.team).toEqual({ id: info.teamId, domain: info.domain });
    expect(p.enterprise).toBeNull();
    expect(p.is_enterprise_install).toBe(false);
    expect(p.channel).toEqual({ id: channel, name: 'incidents' });
    expect(p.message.ts).toBe(ts);
    expect(p.message.blocks).toEqual(BUTTON_BLOCKS);
    expect(p.state).toEqual({ values: {} });
    expect(p.response_url).toMatch(new RegExp(`^${emu.url}actions/${info.teamId}/\\d{13}/[a-z0-9]{24}$`));
    expect(p.actions).toHaveLength(1);
    expect(p.actions[0]).toMatchObject({
      action_id: 'mute_1h',
      block_id: 'incident_actions',
      value: 'key-1',
      type: 'button',
      text: { type: 'plain_text', text: 'Mute 1 h' },
    });
    expect(p.actions[0].action_ts).toMatch(/^\d{10}\.\d{6}$/);
  });

  it("a section accessory's button carries its section's block_id", async () => {
    await emu.control.interactivity.click({ channel, ts, actionId: 'details' });
    const p = payloadOf(app.received[0]?.rawBody ?? '');
    expect(p.actions[0]).toMatchObject({ action_id: 'details', block_id: 'summary', value: 'd1' });
    expect(p.user.id).toBe(emu.control.info().users[0]?.id);
  });

  it('records the ack time and body of a 2xx answer', async () => {
    app.answer = () => ({ status: 200, body: '{"text":"ok"}', delayMs: 50 });
    const record = await emu.control.interactivity.click({ channel, ts, actionId: 'ack' });
    expect(record.outcome).toBe('acked');
    expect(record.ackMs).toBeGreaterThanOrEqual(45);
    expect(record.ackMs).toBeLessThan(3000);
    expect(record.ackBody).toBe('{"text":"ok"}');
  });

  it('no answer within 3 s is recorded timed_out, the late answer kept beside it', async () => {
    app.answer = () => ({ status: 200, delayMs: 3400 });
    const started = performance.now();
    const record = await emu.control.interactivity.click({ channel, ts, actionId: 'resolve' });
    const waited = performance.now() - started;
    expect(record.outcome).toBe('timed_out');
    expect(record.ackMs).toBeUndefined();
    // The click resolves at Slack's 3 s, not when the app finally answers.
    expect(waited).toBeGreaterThanOrEqual(2990);
    expect(waited).toBeLessThan(3390);
    await new Promise((r) => setTimeout(r, 700));
    const later = emu.control.interactivity.interactions().find((i) => i.id === record.id);
    expect(later?.status).toBe(200);
    expect(later?.lateMs).toBeGreaterThanOrEqual(3390);
  });

  it('a non-2xx answer is refused with its status; a closed port is failed', async () => {
    app.answer = () => ({ status: 401 });
    expect(await emu.control.interactivity.click({ channel, ts, actionId: 'ack' })).toMatchObject({
      outcome: 'refused',
      status: 401,
    });
    emu.control.interactivity.setApp({ requestUrl: 'http://127.0.0.1:9/slack/interactions' });
    try {
      const failed = await emu.control.interactivity.click({ channel, ts, actionId: 'ack' });
      expect(failed.outcome).toBe('failed');
      expect(failed.error).toBeTruthy();
    } finally {
      emu.control.interactivity.setApp({ requestUrl: app.url });
    }
  });

  it('without a request URL or Socket Mode client the click is no_receiver', async () => {
    emu.control.interactivity.setApp({ requestUrl: null });
    try {
      expect((await emu.control.interactivity.click({ channel, ts, actionId: 'ack' })).outcome).toBe(
        'no_receiver',
      );
      expect(app.received).toHaveLength(0);
    } finally {
      emu.control.interactivity.setApp({ requestUrl: app.url });
    }
  });

  it('the control API clicks too, and refuses a click that cannot happen', async () => {
    const ok = await controlApi(emu, 'POST', 'interactions/click', {
      channel: 'incidents',
      ts,
      actionId: 'ack',
      user: 'alice',
    });
    expect(ok.status).toBe(200);
    expect(ok.json['interaction']).toMatchObject({ outcome: 'acked', user: 'U0ALICE01', actionId: 'ack' });
    const noButton = await controlApi(emu, 'POST', 'interactions/click', { channel, ts, actionId: 'nope' });
    expect(noButton.status).toBe(400);
    expect(String(noButton.json['error'])).toContain('no button');
    const noUser = await controlApi(emu, 'POST', 'interactions/click', {
      channel,
      ts,
      actionId: 'ack',
      user: 'mallory',
    });
    expect(noUser.status).toBe(400);
    const list = await controlApi(emu, 'GET', 'interactions');
    expect((list.json['interactions'] as unknown[]).length).toBeGreaterThan(0);
  });

  it('app settings are read and changed through the control API', async () => {
    const got = await controlApi(emu, 'GET', 'app');
    expect(got.json['app']).toMatchObject({ signingSecret: SECRET, requestUrl: app.url, ackTimeoutMs: 3000 });
    expect(String((got.json['app'] as Record<string, unknown>)['appToken'])).toMatch(/^xapp-1-/);
    const bad = await controlApi(emu, 'POST', 'app', { requestUrl: 'ftp://x' });
    expect(bad.status).toBe(400);
    const changed = await controlApi(emu, 'POST', 'app', { signingSecret: 'other-secret' });
    expect(changed.json['app']).toMatchObject({ signingSecret: 'other-secret' });
    await emu.control.interactivity.click({ channel, ts, actionId: 'ack' });
    const r = app.received[0];
    const timestamp = String(r?.headers['x-slack-request-timestamp']);
    const expected = `v0=${createHmac('sha256', 'other-secret').update(`v0:${timestamp}:${r?.rawBody}`).digest('hex')}`;
    expect(r?.headers['x-slack-signature']).toBe(expected);
    emu.control.interactivity.setApp({ signingSecret: SECRET });
  });
});
