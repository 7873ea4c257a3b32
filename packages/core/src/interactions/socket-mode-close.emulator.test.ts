/**
 * The Socket Mode receiver's close(), as a user's process lives it: a script in a child process that
 * nothing else keeps alive (ESM and CommonJS) connects to an emulator in another process, acts on one
 * click, closes, and must then end by itself. Counted from the Slack side: the click acked, the socket gone.
 * Runs the built package (`pnpm test` builds first).
 */
import { fileURLToPath } from 'node:url';
import {
  type EmulatorInteractivityClient,
  type EmulatorProcess,
  emulatorInteractivity,
  startEmulatorProcess,
  startNode,
} from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionButtons } from './action-buttons.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const CLOSE_MS = 1000;
/** core's close bound (close(ms) + 250 ms), then the process gone: what the scenario 13 tests allow. */
const EXIT_AFTER_CLOSE_MS = 250 + 500;

let emu: EmulatorProcess;
let control: EmulatorInteractivityClient;
let teamId: string;
let channelId: string;

beforeAll(async () => {
  // Tier 1 apps.connections.open: limits off, so two runs in a row do not wait a minute.
  emu = await startEmulatorProcess({ seed: 'socket-close', rateLimits: false });
  control = emulatorInteractivity(emu.url);
  const api = async (method: string, body: unknown) =>
    (await (
      await fetch(`${emu.apiUrl}${method}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${emu.botToken}`,
          'content-type': 'application/json; charset=utf-8',
        },
        body: JSON.stringify(body),
      })
    ).json()) as Record<string, unknown>;
  teamId = (await api('auth.test', {}))['team_id'] as string;
  channelId = ((await api('conversations.create', { name: 'socket-close' }))['channel'] as { id: string }).id;
});
afterAll(async () => {
  await emu?.close();
});

function script(kind: 'esm' | 'cjs'): string {
  const body = `
  const env = process.env;
  const calls = [];
  const record = (name) => (key, ...rest) => { calls.push([name, key, rest.at(-1).userId]); };
  const actions = { acknowledge: record('acknowledge'), mute: record('mute'), unmute: record('unmute'), resolve: record('resolve') };
  const interactions = createSlackInteractions({
    actions, teamId: env.TEAM_ID, appId: env.APP_ID, slackApiUrl: env.API_URL, allow: { users: [env.ALLOWED_USER] },
  });
  const receiver = await startSocketModeReceiver(interactions, { appToken: env.APP_TOKEN, slackApiUrl: env.API_URL });
  console.log('connected');
  while (interactions.stats().acted === 0) await new Promise((r) => setTimeout(r, 20));
  console.log('acted ' + JSON.stringify(calls));
  const t0 = Date.now();
  await Promise.all([receiver.close(${CLOSE_MS}), interactions.close(${CLOSE_MS})]);
  console.log('closed ' + (Date.now() - t0));
`;
  return kind === 'esm'
    ? `import { createSlackInteractions, startSocketModeReceiver } from '@backend-notifier/core';\n${body}`
    : `const { createSlackInteractions, startSocketModeReceiver } = require('@backend-notifier/core');\n(async () => {${body}})();\n`;
}

describe('Socket Mode receiver close() in a child process', () => {
  for (const kind of ['esm', 'cjs'] as const) {
    it(`${kind}: acts on a click, closes within its bound and the process ends by itself`, async () => {
      const app = await control.app();
      const key = `err:${kind}`;
      const posted = (await (
        await fetch(`${emu.apiUrl}chat.postMessage`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${emu.botToken}`,
            'content-type': 'application/json; charset=utf-8',
          },
          body: JSON.stringify({ channel: channelId, text: 'boom', blocks: [actionButtons({ key })] }),
        })
      ).json()) as { ts: string };
      const child = startNode({
        dir: packageDir,
        kind,
        source: script(kind),
        env: {
          TEAM_ID: teamId,
          APP_ID: app.appId,
          APP_TOKEN: app.appToken,
          ALLOWED_USER: 'U0ALICE01',
          API_URL: emu.apiUrl,
        },
        unsetEnv: /^SLACK_/,
        timeoutMs: 30_000,
      });
      let exitAt = 0;
      child.proc.once('exit', () => {
        exitAt = Date.now();
      });
      await child.waitForLine(/^connected$/, 20_000);
      const click = await control.click({
        channel: channelId,
        ts: posted.ts,
        actionId: 'mute_24h',
        user: 'alice',
        via: 'socket',
      });
      expect(click).toMatchObject({ via: 'socket', outcome: 'acked' });
      expect(click.ackMs).toBeLessThan(3000);
      const closedLine = await child.waitForLine(/^closed \d+$/, 20_000);
      const closedAt = Date.now();
      const run = await child.exited;
      expect(run.timedOut).toBe(false);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`acted [["mute","${key}","`);
      expect(Number(closedLine.split(' ')[1])).toBeLessThanOrEqual(CLOSE_MS + 250);
      expect(exitAt - closedAt).toBeLessThan(EXIT_AFTER_CLOSE_MS);
      expect(await control.socketConnections()).toEqual([]);
      expect(run.stdout).not.toContain(app.appToken);
      console.info(
        `socket mode ${kind}: ack ${click.ackMs} ms, close ${closedLine.split(' ')[1]} ms, exit ${exitAt - closedAt} ms after`,
      );
    }, 60_000);
  }
});
