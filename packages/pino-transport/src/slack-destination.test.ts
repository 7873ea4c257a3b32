/**
 * The in-process destination with real pino loggers, posting through the real core (real WebClient) to the
 * Slack emulator. Its exit paths in child processes are in destination-exit.test.ts.
 */
import { createNotifier, type Logger, type Notifier } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifierLogger } from './create-notifier-logger.js';
import { createSlackDestination } from './slack-destination.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let emu: SlackEmulator;
const notifiers: Notifier[] = [];

function notifierFor(channel: string, logger: Logger = quiet, routes?: Record<string, string>): Notifier {
  const notifier = createNotifier({
    token: emu.botToken,
    channel,
    slackApiUrl: emu.apiUrl,
    perChannelPerSecond: 20,
    burst: 5,
    timeoutMs: 2000,
    healthCheckIntervalMs: 0,
    logger,
    ...(routes ? { routes } : {}),
  });
  notifiers.push(notifier);
  return notifier;
}

beforeAll(async () => {
  emu = await startSlackEmulator({ port: 0, rateLimits: { scale: 50 } });
});
afterAll(async () => {
  emu.control.clearFaults();
  await Promise.all(notifiers.map((n) => n.close(1000)));
  await emu.close();
});

const posts = (channel: string) =>
  emu.control
    .requestLog()
    .filter((e) => e.method === 'chat.postMessage' && e.channel === emu.control.channel(channel)?.id);
const json = (channel: string) => JSON.stringify(emu.control.messages(channel));

