/**
 * What the worker learns from pino and from its options, in a real pino worker thread (child Node process,
 * emulator in another process): custom levels, messageKey and errorKey from pino's configuration, pino's
 * redact, the threshold, priorities, our redaction and routes from the options; bad options fail at start
 * with a clear error that never shows the token. Runs the built package (`pnpm test` builds first).
 */
import { fileURLToPath } from 'node:url';
import { type EmulatorProcess, runNode, startEmulatorProcess } from '@backend-notifier/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const CANARY = 'xoxb-CANARY-0000-never-shown';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await startEmulatorProcess({ seed: 'pino-options', rateScale: 20 });
});
afterAll(async () => {
  await emu?.close();
});

function run(source: string) {
  return runNode({
    dir: packageDir,
    source,
    env: { SLACK_BOT_TOKEN: emu.botToken, SLACK_API_URL: emu.apiUrl },
    timeoutMs: 30_000,
  });
}

describe('pino worker transport options', () => {
  it("learns pino's custom levels, messageKey and errorKey; pino's redact and ours both apply", async () => {
    const result = await run(`
import pino from 'pino';
const transport = pino.transport({
  target: '@backend-notifier/pino-transport',
  options: {
    token: process.env.SLACK_BOT_TOKEN,
    channel: 'pino-opts-default',
    routes: { audit: 'pino-opts-audit' },
    route: 'audit',
    slackApiUrl: process.env.SLACK_API_URL,
    perChannelPerSecond: 20,
    level: 'notice',
    priorities: { notice: 'normal' },
    redactKeys: ['ssn'],
  },
});
const logger = pino(
  {
    level: 'debug',
    customLevels: { notice: 35, alert: 55 },
    messageKey: 'message',
    errorKey: 'error',
    redact: ['user.email'],
  },
  transport,
);
logger.info('below notice: not sent');
logger.notice({ user: { email: 'a@example.com', id: 7 }, ssn: '078-05-1120', token: 'abc' }, 'a notice');
logger.alert({ error: new RangeError('quota exceeded') }, 'an alert');
`);
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(await emu.control.messages('pino-opts-default')).toEqual([]);
    const messages = await emu.control.messages('pino-opts-audit');
    // alert (55) ranks with error: high, and goes first.
    expect(messages.map((m) => m.text)).toEqual(['🔴 RangeError: quota exceeded', '🟢 a notice']);
    const json = JSON.stringify(messages);
    for (const part of [
      '*Level*\\nalert',
      '*Level*\\nnotice',
      'an alert',
      '```',
      '*ssn*\\n[REDACTED]',
      '*token*\\n[REDACTED]',
      '[Redacted]',
    ]) {
      expect(json).toContain(part);
    }
    for (const absent of ['a@example.com', '078-05-1120', 'below notice']) expect(json).not.toContain(absent);
  });

  it.each([
    ['no token', { channel: 'alerts' }, '`token` must be a non-empty string'],
    ['no channel', { token: CANARY }, '`channel` must be a non-empty string'],
    ['an unknown level', { token: CANARY, channel: 'alerts', level: 'loud' }, 'unknown level "loud"'],
    [
      'a close longer than pino waits',
      { token: CANARY, channel: 'alerts', closeTimeoutMs: 20_000 },
      '`closeTimeoutMs` must be a number',
    ],
    ['a bad logLevel', { token: CANARY, channel: 'alerts', logLevel: 'chatty' }, '`logLevel` must be one of'],
    [
      'a store (not plain data)',
      { token: CANARY, channel: 'alerts', store: {} },
      '`store` cannot be sent to a worker thread',
    ],
  ])(
    '%s: the transport fails at start with a clear error, no Slack call',
    async (_label, options, message) => {
      const before = (await emu.control.requests()).length;
      const result = await run(`
import pino from 'pino';
const transport = pino.transport({ target: '@backend-notifier/pino-transport', options: ${JSON.stringify(options)} });
const logger = pino(transport);
logger.error('never sent');
`);
      expect(result.timedOut).toBe(false);
      // pino: an 'error' of a transport is fatal (its docs); nobody listens here, so the process ends with it.
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`TypeError: @backend-notifier/pino-transport: ${message}`);
      expect(result.stderr).not.toContain(CANARY);
      expect((await emu.control.requests()).length).toBe(before);
    },
  );
});
