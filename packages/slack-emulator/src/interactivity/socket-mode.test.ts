import { SocketModeClient } from '@slack/socket-mode';
import type { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SlackEmulator } from '../index.js';
import { BUTTON_BLOCKS } from '../test-support/app-receiver.js';
import { clientFor, controlApi, rawCall, rejection, startTestEmulator } from '../test-support/harness.js';

// Socket Mode with the real @slack/socket-mode 3.1 client (its WebClient pointed at the emulator with
// slackApiUrl), plus a bare `ws` client where the frames themselves are checked.

let emu: SlackEmulator;
let bot: WebClient;
let channel: string;
let ts: string;
const clients: SocketModeClient[] = [];
const sockets: WebSocket[] = [];

function socketClient(): SocketModeClient {
  const sm = new SocketModeClient({
    appToken: emu.appToken,
    logLevel: 'error' as never,
    clientOptions: {
      slackApiUrl: emu.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 5000,
    },
  });
  clients.push(sm);
  return sm;
}

/** A bare WebSocket on a fresh apps.connections.open URL; resolves with the socket and its first frame. */
async function rawSocket(): Promise<{ ws: WebSocket; first: Record<string, unknown> }> {
  const open = await rawCall(emu, 'apps.connections.open', { token: emu.appToken });
  const ws = new WebSocket(String(open.json['url']));
  sockets.push(ws);
  const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.once('error', reject);
  });
  return { ws, first };
}

const once = (sm: SocketModeClient, event: string) =>
  new Promise<unknown>((resolve) => sm.once(event, resolve));

beforeAll(async () => {
  // apps.connections.open is Tier 1 (1 a minute): off here, reconnects would wait a minute otherwise.
  emu = await startTestEmulator({ seed: 'socket-mode', rateLimits: { enabled: false } });
  bot = clientFor(emu);
  channel = emu.control.createChannel({ name: 'incidents', botMember: true }).id;
  ts = (await bot.chat.postMessage({ channel, text: 'Error in checkout', blocks: BUTTON_BLOCKS }))
    .ts as string;
});

afterEach(async () => {
  for (const sm of clients.splice(0)) await sm.disconnect().catch(() => undefined);
  for (const ws of sockets.splice(0)) {
    // A refused handshake (401/403) has nothing to terminate.
    ws.on('error', () => undefined);
    if (ws.readyState === WebSocket.OPEN) ws.terminate();
  }
});

afterAll(async () => {
  await emu.close();
});

