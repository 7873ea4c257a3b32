import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// By path, not as a package: a workspace dependency on test-support would be a cycle (it depends on the emulator).
import { emulatorInteractivity } from '../../../test-support/src/emulator-interactivity.js';
import { type EmulatorProcess, startEmulatorProcess } from '../../../test-support/src/emulator-process.js';

// test-support's interactivity client against the built bin in its own process, as the receiving side's
// tests use it (this file lives here because test-support has no Slack client of its own).

let emu: EmulatorProcess;
const bodies: Array<{ raw: string; signature: string; timestamp: string }> = [];
const app = createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => {
    raw += c.toString();
  });
  req.on('end', () => {
    bodies.push({
      raw,
      signature: String(req.headers['x-slack-signature']),
      timestamp: String(req.headers['x-slack-request-timestamp']),
    });
    res.writeHead(200).end();
  });
});

beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'interactivity-client', rateLimits: false });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
}, 30_000);

afterAll(async () => {
  await emu?.close();
  await new Promise((resolve) => app.close(resolve));
});

describe('emulatorInteractivity', () => {
  it('sets the request URL, clicks by HTTP (signed with the secret it reads) and lists the record', async () => {
    const control = emulatorInteractivity(emu.url);
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/interactions`;
    const config = await control.setApp({ requestUrl: url, signingSecret: 'client-secret' });
    expect(config).toMatchObject({ requestUrl: url, signingSecret: 'client-secret' });
    expect(config.appToken).toMatch(/^xapp-/);
    const slack = new WebClient(emu.botToken, {
      slackApiUrl: emu.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 5_000,
    });
    // chat:write.public: the bot posts in #general without joining it.
    const { ts } = await slack.chat.postMessage({
      channel: 'general',
      text: 'x',
      blocks: [
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Ack' } }],
        },
      ],
    });
    const record = await control.click({
      channel: 'general',
      ts: ts as string,
      actionId: 'ack',
      user: 'bob',
    });
    expect(record).toMatchObject({ outcome: 'acked', via: 'http', status: 200, user: 'U0BOB0001' });
    const got = bodies.at(-1);
    const expected = `v0=${createHmac('sha256', 'client-secret').update(`v0:${got?.timestamp}:${got?.raw}`).digest('hex')}`;
    expect(got?.signature).toBe(expected);
    expect((await control.interactions()).map((i) => i.id)).toContain(record.id);
    expect(await control.socketConnections()).toEqual([]);
    expect(await control.disconnectSocket()).toBe(0);
    await expect(control.click({ channel: 'general', ts: ts as string, actionId: 'nope' })).rejects.toThrow(
      /400 no button/,
    );
  });
});
