import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
let channel: string;
beforeAll(async () => {
  emu = await startTestEmulator({ seed: 7, rateLimits: { enabled: false } });
  channel = emu.control.createChannel({ name: 'faulty', botMember: true }).id;
});
afterEach(() => emu.control.clearFaults());
afterAll(() => emu.close());

const post = (text = 'x', timeout = 5000) =>
  clientFor(emu, emu.botToken, timeout).chat.postMessage({ channel, text });

describe('faults', () => {
  it('error: 200 {ok:false,error,...extra} → WebAPIPlatformError with the extras', async () => {
    emu.control.addFault({
      method: 'chat.postMessage',
      times: 1,
      action: { type: 'error', error: 'fatal_error', extra: { detail: 'boom' } },
    });
    const err = await rejection(post());
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    expect(err['data']).toMatchObject({ ok: false, error: 'fatal_error', detail: 'boom' });
    await expect(post()).resolves.toMatchObject({ ok: true });
  });

  it('ratelimit: 429 with Retry-After → WebAPIRateLimitedError carrying retryAfter', async () => {
    emu.control.addFault({
      method: 'chat.postMessage',
      times: 1,
      action: { type: 'ratelimit', retryAfter: 7 },
    });
    const err = await rejection(post());
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect(err['retryAfter']).toBe(7);
  });

  it('ratelimit without Retry-After: the SDK throws a plain error (no code)', async () => {
    emu.control.addFault({
      method: 'chat.postMessage',
      times: 1,
      action: { type: 'ratelimit', retryAfter: null },
    });
    const err = await rejection(post());
    expect(err.message).toMatch(/Retry header did not contain a valid timeout/);
    expect(err['code']).toBeUndefined();
  });

  it('http: 5xx with an HTML body → WebAPIHTTPError', async () => {
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'http', status: 502 } });
    const err = await rejection(post());
    expect(err).toBeInstanceOf(WebAPIHTTPError);
    expect(err['statusCode']).toBe(502);
    expect(String(err['body'])).toMatch(/<html>/i);
    expect(emu.control.requestLog().at(-1)).toMatchObject({ outcome: 'http_502', status: 502 });
  });

  it('delay: the answer comes late (client timeout shorter → WebAPIRequestError)', async () => {
    emu.control.addFault({ method: 'chat.postMessage', times: 2, action: { type: 'delay', ms: 400 } });
    const started = Date.now();
    await expect(post('slow')).resolves.toMatchObject({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    const entry = emu.control.requestLog().find((e) => e.text === 'slow');
    // `at` is when the request arrived, `doneAt` when it was answered.
    expect((entry?.doneAt ?? 0) - (entry?.at ?? 0)).toBeGreaterThanOrEqual(380);
    expect(await rejection(post('too slow', 100))).toBeInstanceOf(WebAPIRequestError);
  });

  it('hang: the message is stored but the client times out (the duplicate trap)', async () => {
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'hang' } });
    const err = await rejection(post('stored anyway', 300));
    expect(err).toBeInstanceOf(WebAPIRequestError);
    const stored = emu.control.messages(channel).filter((m) => m.text === 'stored anyway');
    expect(stored).toHaveLength(1);
    const entry = emu.control.requestLog().find((e) => e.text === 'stored anyway');
    expect(entry).toMatchObject({ outcome: 'hang', ts: stored[0]?.ts, channel });
  });

  it('hang with ms: answers after ms', async () => {
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'hang', ms: 200 } });
    const started = Date.now();
    await expect(post('late answer')).resolves.toMatchObject({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('reset: the socket is destroyed → WebAPIRequestError; nothing stored', async () => {
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'reset' } });
    const err = await rejection(post('never'));
    expect(err).toBeInstanceOf(WebAPIRequestError);
    expect(emu.control.messages(channel).some((m) => m.text === 'never')).toBe(false);
    expect(emu.control.requestLog().at(-1)?.outcome).toBe('reset');
  });

  it('non_json: 200 with an HTML body → WebAPIPlatformError whose data.error is the raw text', async () => {
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'non_json' } });
    const err = await rejection(post());
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    expect(String((err['data'] as { error: string }).error)).toMatch(/<html>/);
  });

  it('redirect: a 3xx → WebAPIRequestError (the SDK refuses redirects)', async () => {
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'redirect' } });
    expect(await rejection(post())).toBeInstanceOf(WebAPIRequestError);
  });

  it('per channel: other channels are unaffected; name or id both match', async () => {
    const other = emu.control.createChannel({ name: 'healthy', botMember: true }).id;
    emu.control.addFault({
      method: 'chat.postMessage',
      channel: '#faulty',
      action: { type: 'http', status: 500 },
    });
    const slack = clientFor(emu);
    await expect(slack.chat.postMessage({ channel: other, text: 'fine' })).resolves.toMatchObject({
      ok: true,
    });
    expect(await rejection(slack.chat.postMessage({ channel, text: 'x' }))).toBeInstanceOf(WebAPIHTTPError);
    expect(await rejection(slack.chat.postMessage({ channel: 'faulty', text: 'x' }))).toBeInstanceOf(
      WebAPIHTTPError,
    );
  });

  it('times: only the next N matching calls; then the fault is gone', async () => {
    emu.control.addFault({
      method: 'chat.postMessage',
      times: 2,
      action: { type: 'error', error: 'internal_error' },
    });
    expect(emu.control.faults()).toHaveLength(1);
    const results = await Promise.allSettled([post(), post(), post()].map((p) => p));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(emu.control.faults()).toHaveLength(0);
  });

  it("method '*' matches every method; other methods than the named one are untouched", async () => {
    const id = emu.control.addFault({
      method: 'conversations.info',
      action: { type: 'error', error: 'fatal_error' },
    });
    await expect(post()).resolves.toMatchObject({ ok: true });
    emu.control.removeFault(id);
    emu.control.addFault({ method: '*', times: 2, action: { type: 'http', status: 503 } });
    expect(await rejection(clientFor(emu).auth.test())).toBeInstanceOf(WebAPIHTTPError);
    expect(await rejection(post())).toBeInstanceOf(WebAPIHTTPError);
  });

  it('probability draws from the seeded RNG: same seed, same pattern', async () => {
    const pattern = async (e: SlackEmulator): Promise<string> => {
      e.control.addFault({
        method: 'auth.test',
        probability: 0.5,
        action: { type: 'error', error: 'fatal_error' },
      });
      let out = '';
      for (let i = 0; i < 40; i++) {
        out += await clientFor(e)
          .auth.test()
          .then(
            () => '.',
            () => 'x',
          );
      }
      return out;
    };
    const a = await startTestEmulator({ seed: 'prob', rateLimits: { enabled: false } });
    const b = await startTestEmulator({ seed: 'prob', rateLimits: { enabled: false } });
    try {
      const pa = await pattern(a);
      const pb = await pattern(b);
      expect(pa).toBe(pb);
      const hits = [...pa].filter((c) => c === 'x').length;
      expect(hits).toBeGreaterThan(8);
      expect(hits).toBeLessThan(32);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('rejects an invalid fault spec', () => {
    expect(() => emu.control.addFault({ method: 'x', action: { type: 'explode' } as never })).toThrow(
      TypeError,
    );
  });
});
