import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../test-support/capture-logger.js';
import { actionButtons } from './action-buttons.js';
import { createSlackInteractions, type SlackInteractions } from './create-slack-interactions.js';
import { type SocketModeReceiver, startSocketModeReceiver } from './socket-mode-receiver.js';
import { recordingActions } from './test-support/recording-actions.js';

const KEY = 'err:TypeError:checkout';
let emu: SlackEmulator;
let channelId: string;
let ts: string;
let interactions: SlackInteractions;
let receiver: SocketModeReceiver;
const recorded = recordingActions();
const log = captureLogger();

beforeAll(async () => {
  // apps.connections.open is Tier 1 (1 a minute): limits off so the reconnect does not wait a minute.
  emu = await startSlackEmulator({ port: 0, rateLimits: { enabled: false } });
  emu.control.seed({
    users: [
      { id: 'U0ALICE01', name: 'alice', realName: 'Alice' },
      { id: 'U0MALLORY', name: 'mallory', realName: 'Mallory' },
    ],
    channels: [{ name: 'alerts', botMember: true, members: ['U0ALICE01'] }],
  });
  channelId = emu.control.channel('alerts')?.id as string;
  const res = await fetch(`${emu.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ channel: channelId, text: 'boom', blocks: [actionButtons({ key: KEY })] }),
  });
  ts = ((await res.json()) as { ts: string }).ts;
  interactions = createSlackInteractions({
    actions: recorded.actions,
    teamId: emu.control.info().teamId,
    appId: emu.control.interactivity.app().appId,
    token: emu.botToken,
    slackApiUrl: emu.apiUrl,
    logger: log,
  });
  receiver = await startSocketModeReceiver(interactions, {
    appToken: emu.appToken,
    slackApiUrl: emu.apiUrl,
    logger: log,
  });
});
afterAll(async () => {
  await receiver?.close(1000);
  await emu?.close();
});

const click = (user: string, actionId: string) =>
  emu.control.interactivity.click({ channel: channelId, ts, actionId, user, via: 'socket' });

describe('startSocketModeReceiver against the emulator (@slack/socket-mode 3.1)', () => {
  it('acks the envelope within 3 s and then acts', async () => {
    const record = await click('alice', 'acknowledge');
    expect(record).toMatchObject({ via: 'socket', outcome: 'acked' });
    expect(record.ackMs).toBeLessThan(3000);
    await interactions.idle();
    expect(recorded.calls.map((c) => [c.action, c.key, c.by.userId])).toEqual([
      ['acknowledge', KEY, 'U0ALICE01'],
    ]);
  });

  it('acks but changes nothing for a user who may not act, a wrong team or an unknown action; each counted', async () => {
    recorded.calls.length = 0;
    const before = interactions.stats();
    expect(await click('mallory', 'resolve')).toMatchObject({ outcome: 'acked' });
    const genuine = emu.control.interactivity.interactions().at(-1);
    expect(genuine?.via).toBe('socket');
    const payload = {
      type: 'block_actions',
      team: { id: 'T0OTHER', domain: 'x' },
      user: { id: 'U0ALICE01', username: 'alice', team_id: 'T0OTHER' },
      api_app_id: emu.control.interactivity.app().appId,
      container: { type: 'message', message_ts: ts, channel_id: channelId },
      actions: [{ type: 'button', action_id: 'resolve', value: KEY }],
    };
    const frame = (p: unknown) => ({
      envelope_id: `e-${Math.random()}`,
      type: 'interactive',
      payload: p,
      accepts_response_payload: false,
    });
    expect(await emu.control.interactivity.sendSocketFrame({ frame: frame(payload) })).toMatchObject({
      outcome: 'acked',
    });
    const unknown = {
      ...payload,
      team: { id: emu.control.info().teamId },
      actions: [{ type: 'button', action_id: 'drop', value: KEY }],
    };
    expect(await emu.control.interactivity.sendSocketFrame({ frame: frame(unknown) })).toMatchObject({
      outcome: 'acked',
    });
    await interactions.idle();
    expect(recorded.calls).toEqual([]);
    const after = interactions.stats();
    expect((after.refused.not_allowed ?? 0) - (before.refused.not_allowed ?? 0)).toBe(1);
    expect((after.refused.wrong_team ?? 0) - (before.refused.wrong_team ?? 0)).toBe(1);
    expect((after.refused.unknown_action ?? 0) - (before.refused.unknown_action ?? 0)).toBe(1);
    expect(emu.control.interactivity.ephemerals({ user: 'U0MALLORY' }).at(-1)?.text).toMatch(/not allowed/);
  });

  it("reconnects (the SDK's reconnect) after Slack's disconnect and keeps receiving", async () => {
    recorded.calls.length = 0;
    expect(emu.control.interactivity.disconnectSocket('refresh_requested')).toBe(1);
    const deadline = Date.now() + 15_000;
    // The old connection closes, then @slack/socket-mode waits clientPingTimeout (5 s) and opens a new one.
    await new Promise((r) => setTimeout(r, 200));
    while (emu.control.interactivity.socketConnections().length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(emu.control.interactivity.socketConnections()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(await click('alice', 'mute_1h')).toMatchObject({ via: 'socket', outcome: 'acked' });
    await interactions.idle();
    expect(recorded.calls.map((c) => [c.action, c.forMs])).toEqual([['mute', 3_600_000]]);
  }, 30_000);

  it('logs neither the app token, the bot token nor a response_url', () => {
    const text = log.text();
    expect(text).not.toContain(emu.appToken);
    expect(text).not.toContain(emu.botToken);
    expect(text).not.toContain('/actions/');
  });

  it('refuses a token that is not an app token', async () => {
    await expect(startSocketModeReceiver(interactions, { appToken: emu.botToken })).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });
});
