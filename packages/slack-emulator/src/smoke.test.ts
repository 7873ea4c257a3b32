import { WebAPIHTTPError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { postMessage: { perSecond: 1, burst: 2 } } });
});
afterAll(() => emu.close());

describe('smoke: the main flow with the real WebClient', () => {
  it('create → post → history → update → permalink → delete', async () => {
    const slack = clientFor(emu);
    const created = await slack.conversations.create({ name: 'smoke-flow' });
    const id = created.channel?.id as string;
    expect(created.channel).toMatchObject({ name: 'smoke-flow', is_member: true, is_private: false });
    const posted = await slack.chat.postMessage({ channel: id, text: 'hello' });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    const history = await slack.conversations.history({ channel: id });
    expect(history.messages?.map((m) => m.text)).toEqual(['hello']);
    await slack.chat.update({ channel: id, ts: posted.ts as string, text: 'edited' });
    const link = await slack.chat.getPermalink({ channel: id, message_ts: posted.ts as string });
    expect(link.permalink).toBe(
      `https://emulated.slack.com/archives/${id}/p${(posted.ts as string).replace('.', '')}`,
    );
    await slack.chat.delete({ channel: id, ts: posted.ts as string });
    expect(emu.control.messages(id)).toMatchObject([{ text: 'edited', deleted: true }]);
  });

  it('per-channel postMessage limit: 429 surfaces as WebAPIRateLimitedError with retryAfter', async () => {
    const { id } = emu.control.createChannel({ name: 'smoke-rate', botMember: true });
    const slack = clientFor(emu);
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((i) => slack.chat.postMessage({ channel: id, text: `m${i}` })),
    );
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    const err = (rejected[0] as PromiseRejectedResult).reason;
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect(err.retryAfter).toBe(1);
  });

  it('faults: 5xx → WebAPIHTTPError, reset → WebAPIRequestError', async () => {
    const slack = clientFor(emu);
    emu.control.addFault({ method: 'auth.test', times: 1, action: { type: 'http', status: 503 } });
    const http = await rejection(slack.auth.test());
    expect(http).toBeInstanceOf(WebAPIHTTPError);
    expect(http['statusCode']).toBe(503);
    emu.control.addFault({ method: 'auth.test', times: 1, action: { type: 'reset' } });
    expect(await rejection(slack.auth.test())).toBeInstanceOf(WebAPIRequestError);
    await expect(slack.auth.test()).resolves.toMatchObject({ ok: true });
  });
});
