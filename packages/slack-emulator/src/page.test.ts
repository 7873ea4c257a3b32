import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ErrorCode, WebClient } from '@slack/web-api';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// By path, not as a package: a workspace dependency on test-support would be a cycle (it depends on the emulator).
import { requireBinary } from '../../test-support/src/require-binary.js';
import { type SlackEmulator, startSlackEmulator } from './index.js';

// The emulator's web page in headless Chromium (Debian's `chromium` package), driven by
// playwright-core, while the real WebClient talks to the same emulator.

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// Chromium is a system package (`.ci/run` installs it): without it this file skips and says why, and under
// CI=true it fails instead.
const noChromium = requireBinary('chromium');
const SCREENSHOT = fileURLToPath(new URL('../test-results/page.png', import.meta.url));
const WAIT = { timeout: 10_000 };

let emu: SlackEmulator;
let browser: Browser;
let page: Page;
let client: WebClient;
let channel: string;
const pageErrors: string[] = [];
/** ts of the rich message posted by the first test, reused by the later ones. */
let richTs = '';

const bot = () => emu.control.info().bot.userId;
const testid = (id: string) => `[data-testid="${id}"]`;
const message = (ts: string) => page.locator(`${testid('messages')} ${testid('message')}[data-ts="${ts}"]`);

/** Posts and returns the platform error code / class the WebClient reports. */
async function postFailure(
  text: string,
): Promise<{ code: string; error?: string; retryAfter?: number; status?: number }> {
  try {
    await client.chat.postMessage({ channel, text });
  } catch (err) {
    const e = err as { code: string; data?: { error?: string }; retryAfter?: number; statusCode?: number };
    return {
      code: e.code,
      ...(e.data?.error ? { error: e.data.error } : {}),
      ...(e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {}),
      ...(e.statusCode !== undefined ? { status: e.statusCode } : {}),
    };
  }
  throw new Error('expected chat.postMessage to fail');
}

