/**
 * What reaches Slack for an error too big to read, and for one just small enough: posted by the notifier
 * through the real WebClient to the emulator, each message is accepted as is and says what was trimmed.
 */

import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import type { SectionBlock } from '@slack/web-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { READ_MAX } from '../format/read-limit.js';
import { validateMessage } from '../format/validate-message.js';
import type { SlackMessage } from '../slack/gateway-types.js';
import { captureLogger } from '../test-support/capture-logger.js';
import { createNotifier } from './create-notifier.js';

let emu: SlackEmulator;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, seed: 'notify-bounded', rateLimits: { enabled: false } });
});
afterAll(async () => {
  await emu?.close();
});

const sections = (m: { blocks?: unknown[] }) =>
  (m.blocks ?? [])
    .filter((b): b is SectionBlock => (b as SectionBlock).type === 'section')
    .map((s) => s.text?.text ?? '');

it('a 2 MB stack, a 5 MB message and a 59 KB stack reach Slack as valid, trimmed messages that say so', async () => {
  const logger = captureLogger();
  const notifier = createNotifier({
    token: emu.botToken,
    channel: 'bounded-alerts',
    slackApiUrl: emu.apiUrl,
    perChannelPerSecond: 20,
    timeoutMs: 5_000,
    logger,
    autoStart: false,
    grouping: { match: 'off' },
  });
  const frame = '    at handle (/srv/app/src/handler.ts:10:20) <!channel>\n';
  const bigStack = new Error('checkout failed');
  bigStack.stack = `Error: checkout failed\n${frame.repeat(Math.ceil((2 * 1024 * 1024) / frame.length))}`;
  // V8 formats this one's stack itself: "Error: " + 5 MB + frames, never read either.
  const bigMessage = new Error(`payload rejected: ${'<@U1>'.repeat(1024 * 1024)}`);
  const readable = new Error('slow query');
  readable.stack = `Error: slow query\n${frame.repeat(Math.floor((READ_MAX - 100) / frame.length))}`;
  expect(readable.stack.length).toBeLessThanOrEqual(READ_MAX);

  const receipts = [bigStack, bigMessage, readable].map((error) => notifier.notify({ error }));
  await notifier.start();
  const outcomes = await Promise.all(receipts.map((r) => r.delivered));
  expect(outcomes.map((o) => o.status)).toEqual(['delivered', 'delivered', 'delivered']);

  const stored = emu.control.messages('bounded-alerts');
  expect(stored).toHaveLength(3);
  for (const m of stored) {
    expect(validateMessage({ text: m.text, blocks: m.blocks } as SlackMessage)).toEqual([]);
    expect(JSON.stringify(m).length).toBeLessThan(20_000);
  }
  const [a, b, c] = stored.map(sections);
  expect(a).toEqual([
    '*Error*: checkout failed',
    `_(stack not shown: ${(bigStack.stack.length).toLocaleString('en-US')} characters, more than the 60,000 the notifier reads)_`,
  ]);
  expect(b).toEqual([
    `*Error*: _(message not shown: ${(bigMessage.message.length).toLocaleString('en-US')} characters, more than the 60,000 the notifier reads)_`,
    expect.stringMatching(
      /^_\(stack not shown: [\d,]+ characters, more than the 60,000 the notifier reads\)_$/,
    ),
  ]);
  expect(stored[1]?.text).toContain('Error: (message not shown: 5,242,898 characters');
  // Read, and cut to the 3,000 a section holds: the code block stays closed and counts what it left out.
  expect(c?.[0]).toBe('*Error*: slow query');
  expect(c?.[1]?.length).toBeLessThanOrEqual(3_000);
  expect(c?.[1]).toMatch(/^```\nat handle \(\/srv\/app\/src\/handler\.ts:10:20\) &lt;!channel&gt;\n/);
  expect(c?.[1]).toMatch(/\n… \(truncated, [\d,]+ more characters\)\n```$/);
  expect(c?.[1]).not.toContain('<!channel>');
  expect(await notifier.close(2_000)).toBe(true);
  expect(notifier.stats()).toMatchObject({ accepted: 3, delivered: 3, dropped: 0 });
  expect(logger.lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
});
