import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../index.js';
import { type AppReceiver, BUTTON_BLOCKS, startAppReceiver } from '../test-support/app-receiver.js';
import { clientFor, startTestEmulator } from '../test-support/harness.js';

// The app answers a click through its response_url, as bolt-js `respond()` does (a JSON POST).

let emu: SlackEmulator;
let app: AppReceiver;
let client: WebClient;
let channel: string;

async function postIncident(): Promise<string> {
  const posted = await client.chat.postMessage({ channel, text: 'Error in checkout', blocks: BUTTON_BLOCKS });
  return posted.ts as string;
}

/** Clicks as bob and returns the response_url the app was given. */
async function clickFor(ts: string): Promise<string> {
  const record = await emu.control.interactivity.click({ channel, ts, actionId: 'ack', user: 'bob' });
  expect(record.outcome).toBe('acked');
  const raw = app.received.at(-1)?.rawBody ?? '';
  return JSON.parse(new URLSearchParams(raw).get('payload') ?? '{}').response_url as string;
}

async function respond(
  url: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  app = await startAppReceiver();
  emu = await startTestEmulator({
    seed: 'response-url',
    rateLimits: { enabled: false },
    app: { requestUrl: app.url },
  });
  client = clientFor(emu);
  channel = emu.control.createChannel({ name: 'incidents', botMember: true }).id;
});

afterAll(async () => {
  await emu.close();
  await app.close();
});

describe('response_url', () => {
  it('replace_original updates the message in place (blocks left out are removed)', async () => {
    const ts = await postIncident();
    const url = await clickFor(ts);
    const acked = [{ type: 'section', text: { type: 'mrkdwn', text: 'Acknowledged by <@U0BOB0001>' } }];
    expect(await respond(url, { replace_original: true, text: 'Acknowledged', blocks: acked })).toEqual({
      status: 200,
      json: { ok: true },
    });
    const message = emu.control.messages(channel).find((m) => m.ts === ts);
    expect(message?.text).toBe('Acknowledged');
    expect(message?.blocks).toEqual(acked);
    const history = await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
    expect(history.messages?.[0]?.text).toBe('Acknowledged');
    expect(emu.control.interactivity.responses().at(-1)).toMatchObject({ status: 200, outcome: 'replaced' });
  });

  it('delete_original deletes it', async () => {
    const ts = await postIncident();
    expect((await respond(await clickFor(ts), { delete_original: true })).status).toBe(200);
    expect(emu.control.messages(channel).find((m) => m.ts === ts)?.deleted).toBe(true);
  });

  it('without replace_original the answer is an ephemeral message for the clicker', async () => {
    const ts = await postIncident();
    expect((await respond(await clickFor(ts), { text: 'Only you can see this' })).status).toBe(200);
    const seen = emu.control.interactivity.ephemerals({ user: 'U0BOB0001', channel });
    expect(seen.at(-1)).toMatchObject({
      text: 'Only you can see this',
      source: 'response_url',
      user: 'U0BOB0001',
    });
    expect(emu.control.interactivity.ephemerals({ user: 'U0ALICE01', channel })).toHaveLength(0);
    expect(emu.control.messages(channel).some((m) => m.text === 'Only you can see this')).toBe(false);
  });

  it('response_type in_channel posts as the app, in the thread when thread_ts is given', async () => {
    const ts = await postIncident();
    const url = await clickFor(ts);
    expect(
      (await respond(url, { response_type: 'in_channel', text: 'bob acknowledged', thread_ts: ts })).status,
    ).toBe(200);
    const reply = emu.control.messages(channel).find((m) => m.text === 'bob acknowledged');
    expect(reply).toMatchObject({ threadTs: ts, user: emu.control.info().bot.userId });
    expect(emu.control.messages(channel).find((m) => m.ts === ts)?.replyCount).toBe(1);
  });

  it('allows 5 uses, then answers 404; unknown URLs 404; bad JSON and empty content 400', async () => {
    const ts = await postIncident();
    const url = await clickFor(ts);
    for (let i = 1; i <= 5; i++) {
      expect((await respond(url, { replace_original: true, text: `use ${i}` })).status).toBe(200);
    }
    expect(await respond(url, { replace_original: true, text: 'use 6' })).toEqual({
      status: 404,
      json: { ok: false, error: 'used_up' },
    });
    expect(emu.control.messages(channel).find((m) => m.ts === ts)?.text).toBe('use 5');
    expect((await respond(`${url.slice(0, -3)}zzz`, { text: 'x' })).json).toEqual({
      ok: false,
      error: 'invalid_url',
    });
    // The replaced message has no buttons left: a fresh one for the next click.
    const other = await clickFor(await postIncident());
    expect((await respond(other, '{not json')).status).toBe(400);
    expect((await respond(other, { replace_original: true })).json).toEqual({ ok: false, error: 'no_text' });
  });
});

describe('chat.postEphemeral', () => {
  it('stores the message for that user only and answers message_ts', async () => {
    const res = await client.chat.postEphemeral({ channel, user: 'U0ALICE01', text: 'psst' });
    expect(res.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(emu.control.interactivity.ephemerals({ user: 'U0ALICE01' }).at(-1)).toMatchObject({
      text: 'psst',
      ts: res.message_ts,
      source: 'api',
      channel,
    });
    expect(emu.control.messages(channel).some((m) => m.text === 'psst')).toBe(false);
  });

  it('refuses a user who is not in the channel and an unknown user', async () => {
    const priv = emu.control.createChannel({ name: 'priv', isPrivate: true, botMember: true }).id;
    await expect(
      client.chat.postEphemeral({ channel: priv, user: 'U0ALICE01', text: 'x' }),
    ).rejects.toMatchObject({
      data: { error: 'user_not_in_channel' },
    });
    await expect(client.chat.postEphemeral({ channel, user: 'U0NOBODY1', text: 'x' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
  });
});