beforeAll(async () => {
  // Rate limits off: the faults under test come from the page, not from posting fast.
  emu = await startSlackEmulator({ port: 0, seed: 'page-test', rateLimits: { enabled: false } });
  channel = emu.control.createChannel({ name: 'alerts', botMember: true }).id;
  emu.control.createChannel({ name: 'ops-private', isPrivate: true, botMember: true });
  emu.control.createChannel({ name: 'old-releases', archived: true });
  client = new WebClient(emu.botToken, {
    slackApiUrl: emu.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 5_000,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  await page.goto(emu.url);
  await page.locator(`${testid('live-status')}[data-status="live"]`).waitFor(WAIT);
  await page.locator(`${testid('channel-item')}[data-channel-name="alerts"]`).click();
  await page.locator(`${testid('channel-title')}:has-text("alerts")`).waitFor(WAIT);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await emu?.close();
});

describe.skipIf(noChromium)('emulator web page', { timeout: 40_000 }, () => {
  it('shows a WebClient message live, with Block Kit and an attachment colour bar', async () => {
    await page.evaluate(() => {
      (window as unknown as { noReload: boolean }).noReload = true;
    });
    const res = await client.chat.postMessage({
      channel,
      text: 'Error in api-server (fallback)',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Error in api-server' } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `*TypeError*: cannot read _id_ of ~null~ in \`getUser\`\n<!here> <@${bot()}> see <https://example.com/runbook?a=1&amp;b=2|the runbook>; literal &lt;!channel&gt; &amp; <img src=x onerror="window.xss=1">`,
          },
          accessory: { type: 'button', text: { type: 'plain_text', text: 'Open' }, action_id: 'open' },
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Service*\napi-server' },
            { type: 'mrkdwn', text: '*Environment*\nproduction' },
            { type: 'mrkdwn', text: '*Route*\nGET /users/:id' },
            { type: 'mrkdwn', text: '*Status*\n500' },
          ],
        },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'host web-1 · request id 7f3a' }] },
      ],
      attachments: [
        {
          color: 'danger',
          title: 'Stack trace',
          text: '```TypeError: x\n    at getUser (users.js:12:5)```',
          fields: [
            { title: 'Count', value: '12', short: true },
            { title: 'First seen', value: 'today', short: true },
          ],
          footer: 'backend-notifier',
        },
        { color: '#439FE0', text: 'a second attachment' },
      ],
      metadata: { event_type: 'notifier_alert', event_payload: { fingerprint: 'abc123' } },
    });
    richTs = res.ts ?? '';
    const msg = message(richTs);
    await msg.waitFor(WAIT);

    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    expect(await msg.locator(testid('message-sender')).textContent()).toBe('notifier');
    expect(await msg.locator(testid('message-time')).textContent()).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(await msg.locator(testid('block-header')).textContent()).toBe('Error in api-server');
    const text = msg.locator(testid('section-text')).first();
    expect(await text.locator('strong').first().textContent()).toBe('TypeError');
    expect(await text.locator('em').textContent()).toBe('id');
    expect(await text.locator('del').textContent()).toBe('null');
    expect(await text.locator(testid('md-code')).textContent()).toBe('getUser');
    expect(await text.locator('a').getAttribute('href')).toBe('https://example.com/runbook?a=1&b=2');
    expect(await text.locator('a').textContent()).toBe('the runbook');
    // Real mentions become pills; the escaped one stays literal text and never a (pinging) pill.
    expect(await text.locator(testid('mention')).allTextContents()).toEqual(['@here', '@notifier']);
    expect(await text.textContent()).toContain('literal <!channel> & <img src=x');
    expect(await msg.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { xss?: number }).xss)).toBeUndefined();
    expect(await msg.locator(testid('accessory')).textContent()).toBe('Open');
    expect(await msg.locator(testid('block-field')).count()).toBe(4);
    expect(
      await msg
        .locator(`${testid('block-field')} strong`)
        .first()
        .textContent(),
    ).toBe('Service');
    expect(await msg.locator(testid('block-divider')).count()).toBe(1);
    expect(await msg.locator(testid('block-context')).textContent()).toContain('request id 7f3a');

    const bars = msg.locator(testid('attachment-bar'));
    const colours = await bars.evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
    expect(colours).toEqual(['rgb(163, 2, 0)', 'rgb(67, 159, 224)']);
    const attachment = msg.locator(testid('attachment')).first();
    expect(await attachment.locator(testid('attachment-title')).textContent()).toBe('Stack trace');
    expect(await attachment.locator(testid('md-pre')).textContent()).toContain('at getUser (users.js:12:5)');
    expect(await attachment.locator(testid('attachment-field')).count()).toBe(2);
    expect(await attachment.locator(testid('attachment-footer')).textContent()).toBe('backend-notifier');

    expect(await msg.locator(testid('message-metadata')).textContent()).toBe('metadata: notifier_alert');

    const item = page.locator(`${testid('channel-item')}[data-channel-name="alerts"]`);
    expect(await item.locator(testid('channel-count')).textContent()).toBe('1');
    expect(
      await page
        .locator(`${testid('channel-item')}[data-channel-name="ops-private"] ${testid('channel-lock')}`)
        .count(),
    ).toBe(1);
    expect(
      await page
        .locator(`${testid('channel-item')}[data-channel-name="old-releases"] ${testid('channel-archived')}`)
        .textContent(),
    ).toBe('archived');
  });

  it('counts unread messages in channels not on screen', async () => {
    const other = emu.control.channels().find((c) => c.name === 'ops-private');
    await client.chat.postMessage({ channel: other?.id ?? '', text: 'quiet channel message' });
    const unread = page.locator(
      `${testid('channel-item')}[data-channel-name="ops-private"] ${testid('channel-unread')}`,
    );
    await unread.waitFor(WAIT);
    expect(await unread.textContent()).toBe('1');
  });

  it('makes the next WebClient post fail with a fault set from the page', async () => {
    await page.selectOption(testid('fault-method'), 'chat.postMessage');
    await page.fill(testid('fault-times'), '1');
    await page.selectOption(testid('fault-error-code'), 'not_in_channel');
    await page.click(testid('fault-error'));
    await page.locator(`${testid('fault-item')}:has-text("not_in_channel")`).waitFor(WAIT);
    expect(await postFailure('first')).toEqual({ code: ErrorCode.PlatformError, error: 'not_in_channel' });
    // times: 1, so the next call goes through and the fault leaves the list.
    await client.chat.postMessage({ channel, text: 'after the fault' });
    await page
      .locator(`${testid('fault-item')}:has-text("not_in_channel")`)
      .waitFor({ state: 'detached', ...WAIT });

    await page.fill(testid('fault-retry-after'), '7');
    await page.click(testid('fault-ratelimit'));
    await page.locator(`${testid('fault-item')}:has-text("429")`).waitFor(WAIT);
    expect(await postFailure('second')).toEqual({ code: ErrorCode.RateLimitedError, retryAfter: 7 });

    await page.selectOption(testid('fault-http-status'), '503');
    await page.click(testid('fault-http'));
    await page.locator(`${testid('fault-item')}:has-text("HTTP 503")`).waitFor(WAIT);
    expect(await postFailure('third')).toEqual({ code: ErrorCode.HTTPError, status: 503 });

    // An unlimited fault stays until "Clear faults".
    await page.fill(testid('fault-times'), '0');
    await page.selectOption(testid('fault-error-code'), 'invalid_auth');
    await page.click(testid('fault-error'));
    await page.locator(`${testid('fault-item')}:has-text("invalid_auth")`).waitFor(WAIT);
    expect((await postFailure('fourth')).error).toBe('invalid_auth');
    expect((await postFailure('fifth')).error).toBe('invalid_auth');
    await page.click(testid('clear-faults'));
    await page
      .locator(testid('fault-item'))
      .first()
      .waitFor({ state: 'detached', ...WAIT });
    await page.fill(testid('fault-times'), '1');
  });

  it('lists the calls in the request log, newest first', async () => {
    const rows = page.locator(testid('request-row'));
    const outcomes = async () => rows.locator(testid('req-outcome')).allTextContents();
    await expect
      .poll(outcomes, WAIT)
      .toEqual(expect.arrayContaining(['ok', 'not_in_channel', 'ratelimited', 'http_503', 'invalid_auth']));
    const seqs = (await rows.evaluateAll((els) =>
      els.map((el) => Number((el as HTMLElement).dataset['seq'])),
    )) as number[];
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(await rows.first().locator(testid('req-outcome')).textContent()).toBe('invalid_auth');
    const richRow = page.locator(`${testid('request-row')}:has(${testid('req-ts')}:text-is("${richTs}"))`);
    expect(await richRow.locator(testid('req-method')).textContent()).toBe('chat.postMessage');
    expect(await richRow.locator(testid('req-channel')).textContent()).toBe('#alerts');
    expect(await richRow.locator(testid('req-time')).textContent()).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
  });

  it('marks edits, counts thread replies, opens the thread and drops deleted messages', async () => {
    const plain = await client.chat.postMessage({ channel, text: 'Deploy *v1.4.0* started' });
    await client.chat.update({ channel, ts: plain.ts ?? '', text: 'Deploy *v1.4.0* finished' });
    const edited = message(plain.ts ?? '');
    await edited.locator(testid('edited')).waitFor(WAIT);
    expect(await edited.locator(testid('message-text')).textContent()).toBe(
      'Deploy v1.4.0 finished (edited)',
    );

    await client.chat.postMessage({ channel, thread_ts: richTs, text: 'seen again on web-2' });
    await client.chat.postMessage({
      channel,
      thread_ts: richTs,
      text: 'fixed in <https://example.com/pr/42|#42>',
    });
    const count = message(richTs).locator(testid('reply-count'));
    await expect.poll(() => count.textContent(), WAIT).toBe('2 replies');
    await message(richTs).locator(testid('thread-link')).click();
    const pane = page.locator(testid('thread-pane'));
    await pane.locator(testid('thread-reply')).nth(1).waitFor(WAIT);
    expect(await pane.locator(testid('thread-reply')).allTextContents()).toEqual([
      expect.stringContaining('seen again on web-2'),
      expect.stringContaining('fixed in #42'),
    ]);
    await page.screenshot({ path: SCREENSHOT.replace('page.png', 'page-thread.png') });
    // Replies stay in the thread, not in the channel list.
    expect(await page.locator(`${testid('messages')} :text("seen again on web-2")`).count()).toBe(0);

    const doomed = await client.chat.postMessage({ channel, text: 'this one gets deleted' });
    await message(doomed.ts ?? '').waitFor(WAIT);
    await client.chat.delete({ channel, ts: doomed.ts ?? '' });
    await message(doomed.ts ?? '').waitFor({ state: 'detached', ...WAIT });
  });

  it('shows a broadcast reply in the channel and its thread, under the name and emoji the post set', async () => {
    const custom = new WebClient(
      emu.control.createToken({ scopes: ['chat:write', 'chat:write.customize'] }),
      {
        slackApiUrl: emu.apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: 5_000,
      },
    );
    const root = await client.chat.postMessage({ channel, text: 'Deploy v2.0.0 started' });
    const quiet = await client.chat.postMessage({ channel, thread_ts: root.ts ?? '', text: 'canary at 10%' });
    const loud = await custom.chat.postMessage({
      channel,
      thread_ts: root.ts ?? '',
      reply_broadcast: true,
      text: 'canary failing: rolling back',
      username: 'Deploy bot',
      icon_emoji: ':rocket:',
    });
    const shown = message(loud.ts ?? '');
    await shown.waitFor(WAIT);
    expect(await shown.locator(testid('message-sender')).textContent()).toBe('Deploy bot');
    expect(await shown.locator(testid('avatar')).textContent()).toBe('🚀');
    expect(await shown.locator(testid('broadcast-context')).textContent()).toBe(
      'replied to a thread: Deploy v2.0.0 started',
    );
    expect(
      await message(root.ts ?? '')
        .locator(testid('reply-count'))
        .textContent(),
    ).toBe('2 replies');
    // The plain reply stays in the thread only.
    expect(await message(quiet.ts ?? '').count()).toBe(0);

    await shown.locator(testid('broadcast-context')).click();
    const replies = page.locator(`${testid('thread-pane')} ${testid('thread-reply')}`);
    await replies.nth(1).waitFor(WAIT);
    expect(await replies.allTextContents()).toEqual([
      expect.stringContaining('canary at 10%'),
      expect.stringContaining('canary failing: rolling back'),
    ]);
    expect(await replies.nth(0).locator(testid('also-sent')).count()).toBe(0);
    expect(await replies.nth(1).locator(testid('also-sent')).textContent()).toBe('Also sent to the channel');
    expect(await replies.nth(1).locator(testid('message-sender')).textContent()).toBe('Deploy bot');
    await page.screenshot({ path: SCREENSHOT.replace('page.png', 'page-broadcast.png') });
  });

  it('renders mrkdwn edge cases as Slack does, without ever creating markup from the text', async () => {
    const cases: Array<[string, string]> = [
      [
        '*b* _i_ ~s~',
        '<strong class="md-bold">b</strong> <em class="md-italic">i</em> <del class="md-strike">s</del>',
      ],
      ['*bold _both_*', '<strong class="md-bold">bold <em class="md-italic">both</em></strong>'],
      ['snake_case_name 2*3*4', 'snake_case_name 2*3*4'],
      ['`*not bold*`', '<code class="md-code" data-testid="md-code">*not bold*</code>'],
      ['<javascript:alert(1)|click>', '&lt;javascript:alert(1)|click&gt;'],
      ['&lt;b&gt;x&lt;/b&gt; &amp;amp;', '&lt;b&gt;x&lt;/b&gt; &amp;amp;'],
      ['> quoted\nplain', '<blockquote class="md-quote" data-testid="md-quote">quoted</blockquote>plain'],
      ['```a\n<b>```', '<pre class="md-pre" data-testid="md-pre">a\n&lt;b&gt;</pre>'],
      [
        '<mailto:a@example.com|mail me>',
        '<a class="md-link" href="mailto:a@example.com" target="_blank" rel="noopener noreferrer">mail me</a>',
      ],
      [
        '<!date^1392734382^{date}|Feb 18> <!subteam^S1|@oncall>',
        'Feb 18 <span class="mention" data-testid="mention">@oncall</span>',
      ],
    ];
    // A string, not a function: the test transform would rewrite a dynamic import() in a function body.
    const html = (await page.evaluate(`(async (inputs) => {
      const { renderMrkdwn } = await import('/static/mrkdwn.js');
      const ctx = { userName: () => undefined, channelName: () => undefined };
      return inputs.map((input) => {
        const div = document.createElement('div');
        div.appendChild(renderMrkdwn(input, ctx));
        return div.innerHTML;
      });
    })(${JSON.stringify(cases.map(([input]) => input))})`)) as string[];
    expect(html).toEqual(cases.map(([, expected]) => expected));
  });

  it('writes a screenshot of the page', async () => {
    await page.locator(testid('thread-close')).click();
    await page.locator(testid('thread-pane')).waitFor({ state: 'hidden', ...WAIT });
    mkdirSync(new URL('../test-results/', import.meta.url), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(30_000);
  });

  it('keeps up with a burst of posts without a reload', async () => {
    const burst = emu.control.createChannel({ name: 'burst', botMember: true }).id;
    await page.locator(`${testid('channel-item')}[data-channel-name="burst"]`).click();
    await page.locator(`${testid('channel-title')}:has-text("burst")`).waitFor(WAIT);
    const n = 150;
    const started = Date.now();
    const sent = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        client.chat.postMessage({ channel: burst, text: `burst message ${i}` }),
      ),
    );
    const allPosted = Date.now();
    const count = page.locator(
      `${testid('channel-item')}[data-channel-name="burst"] ${testid('channel-count')}`,
    );
    await expect.poll(() => count.textContent(), WAIT).toBe(String(n));
    await message(sent[n - 1]?.ts ?? '').waitFor(WAIT);
    const shown = Date.now();
    console.info(
      `page: ${n} posts in ${allPosted - started} ms, all on the page ${shown - allPosted} ms after the last answer`,
    );
    expect(await page.locator(`${testid('messages')} ${testid('message')}`).count()).toBe(n);
    await page.locator(`${testid('channel-item')}[data-channel-name="alerts"]`).click();
  });

  it('keeps a deleted thread parent as a tombstone while it has replies', async () => {
    await client.chat.delete({ channel, ts: richTs });
    const parent = message(richTs);
    await parent.locator('.message-tombstone').waitFor(WAIT);
    expect(await parent.textContent()).toContain('This message was deleted.');
    expect(await parent.locator(testid('reply-count')).textContent()).toBe('2 replies');
    expect(await parent.locator(testid('block-header')).count()).toBe(0);
  });

  it('archives the channel, removes the bot and revokes the token from the page', async () => {
    await page.click(testid('archive-channel'));
    await page.locator(testid('archived-banner')).waitFor(WAIT);
    expect(emu.control.channel(channel)?.isArchived).toBe(true);
    expect((await postFailure('to an archived channel')).error).toBe('is_archived');
    await page.click(testid('archive-channel'));
    await page.locator(testid('archived-banner')).waitFor({ state: 'detached', ...WAIT });

    await page.click(testid('remove-bot'));
    await page.locator(`${testid('bot-membership')}:text-is("bot is not a member")`).waitFor(WAIT);
    expect(emu.control.channel(channel)?.members).not.toContain(bot());
    await page.click(testid('remove-bot'));
    await page.locator(`${testid('bot-membership')}:text-is("bot is a member")`).waitFor(WAIT);
    expect(emu.control.channel(channel)?.members).toContain(bot());
    await client.chat.postMessage({ channel, text: 'back in' });

    const limits = page.locator(testid('rate-limits-enabled'));
    expect(await limits.isChecked()).toBe(false);
    await limits.check();
    await expect.poll(() => emu.control.rateLimits().enabled, WAIT).toBe(true);
    await limits.uncheck();
    await expect.poll(() => emu.control.rateLimits().enabled, WAIT).toBe(false);

    await page.fill(testid('new-channel-name'), 'made-on-the-page');
    await page.check(testid('new-channel-private'));
    await page.click(`${testid('create-channel')} button[type="submit"]`);
    await page
      .locator(`${testid('channel-item')}[data-channel-name="made-on-the-page"] ${testid('channel-lock')}`)
      .waitFor(WAIT);
    expect(emu.control.channel('made-on-the-page')?.isPrivate).toBe(true);

    await page.click(testid('revoke-token'));
    await page.locator(`${testid('control-status')}:has-text("revoked")`).waitFor(WAIT);
    expect((await postFailure('after revoke')).error).toBe('token_revoked');

    // Reset: back to the initial workspace (#general only), no faults, an empty request log.
    await page.click(testid('reset-emulator'));
    const names = () => page.locator(testid('channel-name')).allTextContents();
    await expect.poll(names, WAIT).toEqual(['general']);
    await expect.poll(() => page.locator(testid('request-row')).count(), WAIT).toBe(0);
    expect(await page.locator(testid('fault-item')).count()).toBe(0);
    const general = emu.control.channels()[0]?.id ?? '';
    const after = await client.chat.postMessage({ channel: general, text: 'after the reset' });
    await message(after.ts ?? '').waitFor(WAIT);
    expect(pageErrors).toEqual([]);
  });
});