describe('createSlackDestination', () => {
  it('sends lines at error and above with fields, context and the error template; below is not sent', async () => {
    const channel = 'pino-basic';
    const notifier = notifierFor(channel);
    const logger = pino({ level: 'debug' }, createSlackDestination(notifier));
    logger.info('started');
    logger.warn('disk almost full');
    logger.error(
      { err: new TypeError('card processor timeout'), orderId: 'ord-981', password: 'hunter2' },
      'payment failed',
    );
    logger.fatal('out of memory');
    expect(await notifier.flush(10_000)).toBe(true);
    const messages = emu.control.messages(channel);
    expect(messages).toHaveLength(2);
    const text = json(channel);
    for (const part of [
      '🔴 TypeError: card processor timeout',
      'payment failed',
      '*Level*\\nerror',
      '*orderId*\\nord-981',
      '*password*\\n[REDACTED]',
      '*hostname:*',
      `*pid:* ${process.pid}`,
      '```',
      'out of memory',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('disk almost full');
    expect(text).not.toContain('started');
  });

  it("pino's redact: censored and removed paths never reach Slack", async () => {
    const channel = 'pino-redact';
    const notifier = notifierFor(channel);
    const logger = pino(
      { redact: { paths: ['user.email', 'card'], remove: false, censor: '***' } },
      createSlackDestination(notifier),
    );
    logger.error({ user: { email: 'a@example.com', id: 7 }, card: '4111 1111 1111 1111' }, 'checkout failed');
    const removing = pino({ redact: { paths: ['card'], remove: true } }, createSlackDestination(notifier));
    removing.error({ card: '4111 1111 1111 1111', orderId: 'o-2' }, 'second');
    expect(await notifier.flush(10_000)).toBe(true);
    const text = json(channel);
    expect(text).not.toContain('a@example.com');
    expect(text).not.toContain('4111');
    expect(text).toContain('*card*\\n***');
    expect(text).toContain('*orderId*\\no-2');
    expect(emu.control.messages(channel)).toHaveLength(2);
  });

  it('honours custom levels: labels learned from the logger, a custom threshold, priority by number', async () => {
    const channel = 'pino-custom';
    const notifier = notifierFor(channel);
    const options = { customLevels: { notice: 35, alert: 55 } };
    expect(() => createSlackDestination(notifier, { level: 'notice' })).toThrow(/unknown level "notice"/);
    const destination = createSlackDestination(notifier, { level: 'notice', ...options });
    const logger = pino({ level: 'trace', ...options }, destination);
    logger.info('not sent');
    logger.notice('a notice');
    logger.alert('an alert');
    expect(await notifier.flush(10_000)).toBe(true);
    const messages = emu.control.messages(channel);
    // alert (55) ranks with error: high, and high goes first; notice (35) ranks below warn: low.
    expect(messages.map((m) => m.text)).toEqual(['🔴 an alert', '⚪ a notice']);
    expect(json(channel)).toContain('*Level*\\nalert');
  });

  it('with pino.multistream, only the stream given to it at its level; lines below are not parsed', async () => {
    const channel = 'pino-multi';
    const notifier = notifierFor(channel);
    const destination = createSlackDestination(notifier, { level: 'warn' });
    const warnings: unknown[] = [];
    destination.on('warn', (w) => warnings.push(w));
    const console: string[] = [];
    const logger = pino(
      { level: 'info' },
      pino.multistream([
        { level: 'info', stream: { write: (s: string) => console.push(s) } },
        { level: 'warn', stream: destination },
      ]),
    );
    logger.info('hello');
    logger.warn('disk almost full');
    expect(await notifier.flush(10_000)).toBe(true);
    expect(console).toHaveLength(2);
    expect(emu.control.messages(channel).map((m) => m.text)).toEqual(['🟢 disk almost full']);
    // pino says each line's level first (pino.metadata): a line below the threshold is not even parsed.
    destination.lastLevel = 30;
    destination.write('not json\n');
    expect(warnings).toEqual([]);
    destination.write('not json either\n');
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0])).toContain('a line that is not JSON was skipped');
  });

  it("repeats of one error are grouped by core's storm control: one message, the rest counted", async () => {
    const channel = 'pino-storm';
    const notifier = notifierFor(channel);
    const logger = pino({}, createSlackDestination(notifier));
    for (let i = 0; i < 5; i++) logger.error({ err: new Error(`db down (attempt ${i})`) }, 'query failed');
    expect(await notifier.flush(10_000)).toBe(true);
    expect(emu.control.messages(channel)).toHaveLength(1);
    expect(notifier.stats()).toMatchObject({ accepted: 5, delivered: 1, grouped: 4 });
  });

  it('never throws into the logger: a notify() that throws (unknown route) becomes a warn event', () => {
    const notifier = notifierFor('pino-route');
    const destination = createSlackDestination(notifier, { route: 'nope' });
    const warnings: unknown[] = [];
    destination.on('warn', (w) => warnings.push(w));
    const logger = pino({}, destination);
    expect(() => logger.error('x')).not.toThrow();
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0])).toMatch(/route/);
  });

  it('posts to a named route of the notifier', async () => {
    const notifier = notifierFor('pino-default', quiet, { payments: 'pino-payments' });
    const logger = pino({}, createSlackDestination(notifier, { route: 'payments' }));
    logger.error('card declined');
    expect(await notifier.flush(10_000)).toBe(true);
    expect(emu.control.messages('pino-payments').map((m) => m.text)).toEqual(['🔴 card declined']);
  });

  it('never loops when the notifier logs into the same pino logger (createNotifierLogger)', async () => {
    const channel = 'pino-loop';
    const lines: Array<Record<string, unknown>> = [];
    let destination: ReturnType<typeof createSlackDestination> | undefined;
    const logger = pino(
      { level: 'debug' },
      pino.multistream([
        { level: 'debug', stream: { write: (s: string) => lines.push(JSON.parse(s)) } },
        { level: 'debug', stream: { write: (s: string) => destination?.write(s) } },
      ]),
    );
    const notifier = notifierFor(channel, createNotifierLogger(logger));
    destination = createSlackDestination(notifier, { level: 'debug' });
    await notifier.start();
    // Slack rejects every post on this channel: the notifier falls back to plain text once, then
    // dead-letters, and logs about it, into the logger that has the Slack destination.
    emu.control.addFault({
      method: 'chat.postMessage',
      channel,
      action: { type: 'error', error: 'msg_too_long' },
    });
    logger.error('the one and only error');
    await notifier.flush(10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const own = lines.filter((l) => l['source'] === 'backend-notifier');
    expect(own.length).toBeGreaterThan(0);
    expect(own.some((l) => l['level'] === 40 || l['level'] === 50)).toBe(true);
    expect(notifier.stats().accepted).toBe(1);
    expect(notifier.stats().droppedByReason['feedback_loop'] ?? 0).toBe(0);
    expect(posts(channel)).toHaveLength(2);
    expect(notifier.stats().deadLettered).toBe(1);
  });

  it("logger.flush(cb) calls back once the lines are in Slack; end() emits 'finish', closeNotifier closes", async () => {
    const channel = 'pino-flush';
    const notifier = notifierFor(channel);
    const destination = createSlackDestination(notifier, { closeNotifier: true });
    const logger = pino({}, destination);
    for (let i = 0; i < 3; i++) logger.error(`flush e-${i}`);
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    expect(emu.control.messages(channel)).toHaveLength(3);
    logger.error('flush e-3');
    const finished = new Promise<void>((resolve) => destination.once('finish', resolve));
    destination.end();
    await finished;
    expect(destination.writableFinished).toBe(true);
    expect(emu.control.messages(channel)).toHaveLength(4);
    // Closed: a later line is counted as dropped `closed` by the notifier, not lost silently.
    logger.error('after close');
    expect(notifier.stats()).toMatchObject({ accepted: 5, delivered: 4, dropped: 1 });
    expect(notifier.stats().droppedByReason['closed']).toBe(1);
  });

  it('refuses options that cannot work, naming them', () => {
    expect(() => createSlackDestination(undefined as unknown as Notifier)).toThrow(
      /createSlackDestination: a notifier \(from createNotifier\) is required/,
    );
    expect(() => createSlackDestination(notifierFor('pino-bad'), { level: 'loud' })).toThrow(TypeError);
  });
});