describe('apps.connections.open', () => {
  it('gives the app token a one-time ws:// URL on the emulator', async () => {
    const res = await rawCall(emu, 'apps.connections.open', { token: emu.appToken });
    expect(res.json['ok']).toBe(true);
    expect(String(res.json['url'])).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:${emu.port}/link/\\?ticket=[a-z0-9]{32}&app_id=A0EMULATOR$`),
    );
  });

  it('refuses bot tokens, missing, unknown and body tokens, and app tokens without connections:write', async () => {
    const code = async (token: string | null) =>
      ((await rejection(clientFor(emu, token).apps.connections.open({}))) as { data?: { error?: string } })
        .data?.error;
    expect(await code(emu.botToken)).toBe('not_allowed_token_type');
    expect(await code(null)).toBe('not_authed');
    expect(await code('xapp-1-A0EMULATOR-0000000000000-nope')).toBe('invalid_auth');
    const inBody = await rawCall(emu, 'apps.connections.open', {
      body: `token=${emu.appToken}`,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(inBody.json).toMatchObject({ ok: false, error: 'not_authed' });
    const noScope = emu.control.createToken({ kind: 'app', scopes: [] });
    expect(await code(noScope)).toBe('missing_scope');
    // The app token is refused by the other methods.
    expect(
      (
        (await rejection(clientFor(emu, emu.appToken).chat.postMessage({ channel, text: 'x' }))) as {
          data?: { error?: string };
        }
      ).data?.error,
    ).toBe('not_allowed_token_type');
  });

  it('is Tier 1 when rate limits are on: a second open within the minute gets 429', async () => {
    const limited = await startTestEmulator({ seed: 'socket-mode-limits' });
    try {
      expect((await rawCall(limited, 'apps.connections.open', { token: limited.appToken })).status).toBe(200);
      const second = await rawCall(limited, 'apps.connections.open', { token: limited.appToken });
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('the WebSocket endpoint', () => {
  it('sends hello first, with num_connections, debug_info and connection_info', async () => {
    const { first } = await rawSocket();
    expect(first).toMatchObject({
      type: 'hello',
      num_connections: 1,
      connection_info: { app_id: 'A0EMULATOR' },
    });
    expect(first['debug_info']).toMatchObject({
      host: expect.stringMatching(/^applink-/),
      build_number: expect.any(Number),
    });
    const second = await rawSocket();
    expect(second.first['num_connections']).toBe(2);
  });

  it('a URL works once; a foreign Host is refused', async () => {
    const open = await rawCall(emu, 'apps.connections.open', { token: emu.appToken });
    const url = String(open.json['url']);
    const first = new WebSocket(url);
    sockets.push(first);
    await new Promise((resolve) => first.once('open', resolve));
    const again = new WebSocket(url);
    sockets.push(again);
    const status = await new Promise((resolve) =>
      again.once('unexpected-response', (_req, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(401);
    const fresh = await rawCall(emu, 'apps.connections.open', { token: emu.appToken });
    const foreign = new WebSocket(String(fresh.json['url']), {
      headers: { host: `evil.example:${emu.port}` },
    });
    sockets.push(foreign);
    const refused = await new Promise((resolve) =>
      foreign.once('unexpected-response', (_req, res) => resolve(res.statusCode)),
    );
    expect(refused).toBe(403);
  });

  it('accepts an ack without payload (python-slack-sdk style)', async () => {
    const { ws } = await rawSocket();
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.envelope_id) ws.send(JSON.stringify({ envelope_id: frame.envelope_id }));
    });
    const record = await emu.control.interactivity.click({ channel, ts, actionId: 'ack' });
    expect(record.outcome).toBe('acked');
    expect(record.via).toBe('socket');
    expect('ackPayload' in record).toBe(false);
  });

  it('disconnect frames carry the reason; a client that stays is closed by the emulator 5 s later', async () => {
    const { ws } = await rawSocket();
    const frame = new Promise<Record<string, unknown>>((resolve) =>
      ws.once('message', (d) => resolve(JSON.parse(String(d)))),
    );
    const closed = new Promise<{ code: number; ms: number }>((resolve) => {
      const started = performance.now();
      ws.once('close', (code) => resolve({ code, ms: performance.now() - started }));
    });
    expect(emu.control.interactivity.disconnectSocket('warning')).toBe(1);
    expect(await frame).toEqual({
      type: 'disconnect',
      reason: 'warning',
      debug_info: { host: 'applink-emulator' },
    });
    const { code, ms } = await closed;
    expect(code).toBe(1001);
    expect(ms).toBeGreaterThanOrEqual(4990);
    expect(ms).toBeLessThan(6000);
    // The server side ends once the close handshake completes.
    await expect.poll(() => emu.control.interactivity.socketConnections()).toEqual([]);
  }, 15_000);

  it('the 11th connection is told too_many_websockets', async () => {
    for (let i = 0; i < 10; i++) await rawSocket();
    const { first } = await rawSocket();
    expect(first).toMatchObject({ type: 'disconnect', reason: 'too_many_websockets' });
  });
});

describe('SocketModeClient 3.1 against the emulator', () => {
  it('receives an interactive envelope with the block_actions payload and acks it', async () => {
    const sm = socketClient();
    const seen: Array<Record<string, unknown>> = [];
    sm.on(
      'interactive',
      async (args: {
        ack: (r?: unknown) => Promise<void>;
        body: unknown;
        envelope_id: string;
        accepts_response_payload: boolean;
      }) => {
        seen.push({ envelope_id: args.envelope_id, body: args.body, accepts: args.accepts_response_payload });
        await args.ack({ text: 'thanks' });
      },
    );
    await sm.start();
    const record = await emu.control.interactivity.click({ channel, ts, actionId: 'resolve', user: 'bob' });
    expect(record).toMatchObject({ outcome: 'acked', via: 'socket', ackPayload: { text: 'thanks' } });
    expect(record.ackMs).toBeLessThan(3000);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.['envelope_id']).toBe(record.envelopeId);
    expect(seen[0]?.['accepts']).toBe(false);
    expect(seen[0]?.['body']).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BOB0001', username: 'bob' },
      actions: [{ action_id: 'resolve', block_id: 'incident_actions', value: 'key-1' }],
      response_url: record.responseUrl,
    });
  });

  it('no ack within 3 s is recorded timed_out; the late ack is kept', async () => {
    const sm = socketClient();
    sm.on('interactive', async ({ ack }: { ack: () => Promise<void> }) => {
      setTimeout(() => void ack(), 3300);
    });
    await sm.start();
    const started = performance.now();
    const record = await emu.control.interactivity.click({ channel, ts, actionId: 'ack' });
    const waited = performance.now() - started;
    expect(record.outcome).toBe('timed_out');
    expect(waited).toBeGreaterThanOrEqual(2990);
    expect(waited).toBeLessThan(3290);
    await new Promise((r) => setTimeout(r, 600));
    const later = emu.control.interactivity.interactions().find((i) => i.id === record.id);
    expect(later?.lateMs).toBeGreaterThanOrEqual(3290);
  });

  it('reconnects after a disconnect the control API sends (refresh_requested), then gets the next click', async () => {
    const sm = socketClient();
    let received = 0;
    sm.on('interactive', async ({ ack }: { ack: () => Promise<void> }) => {
      received += 1;
      await ack();
    });
    await sm.start();
    const [before] = emu.control.interactivity.socketConnections();
    const reconnecting = once(sm, 'reconnecting');
    const told = await controlApi(emu, 'POST', 'socket/disconnect', { reason: 'refresh_requested' });
    expect(told.json).toEqual({ ok: true, told: 1 });
    await reconnecting;
    await once(sm, 'connected');
    const after = emu.control.interactivity.socketConnections();
    expect(after).toHaveLength(1);
    expect(after[0]?.id).not.toBe(before?.id);
    const record = await emu.control.interactivity.click({ channel, ts, actionId: 'ack' });
    expect(record).toMatchObject({ outcome: 'acked', connection: after[0]?.id });
    expect(received).toBe(1);
  }, 30_000);

  it('a forged frame goes to the client as is and its ack is recorded', async () => {
    const sm = socketClient();
    const bodies: unknown[] = [];
    sm.on('interactive', async ({ ack, body }: { ack: () => Promise<void>; body: unknown }) => {
      bodies.push(body);
      await ack();
    });
    await sm.start();
    const forged = {
      type: 'block_actions',
      team: { id: 'T0OTHER00' },
      actions: [{ action_id: 'drop_tables' }],
    };
    const res = await controlApi(emu, 'POST', 'socket/frames', {
      frame: {
        envelope_id: 'forged-1',
        type: 'interactive',
        payload: forged,
        accepts_response_payload: false,
      },
    });
    expect(res.json['interaction']).toMatchObject({
      kind: 'forged_socket',
      outcome: 'acked',
      envelopeId: 'forged-1',
    });
    expect(bodies).toEqual([forged]);
  });

  it('reports an unknown reason and no client honestly', async () => {
    expect((await controlApi(emu, 'POST', 'socket/disconnect', { reason: 'bored' })).status).toBe(400);
    expect((await controlApi(emu, 'POST', 'socket/disconnect', {})).json).toEqual({ ok: true, told: 0 });
    const res = await controlApi(emu, 'POST', 'socket/frames', { frame: { envelope_id: 'x' } });
    expect(res.json['interaction']).toMatchObject({ outcome: 'no_receiver' });
  });
});
