/**
 * Scenario 12 against the emulator: fuzzed and huge payloads from `buildMessage` / `plainTextFallback`,
 * posted with the real WebClient, are all accepted (no `msg_too_long`, no `invalid_blocks`, no truncation
 * warning), and what the emulator stored has no unescaped ping or link token.
 */
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { LogLevel, WebClient } from '@slack/web-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../slack/gateway-types.js';
import type { Notification } from '../types.js';
import { buildMessage } from './build-message.js';
import { plainTextFallback } from './plain-text-fallback.js';
import { bigHostile, bigStack, notification } from './test-support/arbitraries.js';
import { allowedTokens, payloadProblems } from './test-support/mrkdwn-check.js';

let emu: SlackEmulator;
let slack: WebClient;
let channel: string;

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, rateLimits: { enabled: false } });
  channel = emu.control.createChannel({ name: 'format-fuzz', botMember: true }).id;
  slack = new WebClient(emu.botToken, {
    slackApiUrl: emu.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logLevel: LogLevel.ERROR,
  });
});
afterAll(() => emu.close());

function hasContent(n: Notification): boolean {
  return Boolean(
    n.text ||
      n.title ||
      n.error !== undefined ||
      n.deployment ||
      n.blocks?.length ||
      n.attachments?.length ||
      (Array.isArray(n.fields) ? n.fields.length : Object.keys(n.fields ?? {}).length),
  );
}

function samples(): Notification[] {
  const fuzzed = fc.sample(notification, { numRuns: 150, seed: 12 }).filter(hasContent);
  const huge = fc.sample(fc.tuple(bigStack, bigHostile), { numRuns: 4, seed: 12 }).map(([stack, big]) => {
    const error = new Error(big);
    error.stack = stack;
    return { title: big, text: big, error, fields: { big }, mention: 'here' as const };
  });
  return [...fuzzed, ...huge];
}

describe('scenario 12 against the emulator', () => {
  it('every fuzzed or huge payload is accepted as is and stored without unescaped tokens', async () => {
    const failures: string[] = [];
    const warnings: string[] = [];
    const problems: string[] = [];
    let posted = 0;
    for (const n of samples()) {
      const payloads: SlackMessage[] = [
        buildMessage(n, { droppedNotice: { count: 2 } }),
        plainTextFallback(n),
      ];
      for (const payload of payloads) {
        try {
          const res = await slack.chat.postMessage({ channel, ...payload });
          posted += 1;
          warnings.push(...(res.response_metadata?.warnings ?? []));
          const stored = emu.control.messages(channel).find((m) => m.ts === res.ts);
          expect(stored?.text).toBe(payload.text);
          const storedPayload = {
            text: stored?.text ?? '',
            blocks: stored?.blocks,
            attachments: stored?.attachments,
          };
          problems.push(...payloadProblems(storedPayload as SlackMessage, allowedTokens(n)));
        } catch (error) {
          const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
          failures.push(code);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(warnings).toEqual([]);
    expect(problems).toEqual([]);
    expect(posted).toBeGreaterThan(200);
  }, 300_000);

  it('the storm-counter update of a big message fits chat.update (4,000-character text)', async () => {
    const big = 'x<!channel>'.repeat(100_000);
    const n: Notification = { title: big, text: big, error: new Error(big) };
    const first = await slack.chat.postMessage({ channel, ...buildMessage(n) });
    const group = { count: 214, firstAt: Date.now() - 60_000, lastAt: Date.now(), windowMs: 600_000 };
    const res = await slack.chat.update({ channel, ts: first.ts ?? '', ...buildMessage(n, { group }) });
    expect(res.ok).toBe(true);
    const stored = emu.control.messages(channel).find((m) => m.ts === first.ts);
    expect(JSON.stringify(stored?.blocks)).toContain('×214 in the last 10 min');
    expect(payloadProblems({ text: stored?.text ?? '' }, [])).toEqual([]);
  });
});
