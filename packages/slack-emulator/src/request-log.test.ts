import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackEmulator } from './index.js';
import { clientFor, rejection, startTestEmulator } from './test-support/harness.js';

let emu: SlackEmulator;
let channel: string;
beforeAll(async () => {
  emu = await startTestEmulator({ rateLimits: { postMessage: { perSecond: 1, burst: 1 } } });
  channel = emu.control.createChannel({ name: 'logged', botMember: true }).id;
});
afterAll(() => emu.close());

describe('request log', () => {
  it('records time, method, channel, outcome, status, ts, text, metadata and thread for every call', async () => {
    emu.control.clearRequestLog();
    const slack = clientFor(emu);
    const before = Date.now();
    const metadata = { event_type: 'alert_posted', event_payload: { k: 'v' } };
    const posted = await slack.chat.postMessage({ channel, text: 'first', metadata });
    await rejection(slack.chat.postMessage({ channel, text: 'second', thread_ts: posted.ts as string }));
    await rejection(slack.conversations.info({ channel: 'C0NOTHERE0' }));
    const log = emu.control.requestLog();
    expect(log).toHaveLength(3);
    expect(log[0]).toMatchObject({
      method: 'chat.postMessage',
      channel,
      outcome: 'ok',
      status: 200,
      ts: posted.ts,
      text: 'first',
      metadata,
      token: 'tok_1',
    });
    expect(log[0]?.at).toBeGreaterThanOrEqual(before - 5);
    expect(log[0]?.doneAt).toBeGreaterThanOrEqual(log[0]?.at as number);
    expect(log[1]).toMatchObject({
      method: 'chat.postMessage',
      channel,
      outcome: 'ratelimited',
      status: 429,
    });
    expect(log[2]).toMatchObject({ method: 'conversations.info', outcome: 'channel_not_found', status: 200 });
    expect(log.map((e) => e.seq)).toEqual([...log.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('never contains a token string', async () => {
    const token = emu.control.createToken({ scopes: ['chat:write'] });
    await clientFor(emu, token).auth.test();
    await rejection(clientFor(emu, 'xoxb-unknown-secret').auth.test());
    const text = JSON.stringify(emu.control.requestLog());
    expect(text).not.toContain(token);
    expect(text).not.toContain(emu.botToken);
    expect(text).not.toContain('xoxb-');
    expect(emu.control.requestLog().at(-2)?.token).toMatch(/^tok_\d+$/);
  });

  it('since returns only newer entries; clear empties the log', async () => {
    const last = emu.control.requestLog().at(-1)?.seq as number;
    await clientFor(emu).auth.test();
    const newer = emu.control.requestLog(last);
    expect(newer).toHaveLength(1);
    expect(newer[0]?.method).toBe('auth.test');
    emu.control.clearRequestLog();
    expect(emu.control.requestLog()).toEqual([]);
  });

  it('emits a change event per request', async () => {
    const events: unknown[] = [];
    const listener = (e: unknown) => events.push(e);
    emu.control.events.on('change', listener);
    try {
      await clientFor(emu).auth.test();
      expect(events).toContainEqual({ type: 'request' });
    } finally {
      emu.control.events.off('change', listener);
    }
  });

  it('counts open connections and their peak (socket-growth checks)', async () => {
    const local = await startTestEmulator({ rateLimits: { enabled: false } });
    try {
      const channel = local.control.createChannel({ name: 'sockets', botMember: true }).id;
      local.control.addFault({ method: 'chat.postMessage', action: { type: 'hang', ms: 300 } });
      const slack = clientFor(local);
      await Promise.all(
        Array.from({ length: 5 }, (_, i) => slack.chat.postMessage({ channel, text: `h${i}` })),
      );
      const stats = local.control.connections();
      expect(stats.peak).toBeGreaterThanOrEqual(5);
      expect(stats.open).toBeLessThanOrEqual(stats.peak);
      // The control request itself may open one more connection.
      const viaHttp = (await fetch(`${local.url}_emulator/connections`).then((r) => r.json())) as {
        connections: { open: number; peak: number };
      };
      expect(viaHttp.connections.peak).toBeGreaterThanOrEqual(stats.peak);
      expect(viaHttp.connections.open).toBeGreaterThanOrEqual(1);
    } finally {
      await local.close();
    }
  });
});
