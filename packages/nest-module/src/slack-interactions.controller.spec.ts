import 'reflect-metadata';
import { actionButtons, type InteractionActions } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendNotifierModule } from './backend-notifier.module.js';
import { SlackInteractionsHost } from './slack-interactions.host.js';
import { emulatorOptions, quiet } from './test-support/nest-harness.js';

const KEY = 'err:nest';
let emu: SlackEmulator;
let channelId: string;
let ts: string;

beforeAll(async () => {
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
});
afterAll(async () => {
  await emu?.close();
});

function recording() {
  const calls: string[] = [];
  const actions: InteractionActions = {
    acknowledge: (key, by) => void calls.push(`acknowledge ${key} ${by.userId}`),
    mute: (key, forMs, by) => void calls.push(`mute ${key} ${forMs} ${by.userId}`),
    unmute: (key, by) => void calls.push(`unmute ${key} ${by.userId}`),
    resolve: (key, by) => void calls.push(`resolve ${key} ${by.userId}`),
  };
  return { calls, actions };
}

async function bootApp(opts: { rawBody: boolean; controller: boolean; appToken?: string }) {
  const { calls, actions } = recording();
  const moduleRef = await Test.createTestingModule({
    imports: [
      BackendNotifierModule.forRoot({
        notifier: emulatorOptions(emu, 'alerts'),
        reportExceptions: false,
        interactionsController: opts.controller,
        interactions: {
          actions,
          signingSecret: emu.signingSecret,
          teamId: emu.control.info().teamId,
          appId: emu.control.interactivity.app().appId,
          token: emu.botToken,
          slackApiUrl: emu.apiUrl,
          logger: quiet,
          ...(opts.appToken ? { appToken: opts.appToken } : {}),
        },
      }),
    ],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false, rawBody: opts.rawBody });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const host = app.get(SlackInteractionsHost);
  return { app, url, calls, host };
}

const click = (user: string, actionId: string, via: 'http' | 'socket') =>
  emu.control.interactivity.click({ channel: channelId, ts, actionId, user, via });

describe('SlackInteractionsController (HTTP)', () => {
  it('verifies a click on the raw body Nest keeps ({ rawBody: true }), acks, then acts; refuses a forgery', async () => {
    const { app, url, calls, host } = await bootApp({ rawBody: true, controller: true });
    try {
      emu.control.interactivity.setApp({ requestUrl: `${url}/slack/interactions` });
      const record = await click('alice', 'mute_1h', 'http');
      expect(record).toMatchObject({ outcome: 'acked', status: 200, ackBody: '' });
      expect(record.ackMs).toBeLessThan(3000);
      await host.interactions?.idle();
      expect(calls).toEqual([`mute ${KEY} 3600000 U0ALICE01`]);
      const forged = await emu.control.interactivity.forge({ replay: record.id });
      expect(forged.status).toBe(401);
      expect((await click('mallory', 'resolve', 'http')).status).toBe(200);
      await host.interactions?.idle();
      expect(calls).toHaveLength(1);
      expect(host.interactions?.stats().refused).toEqual({ replayed: 1, not_allowed: 1 });
    } finally {
      await app.close();
    }
  });

  it("refuses 500 body_unavailable when Nest's body parser consumed the body (no rawBody option)", async () => {
    const { app, url, calls, host } = await bootApp({ rawBody: false, controller: true });
    try {
      emu.control.interactivity.setApp({ requestUrl: `${url}/slack/interactions` });
      expect(await click('alice', 'acknowledge', 'http')).toMatchObject({ outcome: 'refused', status: 500 });
      expect(calls).toEqual([]);
      expect(host.interactions?.stats().refused).toEqual({ body_unavailable: 1 });
    } finally {
      await app.close();
    }
  });
});

describe('Socket Mode from the module (interactions.appToken)', () => {
  it('connects on init, acks and acts on a click, and app.close() closes the socket', async () => {
    const { app, calls, host } = await bootApp({ rawBody: false, controller: false, appToken: emu.appToken });
    let closed = false;
    try {
      expect(emu.control.interactivity.socketConnections()).toHaveLength(1);
      const record = await click('alice', 'resolve', 'socket');
      expect(record).toMatchObject({ via: 'socket', outcome: 'acked' });
      await host.interactions?.idle();
      expect(calls).toEqual([`resolve ${KEY} U0ALICE01`]);
      const t0 = Date.now();
      await app.close();
      closed = true;
      expect(Date.now() - t0).toBeLessThan(5000 + 250);
      await new Promise((r) => setTimeout(r, 100));
      expect(emu.control.interactivity.socketConnections()).toEqual([]);
    } finally {
      if (!closed) await app.close();
    }
  });
});
