import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { controlApi, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { enabled: false } });
});
afterAll(() => emu.close());

const send = (url: string, body: string, type = 'application/json') =>
  fetch(url, { method: 'POST', headers: { 'content-type': type }, body }).then(async (r) => ({
    status: r.status,
    text: await r.text(),
  }));

describe('incoming webhooks', () => {
  it('createWebhook gives a /services/T…/B…/secret URL that posts into the channel and answers ok', async () => {
    const { id } = emu.control.createChannel({ name: 'hooked' });
    const url = emu.control.createWebhook(id);
    expect(url).toMatch(new RegExp(`^${emu.url}services/T0EMULATOR/B[A-Z0-9]{10}/[a-z0-9]{24}$`));
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hook*' } }];
    const attachments = [{ color: 'good', text: 'a' }];
    expect(await send(url, JSON.stringify({ text: 'from hook', blocks, attachments }))).toEqual({
      status: 200,
      text: 'ok',
    });
    expect(emu.control.messages(id)).toMatchObject([
      { text: 'from hook', blocks, attachments, user: 'U0EMULBOT' },
    ]);
    expect(emu.control.requestLog().at(-1)).toMatchObject({
      method: 'incoming-webhook',
      outcome: 'ok',
      channel: id,
    });
  });

  it('accepts form-encoded payload=…', async () => {
    const { id } = emu.control.createChannel({ name: 'hooked-form' });
    const url = emu.control.createWebhook('#hooked-form');
    const body = `payload=${encodeURIComponent(JSON.stringify({ text: 'form hook' }))}`;
    expect((await send(url, body, 'application/x-www-form-urlencoded')).text).toBe('ok');
    expect(emu.control.messages(id).map((m) => m.text)).toEqual(['form hook']);
  });

  it('answers Slack’s plain-text errors', async () => {
    const { id } = emu.control.createChannel({ name: 'hook-errors' });
    const url = emu.control.createWebhook(id);
    expect(await send(url, '{not json')).toEqual({ status: 400, text: 'invalid_payload' });
    expect(await send(url, JSON.stringify({ text: '' }))).toEqual({ status: 400, text: 'no_text' });
    expect(await send(`${emu.url}services/T0EMULATOR/B0000000000/nope`, '{"text":"x"}')).toEqual({
      status: 404,
      text: 'no_service',
    });
    emu.control.archiveChannel(id);
    expect(await send(url, JSON.stringify({ text: 'x' }))).toEqual({
      status: 410,
      text: 'channel_is_archived',
    });
  });

  it('POST /_emulator/webhooks creates one over HTTP', async () => {
    emu.control.createChannel({ name: 'hook-http' });
    const res = await controlApi(emu, 'POST', 'webhooks', { channel: 'hook-http' });
    expect(await send(res.json['url'] as string, JSON.stringify({ text: 'via http hook' }))).toEqual({
      status: 200,
      text: 'ok',
    });
  });

  it('accepts a chosen path (e.g. a canary secret)', async () => {
    const { id } = emu.control.createChannel({ name: 'hook-canary' });
    const url = emu.control.createWebhook(id, { path: 'TCANARY/BCANARY/CANARY-secret' });
    expect(url).toBe(`${emu.url}services/TCANARY/BCANARY/CANARY-secret`);
    expect((await send(url, JSON.stringify({ text: 'canary' }))).text).toBe('ok');
    expect(emu.control.messages(id).map((m) => m.text)).toEqual(['canary']);
  });

  it("faults with method 'incoming-webhook' apply to hooks ('*' does not)", async () => {
    const { id } = emu.control.createChannel({ name: 'hook-faults' });
    const url = emu.control.createWebhook(id);
    const body = JSON.stringify({ text: 'x' });
    emu.control.addFault({ method: '*', action: { type: 'http', status: 500 } });
    expect((await send(url, body)).status).toBe(200);
    emu.control.clearFaults();
    emu.control.addFault({
      method: 'incoming-webhook',
      times: 1,
      action: { type: 'ratelimit', retryAfter: 2 },
    });
    const limited = await fetch(url, { method: 'POST', body });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    emu.control.addFault({
      method: 'incoming-webhook',
      channel: id,
      times: 1,
      action: { type: 'http', status: 503 },
    });
    expect((await send(url, body)).status).toBe(503);
    emu.control.addFault({
      method: 'incoming-webhook',
      times: 1,
      action: { type: 'error', error: 'invalid_token' },
    });
    expect(await send(url, body)).toEqual({ status: 400, text: 'invalid_token' });
    expect(emu.control.messages(id)).toHaveLength(1);
  });

  it('a hanging hook still stores the message (the client times out)', async () => {
    const { id } = emu.control.createChannel({ name: 'hook-hang' });
    const url = emu.control.createWebhook(id);
    emu.control.addFault({ method: 'incoming-webhook', times: 1, action: { type: 'hang' } });
    const err = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ text: 'stored' }),
      signal: AbortSignal.timeout(300),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(emu.control.messages(id).map((m) => m.text)).toEqual(['stored']);
    expect(emu.control.requestLog().at(-1)).toMatchObject({
      method: 'incoming-webhook',
      outcome: 'hang',
      channel: id,
    });
  });
});
