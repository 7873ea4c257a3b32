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

/** Polls `check` every 20 ms until it holds, failing after `ms`. */
async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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
    // The client gave up, yet the delayed call still takes effect when the wait ends.
    expect(emu.control.messages(channel).some((m) => m.text === 'too slow')).toBe(false);
    await waitFor(() => emu.control.messages(channel).some((m) => m.text === 'too slow'), 3000);
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

  it('late: nothing exists when the client gives up; the message is stored ms after arrival', async () => {
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'late', ms: 500 } });
    const sent = Date.now();
    const err = await rejection(post('stored late', 200));
    expect(err).toBeInstanceOf(WebAPIRequestError);
    // The client's timeout fired: unlike `hang`, Slack has not stored anything yet.
    expect(emu.control.messages(channel).some((m) => m.text === 'stored late')).toBe(false);
    await waitFor(() => emu.control.messages(channel).some((m) => m.text === 'stored late'), 3000);
    const stored = emu.control.messages(channel).filter((m) => m.text === 'stored late');
    expect(stored).toHaveLength(1);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(480);
    const entry = emu.control.requestLog().find((e) => e.text === 'stored late');
    expect(entry).toMatchObject({ outcome: 'late', status: 200, ts: stored[0]?.ts, channel });
    expect((entry?.doneAt ?? 0) - (entry?.at ?? 0)).toBeGreaterThanOrEqual(480);
    // The ts is the moment of storage, not of arrival.
    expect(Number(stored[0]?.ts) * 1000).toBeGreaterThanOrEqual((entry?.at ?? 0) + 480);
  });

  it('late: a client that waits long enough gets the answer (with the stored ts) after ms', async () => {
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'late', ms: 200 } });
    const started = Date.now();
    const res = await post('late but answered');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(res).toMatchObject({ ok: true });
    expect(emu.control.messages(channel).find((m) => m.text === 'late but answered')?.ts).toBe(res.ts);
  });

  it('hang vs late at the moment the client times out: hang has stored, late has not', async () => {
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'hang', ms: 400 } });
    await rejection(post('hang-first', 150));
    emu.control.addFault({ method: 'chat.postMessage', times: 1, action: { type: 'late', ms: 400 } });
    await rejection(post('late-first', 150));
    const texts = () => emu.control.messages(channel).map((m) => m.text);
    expect(texts()).toContain('hang-first');
    expect(texts()).not.toContain('late-first');
    await waitFor(() => texts().includes('late-first'), 3000);
  });

  it('late: rate limits apply on arrival (a 429 comes at once and nothing is stored later)', async () => {
    const limited = await startTestEmulator({
      seed: 'late-rl',
      rateLimits: { postMessage: { perSecond: 0.1, burst: 1 } },
    });
    try {
      const id = limited.control.createChannel({ name: 'late-rl', botMember: true }).id;
      limited.control.addFault({ method: 'chat.postMessage', action: { type: 'late', ms: 300 } });
      const slack = clientFor(limited, limited.botToken, 2000);
      const first = slack.chat.postMessage({ channel: id, text: 'first' });
      const started = Date.now();
      const second = await rejection(slack.chat.postMessage({ channel: id, text: 'second' }));
      expect(second).toBeInstanceOf(WebAPIRateLimitedError);
      expect(Date.now() - started).toBeLessThan(250);
      await expect(first).resolves.toMatchObject({ ok: true });
      expect(limited.control.messages(id).map((m) => m.text)).toEqual(['first']);
      // `delay` differs: it waits first, so the 429 only comes after the wait.
      limited.control.clearFaults();
      limited.control.addFault({ method: 'chat.postMessage', action: { type: 'delay', ms: 300 } });
      const delayedAt = Date.now();
      expect(await rejection(slack.chat.postMessage({ channel: id, text: 'third' }))).toBeInstanceOf(
        WebAPIRateLimitedError,
      );
      expect(Date.now() - delayedAt).toBeGreaterThanOrEqual(290);
    } finally {
      await limited.close();
    }
  });

  it('late on an incoming webhook: stored ms after arrival, logged as late', async () => {
    const id = emu.control.createChannel({ name: 'hook-late' }).id;
    const url = emu.control.createWebhook(id);
    emu.control.addFault({ method: 'incoming-webhook', times: 1, action: { type: 'late', ms: 400 } });
    const err = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ text: 'hook late' }),
      signal: AbortSignal.timeout(150),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(emu.control.messages(id)).toHaveLength(0);
    await waitFor(() => emu.control.messages(id).length === 1, 3000);
    expect(emu.control.requestLog().at(-1)).toMatchObject({
      method: 'incoming-webhook',
      outcome: 'late',
      channel: id,
    });
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
    expect(() => emu.control.addFault({ method: 'x', action: { type: 'late' } as never })).toThrow(
      /late fault needs ms/,
    );
    expect(() => emu.control.addFault({ method: 'x', action: { type: 'late', ms: -1 } })).toThrow(TypeError);
  });
});
