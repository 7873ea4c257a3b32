import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { actionButtons, type InteractionActions } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keepRawBody } from './read-raw-body.js';
import { slackInteractions } from './slack-interactions.js';
import { type ExpressLike, express4Typed, express5 } from './test-support/express-app.js';

type Call = { action: string; key: string; userId: string; forMs?: number };

function recording(): { actions: InteractionActions; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    actions: {
      acknowledge: (key, by) => void calls.push({ action: 'acknowledge', key, userId: by.userId }),
      mute: (key, forMs, by) => void calls.push({ action: 'mute', key, userId: by.userId, forMs }),
      unmute: (key, by) => void calls.push({ action: 'unmute', key, userId: by.userId }),
      resolve: (key, by) => void calls.push({ action: 'resolve', key, userId: by.userId }),
    },
  };
}

function capture() {
  const lines: string[] = [];
  const at = (level: string) => (message: string, meta?: unknown) =>
    void lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

let emu: SlackEmulator;
let channelId: string;
let ts: string;
const KEY = 'err:TypeError:checkout';

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 50 } });
  emu.control.seed({
    users: [
      { id: 'U0ALICE01', name: 'alice', realName: 'Alice' },
      { id: 'U0MALLORY', name: 'mallory', realName: 'Mallory' },
    ],
    channels: [{ name: 'alerts', botMember: true, members: ['U0ALICE01'] }],
  });
  channelId = emu.control.channel('alerts')?.id as string;
  // The message the buttons are on (a fixture: posted as the bot would, with the buttons core builds).
  const res = await fetch(`${emu.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      channel: channelId,
      text: 'TypeError in checkout',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'TypeError in checkout' } },
        actionButtons({ key: KEY }),
      ],
    }),
  });
  const posted = (await res.json()) as { ok: boolean; ts?: string };
  expect(posted.ok).toBe(true);
  ts = posted.ts as string;
});
afterAll(async () => {
  await emu?.close();
});

async function listen(app: ReturnType<ExpressLike>): Promise<{ server: Server; url: string }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/interactions` };
}

function mount(express: ExpressLike, parsers: 'none' | 'json' | 'urlencoded+keepRawBody' | 'urlencoded') {
  const app = express();
  if (parsers === 'json') app.use(express.json());
  if (parsers === 'urlencoded+keepRawBody')
    app.use(express.urlencoded({ extended: false, verify: keepRawBody }));
  if (parsers === 'urlencoded') app.use(express.urlencoded({ extended: false }));
  const { actions, calls } = recording();
  const log = capture();
  const handler = slackInteractions(actions, {
    signingSecret: emu.signingSecret,
    teamId: emu.control.info().teamId,
    appId: emu.control.interactivity.app().appId,
    token: emu.botToken,
    slackApiUrl: emu.apiUrl,
    logger: log.logger,
  });
  app.post('/slack/interactions', handler);
  return { app, calls, log, interactions: handler.interactions };
}

const click = (user: string, actionId = 'mute_1h') =>
  emu.control.interactivity.click({ channel: channelId, ts, actionId, user, via: 'http' });

describe.each([
  ['Express 5', express5],
  ['Express 4', express4Typed],
] as const)('slackInteractions on %s', (_name, express) => {
  for (const parsers of ['none', 'json', 'urlencoded+keepRawBody'] as const) {
    it(`verifies and acts on a click with body parsers: ${parsers}`, async () => {
      const { app, calls, interactions } = mount(express, parsers);
      const { server, url } = await listen(app);
      try {
        emu.control.interactivity.setApp({ requestUrl: url });
        const record = await click('alice');
        expect(record).toMatchObject({ outcome: 'acked', status: 200, ackBody: '' });
        expect(record.ackMs).toBeLessThan(3000);
        console.info(`${_name}, parsers ${parsers}: HTTP ack ${record.ackMs} ms`);
        await interactions.idle();
        expect(calls).toEqual([{ action: 'mute', key: KEY, userId: 'U0ALICE01', forMs: 3_600_000 }]);
      } finally {
        server.close();
      }
    });
  }

  it('refuses 500 (body_unavailable) when express.urlencoded() consumed the body without keepRawBody, and says how to fix it', async () => {
    const { app, calls, interactions, log } = mount(express, 'urlencoded');
    const { server, url } = await listen(app);
    try {
      emu.control.interactivity.setApp({ requestUrl: url });
      expect(await click('alice')).toMatchObject({ outcome: 'refused', status: 500 });
      await interactions.idle();
      expect(calls).toEqual([]);
      expect(interactions.stats().refused).toEqual({ body_unavailable: 1 });
      expect(log.lines.join('\n')).toMatch(/body_unavailable.*req\.rawBody/);
    } finally {
      server.close();
    }
  });
});

