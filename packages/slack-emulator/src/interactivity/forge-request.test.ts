import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../index.js';
import {
  type AppReceiver,
  BUTTON_BLOCKS,
  type Received,
  startAppReceiver,
} from '../test-support/app-receiver.js';
import { clientFor, controlApi, startTestEmulator } from '../test-support/harness.js';

// Forged, stale, tampered and replayed requests, counted from the answers of a fake app that checks
// signatures the way Slack documents (written here, independently of the emulator's signer).

const SECRET = 'forge-test-secret';
let emu: SlackEmulator;
let app: AppReceiver;
let channel: string;
let ts: string;
const seenSignatures = new Set<string>();

function verify(r: Received): number {
  const timestamp = String(r.headers['x-slack-request-timestamp'] ?? '');
  const signature = String(r.headers['x-slack-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return 401;
  const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${r.rawBody}`).digest('hex')}`;
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 401;
  if (seenSignatures.has(signature)) return 401; // replay
  seenSignatures.add(signature);
  return r.headers['content-type'] === 'application/x-www-form-urlencoded' ? 200 : 400;
}

const forge = async (body: Record<string, unknown>) => {
  const res = await controlApi(emu, 'POST', 'interactions/forge', body);
  expect(res.status).toBe(200);
  return res.json['interaction'] as { status: number; outcome: string; id: string; kind: string };
};

beforeAll(async () => {
  app = await startAppReceiver();
  app.answer = (r) => ({ status: verify(r) });
  emu = await startTestEmulator({
    seed: 'forge',
    rateLimits: { enabled: false },
    app: { signingSecret: SECRET, requestUrl: app.url },
  });
  channel = emu.control.createChannel({ name: 'incidents', botMember: true }).id;
  ts = (await clientFor(emu).chat.postMessage({ channel, text: 'x', blocks: BUTTON_BLOCKS })).ts as string;
});

afterAll(async () => {
  await emu.close();
  await app.close();
});

describe('forged requests to the request URL', () => {
  const payload = { type: 'block_actions', actions: [{ action_id: 'ack' }] };

  it('by default is signed as Slack signs: the app accepts it', async () => {
    expect(await forge({ payload })).toMatchObject({ kind: 'forged_http', status: 200, outcome: 'acked' });
  });

  it('a wrong or missing signature, a wrong secret, a stale or missing timestamp: each refused', async () => {
    const cases = [
      { payload, signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' },
      { payload, signature: null },
      { payload, secret: 'not-the-secret' },
      { payload, timestampOffsetSec: -301 },
      { payload, timestamp: null },
    ];
    const statuses = [];
    for (const c of cases) statuses.push((await forge(c)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
  });

  it('a tampered body (signature over another body) is refused', async () => {
    const signed = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const sent = new URLSearchParams({
      payload: JSON.stringify({ ...payload, user: { id: 'U0ADMIN' } }),
    }).toString();
    const record = await forge({ body: sent, signedBody: signed });
    expect(record.status).toBe(401);
    expect(app.received.at(-1)?.rawBody).toBe(sent);
  });

  it('a replay resends the exact bytes of an earlier click, which the app then refuses', async () => {
    const click = await emu.control.interactivity.click({ channel, ts, actionId: 'ack' });
    expect(click.status).toBe(200);
    const original = app.received.at(-1);
    const replay = await forge({ replay: click.id });
    const again = app.received.at(-1);
    expect(again?.rawBody).toBe(original?.rawBody);
    expect(again?.headers['x-slack-signature']).toBe(original?.headers['x-slack-signature']);
    expect(again?.headers['x-slack-request-timestamp']).toBe(original?.headers['x-slack-request-timestamp']);
    expect(replay.status).toBe(401);
  });

  it('content type and extra headers can be chosen', async () => {
    // A payload of its own: the same bytes in the same second would be a replay to the app.
    const record = await forge({
      payload: { ...payload, n: 'type' },
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    });
    expect(app.received.at(-1)?.headers['content-type']).toBe(
      'application/x-www-form-urlencoded; charset=utf-8',
    );
    expect(record.status).toBe(400);
    await forge({ payload: { ...payload, n: 'headers' }, headers: { 'x-slack-retry-num': '1' } });
    expect(app.received.at(-1)?.headers['x-slack-retry-num']).toBe('1');
  });

  it('1,000 forged signatures: the fake app accepts 0, and every one is recorded', async () => {
    const before = emu.control.interactivity.interactions().length;
    let accepted = 0;
    for (let i = 0; i < 1000; i++) {
      const sig = `v0=${createHmac('sha256', `guess-${i}`).update(String(i)).digest('hex')}`;
      const record = await emu.control.interactivity.forge({ payload: { ...payload, n: i }, signature: sig });
      if (record.status === 200) accepted += 1;
    }
    expect(accepted).toBe(0);
    expect(emu.control.interactivity.interactions().length - before).toBe(1000);
  }, 60_000);

  it('says what is missing', async () => {
    const res = await controlApi(emu, 'POST', 'interactions/forge', {});
    expect(res).toEqual({ status: 400, json: { ok: false, error: 'forge needs payload, body or replay' } });
    expect((await controlApi(emu, 'POST', 'interactions/forge', { replay: 'I999999' })).status).toBe(400);
  });
});
