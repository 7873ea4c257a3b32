import { SocketModeClient } from '@slack/socket-mode';
import type { WebClient } from '@slack/web-api';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// By path, not as a package: a workspace dependency on test-support would be a cycle (it depends on the emulator).
import { requireBinary } from '../../../test-support/src/require-binary.js';
import type { SlackEmulator } from '../index.js';
import { type AppReceiver, BUTTON_BLOCKS, startAppReceiver } from '../test-support/app-receiver.js';
import { clientFor, startTestEmulator } from '../test-support/harness.js';

// The page's buttons in headless Chromium: "You are" picks the clicking user, a click sends the
// block_actions payload to the app (HTTP or Socket Mode), the app's response_url answers show up live.

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const noChromium = requireBinary('chromium');
const WAIT = { timeout: 10_000 };
const testid = (id: string) => `[data-testid="${id}"]`;

let emu: SlackEmulator;
let app: AppReceiver;
let client: WebClient;
let channel: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function payloadOf(raw: string): {
  user: { id: string; name: string };
  response_url: string;
  actions: Array<{ action_id: string; value?: string }>;
} {
  return JSON.parse(new URLSearchParams(raw).get('payload') ?? '{}');
}

const message = (ts: string) => page.locator(`${testid('messages')} ${testid('message')}[data-ts="${ts}"]`);

beforeAll(async () => {
  if (noChromium) return;
  app = await startAppReceiver();
  emu = await startTestEmulator({
    seed: 'page-interactivity',
    rateLimits: { enabled: false },
    app: { requestUrl: app.url },
  });
  client = clientFor(emu);
  channel = emu.control.createChannel({ name: 'incidents', botMember: true }).id;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('dialog', (d) => {
    pageErrors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(emu.url);
  await page.locator(`${testid('live-status')}[data-status="live"]`).waitFor(WAIT);
  await page.locator(`${testid('channel-item')}[data-channel-name="incidents"]`).click();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await emu?.close();
  await app?.close();
});

describe.skipIf(noChromium)('the page clicks buttons as the user it shows', { timeout: 40_000 }, () => {
  it('lists the workspace users in "You are"; a click on "Mute 1 h" sends the payload as that user', async () => {
    const names = await page.locator(`${testid('you-are')} option`).allTextContents();
    expect(names).toEqual(emu.control.info().users.map((u) => u.name));
    // The app answers at once, then updates the message and tells the clicker, through response_url.
    app.answer = (r) => {
      const p = payloadOf(r.rawBody);
      const post = (body: unknown) =>
        fetch(p.response_url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      void post({ replace_original: true, text: `Muted for 1 h by ${p.user.name}` }).then(() =>
        post({ text: `You muted ${p.actions[0]?.value} for 1 h` }),
      );
      return { status: 200 };
    };
    const ts = (await client.chat.postMessage({ channel, text: 'Error in checkout', blocks: BUTTON_BLOCKS }))
      .ts as string;
    await message(ts)
      .locator(`${testid('accessory')}[data-action-id="mute_1h"]`)
      .waitFor(WAIT);
    await page.locator(testid('you-are')).selectOption({ label: 'bob' });
    await message(ts)
      .locator(`${testid('accessory')}[data-action-id="mute_1h"]`)
      .click();
    await message(ts).locator(`:text("Muted for 1 h by bob")`).waitFor(WAIT);
    expect(app.received).toHaveLength(1);
    const p = payloadOf(app.received[0]?.rawBody ?? '');
    expect(p.user).toMatchObject({ id: 'U0BOB0001', name: 'bob' });
    expect(p.actions[0]).toMatchObject({ action_id: 'mute_1h', value: 'key-1' });
    // The buttons are gone with the replaced content, as in Slack.
    expect(await message(ts).locator(testid('accessory')).count()).toBe(0);
    // bob sees the ephemeral, alice does not.
    const ephemeral = page.locator(`${testid('messages')} ${testid('ephemeral')}`);
    await ephemeral.filter({ hasText: 'You muted key-1 for 1 h' }).waitFor(WAIT);
    expect(await ephemeral.locator(testid('ephemeral-note')).textContent()).toBe('Only visible to you');
    await page.locator(testid('you-are')).selectOption({ label: 'alice' });
    await expect.poll(() => ephemeral.count(), WAIT).toBe(0);
    const status = await page.locator(testid('control-status')).textContent();
    expect(status).toMatch(/sent by http: acked in \d+ ms/);
  });

  it('goes by Socket Mode when a client is connected, as the chosen user', async () => {
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
    const users: string[] = [];
    sm.on(
      'interactive',
      async ({ ack, body }: { ack: () => Promise<void>; body: { user: { id: string } } }) => {
        users.push(body.user.id);
        await ack();
      },
    );
    await sm.start();
    try {
      const ts = (await client.chat.postMessage({ channel, text: 'Error again', blocks: BUTTON_BLOCKS }))
        .ts as string;
      await page.locator(testid('you-are')).selectOption({ label: 'alice' });
      await message(ts)
        .locator(`${testid('accessory')}[data-action-id="ack"]`)
        .click();
      await expect.poll(() => users, WAIT).toEqual(['U0ALICE01']);
      await page.locator(`${testid('control-status')}:text-matches("sent by socket: acked")`).waitFor(WAIT);
      expect(app.received).toHaveLength(1);
    } finally {
      await sm.disconnect();
    }
  });

  it('button text, values and ids from a message cannot inject markup or script', async () => {
    const evil = '<img src=x onerror="alert(1)">';
    const ts = (
      await client.chat.postMessage({
        channel,
        text: 'evil',
        blocks: [
          {
            type: 'actions',
            block_id: '"><script>alert(2)</script>',
            elements: [
              {
                type: 'button',
                action_id: `x" onclick="alert(3)`,
                text: { type: 'plain_text', text: evil },
                value: evil,
              },
            ],
          },
        ],
      })
    ).ts as string;
    const button = message(ts).locator(testid('accessory'));
    await button.waitFor(WAIT);
    expect(await button.textContent()).toBe(evil);
    expect(await message(ts).locator('img, script').count()).toBe(0);
    expect(await button.getAttribute('onclick')).toBeNull();
    expect(await button.getAttribute('data-action-id')).toBe('x" onclick="alert(3)');
    expect(pageErrors).toEqual([]);
  });
});
