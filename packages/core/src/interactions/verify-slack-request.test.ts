import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReplayGuard } from './replay-guard.js';
import { slackSign } from './test-support/sign.js';
import { verifySlackRequest } from './verify-slack-request.js';

const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const now = 1_700_000_000_000;
const ts = Math.floor(now / 1000);
const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';

function headers(overrides: Record<string, string | string[] | undefined> = {}) {
  return {
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': slackSign(secret, ts, body),
    ...overrides,
  };
}

describe('verifySlackRequest', () => {
  it('accepts a request signed as Slack signs it, as a string or as bytes', () => {
    expect(verifySlackRequest({ signingSecret: secret, headers: headers(), rawBody: body, now })).toEqual({
      ok: true,
      timestampSec: ts,
    });
    const bytes = new TextEncoder().encode(body);
    expect(verifySlackRequest({ signingSecret: secret, headers: headers(), rawBody: bytes, now }).ok).toBe(
      true,
    );
  });

  it('reads headers in any casing, and from pairs (fetch Headers)', () => {
    const h = headers();
    const mixed = {
      'X-Slack-Request-Timestamp': h['x-slack-request-timestamp'],
      'X-SLACK-SIGNATURE': h['x-slack-signature'],
    };
    expect(verifySlackRequest({ signingSecret: secret, headers: mixed, rawBody: body, now }).ok).toBe(true);
    const pairs = new Headers(h as Record<string, string>);
    expect(verifySlackRequest({ signingSecret: secret, headers: pairs, rawBody: body, now }).ok).toBe(true);
  });

  it('refuses a wrong secret, a tampered body and a tampered timestamp as bad_signature', () => {
    expect(
      verifySlackRequest({ signingSecret: `${secret}x`, headers: headers(), rawBody: body, now }),
    ).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(
      verifySlackRequest({ signingSecret: secret, headers: headers(), rawBody: `${body}x`, now }),
    ).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const later = headers({ 'x-slack-request-timestamp': String(ts + 1) });
    expect(verifySlackRequest({ signingSecret: secret, headers: later, rawBody: body, now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('keeps a 5-minute window on both sides (stricter than bolt-js, which lets future timestamps in)', () => {
    for (const offset of [-300, 0, 300]) {
      const t = ts + offset;
      const h = { 'x-slack-request-timestamp': String(t), 'x-slack-signature': slackSign(secret, t, body) };
      expect(verifySlackRequest({ signingSecret: secret, headers: h, rawBody: body, now }).ok).toBe(true);
    }
    for (const offset of [-301, 301, -86_400, 86_400]) {
      const t = ts + offset;
      const h = { 'x-slack-request-timestamp': String(t), 'x-slack-signature': slackSign(secret, t, body) };
      expect(verifySlackRequest({ signingSecret: secret, headers: h, rawBody: body, now })).toEqual({
        ok: false,
        reason: 'stale',
      });
    }
  });

  it('refuses missing, duplicated and malformed headers', () => {
    const check = (h: Record<string, string | string[] | undefined>) =>
      verifySlackRequest({ signingSecret: secret, headers: h, rawBody: body, now });
    const good = headers();
    expect(check({ 'x-slack-signature': good['x-slack-signature'] })).toEqual({
      ok: false,
      reason: 'missing_header',
    });
    expect(check({ 'x-slack-request-timestamp': String(ts) })).toEqual({
      ok: false,
      reason: 'missing_header',
    });
    expect(check({ ...good, 'X-Slack-Signature': good['x-slack-signature'] })).toEqual({
      ok: false,
      reason: 'duplicate_header',
    });
    expect(
      check({ ...good, 'x-slack-signature': [good['x-slack-signature'], good['x-slack-signature']] }),
    ).toEqual({
      ok: false,
      reason: 'duplicate_header',
    });
    const hex = good['x-slack-signature'].slice(3);
    for (const bad of [
      `v1=${hex}`,
      hex,
      `v0=${hex.toUpperCase()}`,
      `v0=${hex}0`,
      `v0=${hex.slice(1)}`,
      `v0=${hex}, v0=${hex}`,
    ]) {
      expect(check({ ...good, 'x-slack-signature': bad })).toEqual({ ok: false, reason: 'malformed_header' });
    }
    for (const bad of ['', `${ts}.5`, `-${ts}`, `+${ts}`, ` ${ts}`, 'NaN', '1e9', '0x10']) {
      expect(check({ ...good, 'x-slack-request-timestamp': bad })).toEqual({
        ok: false,
        reason: 'malformed_header',
      });
    }
  });

  it('refuses a body over the limit before reading headers or hashing', () => {
    expect(
      verifySlackRequest({
        signingSecret: secret,
        headers: {},
        rawBody: 'x'.repeat(11),
        now,
        maxBodyBytes: 10,
      }),
    ).toEqual({ ok: false, reason: 'too_large' });
    expect(
      verifySlackRequest({
        signingSecret: secret,
        headers: headers(),
        rawBody: body,
        now,
        maxBodyBytes: body.length,
      }).ok,
    ).toBe(true);
  });

  it('refuses the same signed request twice with a replay guard', () => {
    const replayGuard = createReplayGuard();
    const input = { signingSecret: secret, headers: headers(), rawBody: body, now, replayGuard };
    expect(verifySlackRequest(input).ok).toBe(true);
    expect(verifySlackRequest(input)).toEqual({ ok: false, reason: 'replayed' });
    expect(verifySlackRequest({ ...input, now: now + 299_000 })).toEqual({ ok: false, reason: 'replayed' });
    // Past the window the same request is stale, so the guard may forget it.
    expect(verifySlackRequest({ ...input, now: now + 301_000 })).toEqual({ ok: false, reason: 'stale' });
  });

  it('accepts 0 of 3,000 forged requests (random signatures, timestamps, bodies, header casing)', () => {
    const replayGuard = createReplayGuard();
    let accepted = 0;
    let runs = 0;
    const reasons: Record<string, number> = {};
    const casing = fc.constantFrom(
      (s: string) => s,
      (s: string) => s.toUpperCase(),
      (s: string) => s.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase()),
    );
    const forged = fc.record({
      body: fc.oneof(
        fc.constant(body),
        fc.string({ maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 100 }),
      ),
      signature: fc.oneof(
        fc.stringMatching(/^v0=[0-9a-f]{64}$/),
        fc.string({ maxLength: 80 }),
        // A genuine signature of another body, or of this body under another secret.
        fc.string({ maxLength: 50 }).map((other) => slackSign(secret, ts, `${body}${other}x`)),
        fc.string({ minLength: 1, maxLength: 40 }).map((other) => slackSign(`${secret}${other}`, ts, body)),
      ),
      timestamp: fc.oneof(
        { arbitrary: fc.integer({ min: ts - 300, max: ts + 300 }).map(String), weight: 4 },
        { arbitrary: fc.integer({ min: ts - 5_000, max: ts + 5_000 }).map(String), weight: 1 },
        { arbitrary: fc.string({ maxLength: 14 }), weight: 1 },
      ),
      nameCase: casing,
    });
    fc.assert(
      fc.property(forged, (r) => {
        runs++;
        const h = {
          [r.nameCase('x-slack-signature')]: r.signature,
          [r.nameCase('x-slack-request-timestamp')]: r.timestamp,
        };
        const result = verifySlackRequest({
          signingSecret: secret,
          headers: h,
          rawBody: r.body,
          now,
          replayGuard,
        });
        // A forged request can only pass by finding an HMAC without the secret.
        if (!result.ok) reasons[result.reason] = (reasons[result.reason] ?? 0) + 1;
        if (result.ok && !(r.body === body && r.signature === slackSign(secret, r.timestamp, body)))
          accepted++;
      }),
      { numRuns: 3_000, seed: 12 },
    );
    expect(runs).toBe(3_000);
    expect(accepted).toBe(0);
    // The fuzz reaches the HMAC comparison often, not only the format checks.
    expect(reasons['bad_signature']).toBeGreaterThan(300);
  });
});