describe('security: every forged, stale, replayed, tampered, misaddressed, unknown or unauthorized request is refused', () => {
  let server: Server;
  let setup: ReturnType<typeof mount>;
  beforeAll(async () => {
    setup = mount(express5, 'json');
    const listening = await listen(setup.app);
    server = listening.server;
    emu.control.interactivity.setApp({ requestUrl: listening.url });
  });
  afterAll(() => {
    server.close();
  });
  beforeEach(() => {
    setup.calls.length = 0;
  });

  const forge = (opts: Parameters<SlackEmulator['control']['interactivity']['forge']>[0]) =>
    emu.control.interactivity.forge(opts);
  const payloadOf = async (user = 'alice') => {
    // A genuine payload, as the emulator builds it for a click (taken from a real delivery).
    const record = await click(user, 'acknowledge');
    return JSON.parse(new URLSearchParams(record.request?.body ?? '').get('payload') ?? '{}') as Record<
      string,
      unknown
    >;
  };

  it('refuses each attack with its status, counts it, and changes nothing', async () => {
    const genuine = await payloadOf();
    await setup.interactions.idle();
    setup.calls.length = 0;
    const before = setup.interactions.stats();
    const genuineRecord = emu.control.interactivity.interactions().at(-1)!;
    const cases: [string, Promise<{ status?: number }>, number][] = [
      [
        'forged signature',
        forge({ payload: genuine, signature: `v0=${randomBytes(32).toString('hex')}` }),
        401,
      ],
      ['missing signature', forge({ payload: genuine, signature: null }), 401],
      ['missing timestamp', forge({ payload: genuine, timestamp: null }), 401],
      ['wrong secret', forge({ payload: genuine, secret: 'not-the-signing-secret' }), 401],
      ['stale timestamp (-301 s)', forge({ payload: genuine, timestampOffsetSec: -301 }), 401],
      ['future timestamp (+301 s)', forge({ payload: genuine, timestampOffsetSec: 301 }), 401],
      ['replayed request', forge({ replay: genuineRecord.id }), 401],
      [
        'tampered body',
        forge({
          payload: {
            ...genuine,
            actions: [{ ...(genuine['actions'] as object[])[0], action_id: 'resolve' }],
          },
          signedBody: genuineRecord.request?.body ?? '',
        }),
        401,
      ],
      ['wrong team', forge({ payload: { ...genuine, team: { id: 'T0OTHER', domain: 'x' } } }), 401],
      ['wrong app', forge({ payload: { ...genuine, api_app_id: 'A0OTHER' } }), 401],
      [
        'unknown action',
        forge({
          payload: {
            ...genuine,
            actions: [{ ...(genuine['actions'] as object[])[0], action_id: 'delete_all' }],
          },
        }),
        400,
      ],
      ['oversized body', forge({ body: `payload=${'x'.repeat(1_048_577)}` }), 413],
    ];
    for (const [name, pending, status] of cases) {
      expect((await pending).status, name).toBe(status);
    }
    // Who may not act: Slack gets its ack, the user an ephemeral "not allowed", nothing changes.
    const mallory = await click('mallory', 'resolve');
    expect(mallory).toMatchObject({ outcome: 'acked', status: 200 });
    await setup.interactions.idle();
    expect(setup.calls).toEqual([]);
    const ephemerals = emu.control.interactivity.ephemerals({ user: 'U0MALLORY' });
    expect(ephemerals.at(-1)?.text).toMatch(/not allowed/);
    const after = setup.interactions.stats();
    const diff = (r: string) => (after.refused[r as 'stale'] ?? 0) - (before.refused[r as 'stale'] ?? 0);
    expect({
      bad_signature: diff('bad_signature'),
      missing_header: diff('missing_header'),
      stale: diff('stale'),
      replayed: diff('replayed'),
      wrong_team: diff('wrong_team'),
      wrong_app: diff('wrong_app'),
      unknown_action: diff('unknown_action'),
      too_large: diff('too_large'),
      not_allowed: diff('not_allowed'),
    }).toEqual({
      bad_signature: 3,
      missing_header: 2,
      stale: 2,
      replayed: 1,
      wrong_team: 1,
      wrong_app: 1,
      unknown_action: 1,
      too_large: 1,
      not_allowed: 1,
    });
    expect(after.accepted).toBe(before.accepted);
    // Logged, without the signing secret, the bot token, a signature or the response_url.
    const logged = setup.log.lines.join('\n');
    expect(logged).toMatch(/refused.*"reason":"replayed"/);
    for (const secret of [
      emu.signingSecret,
      emu.botToken,
      emu.appToken,
      genuine['response_url'] as string,
      genuineRecord.request?.signature ?? 'v0=',
    ]) {
      expect(logged).not.toContain(secret);
    }
  });

  it('accepts 0 of 1,000 forged requests sent by the emulator', async () => {
    const genuine = await payloadOf();
    await setup.interactions.idle();
    setup.calls.length = 0;
    const before = setup.interactions.stats();
    const statuses: Record<number, number> = {};
    for (let i = 0; i < 1000; i++) {
      const kind = i % 5;
      const payload = { ...genuine, trigger_id: `forged-${i}` };
      const record = await forge(
        kind === 0
          ? { payload, signature: `v0=${randomBytes(32).toString('hex')}` }
          : kind === 1
            ? { payload, secret: randomBytes(16).toString('hex') }
            : kind === 2
              ? { payload, timestampOffsetSec: (i % 2 ? 1 : -1) * (301 + i) }
              : kind === 3
                ? { payload, signedBody: `payload=${i}` }
                : {
                    payload,
                    signature: `v0=${randomBytes(31).toString('hex')}`,
                    headers: { 'X-SLACK-SIGNATURE': 'v0=00' },
                  },
      );
      statuses[record.status ?? 0] = (statuses[record.status ?? 0] ?? 0) + 1;
    }
    await setup.interactions.idle();
    expect(statuses).toEqual({ 401: 1000 });
    expect(setup.calls).toEqual([]);
    const after = setup.interactions.stats();
    expect(after.accepted - before.accepted).toBe(0);
    expect(after.received - before.received).toBe(1000);
  });
});
