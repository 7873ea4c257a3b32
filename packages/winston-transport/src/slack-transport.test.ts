import { createNotifier, type Logger, type Notifier } from '@backend-notifier/core';
import { type SlackEmulator, startSlackEmulator } from '@backend-notifier/slack-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import winston from 'winston';
import Transport from 'winston-transport';
import { SlackTransport } from './slack-transport.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let emu: SlackEmulator;
const notifiers: Notifier[] = [];

function notifierFor(channel: string, logger: Logger = quiet): Notifier {
  const notifier = createNotifier({
    token: emu.botToken,
    channel,
    slackApiUrl: emu.apiUrl,
    perChannelPerSecond: 20,
    burst: 5,
    timeoutMs: 2000,
    healthCheckIntervalMs: 0,
    logger,
  });
  notifiers.push(notifier);
  return notifier;
}

/** Collects every entry a logger writes, like a console would, to compare with what went to Slack. */
class MemoryTransport extends Transport {
  readonly entries: Array<Record<string, unknown>> = [];
  override log(info: Record<string, unknown>, callback: () => void) {
    this.entries.push(info);
    callback();
  }
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

describe('SlackTransport', () => {
  it('sends an error log line with its meta as fields and the error stack in a code block', async () => {
    const channel = 'logs-basic';
    const notifier = notifierFor(channel);
    const logger = winston.createLogger({ transports: [new SlackTransport({ notifier })] });
    logger.error('payment failed', {
      orderId: 'ord-981',
      amount: 12.5,
      error: new Error('card processor timeout'),
    });
    expect(await notifier.flush(10_000)).toBe(true);
    const messages = emu.control.messages(channel);
    expect(messages).toHaveLength(1);
    const text = JSON.stringify(messages);
    for (const expected of [
      'payment failed',
      'ord-981',
      '12.5',
      'card processor timeout',
      '```',
      'slack-transport.test',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('renders an Error logged directly (format.errors) through the error template', async () => {
    const channel = 'logs-error-object';
    const notifier = notifierFor(channel);
    const logger = winston.createLogger({
      format: winston.format.errors({ stack: true }),
      transports: [new SlackTransport({ notifier })],
    });
    logger.error(new TypeError('cannot read properties of undefined'));
    expect(await notifier.flush(10_000)).toBe(true);
    const text = JSON.stringify(emu.control.messages(channel));
    expect(text).toContain('TypeError');
    expect(text).toContain('cannot read properties of undefined');
    expect(text).toContain('```');
  });

  it('keeps to the level threshold (default error) and maps levels to priorities', async () => {
    const channel = 'logs-levels';
    const notifier = notifierFor(channel);
    const logger = winston.createLogger({ level: 'debug', transports: [new SlackTransport({ notifier })] });
    logger.info('just info');
    logger.warn('just a warning');
    logger.error('a real error');
    expect(await notifier.flush(10_000)).toBe(true);
    expect(notifier.stats().accepted).toBe(1);
    const messages = emu.control.messages(channel);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toContain('a real error');
    expect(messages[0]?.text).toContain('🔴');

    const warnChannel = 'logs-levels-warn';
    const warnNotifier = notifierFor(warnChannel);
    const warnLogger = winston.createLogger({
      level: 'debug',
      transports: [
        new SlackTransport({ notifier: warnNotifier, level: 'warn', priorities: { warn: 'low' } }),
      ],
    });
    warnLogger.info('still not sent');
    warnLogger.warn('disk almost full');
    expect(await warnNotifier.flush(10_000)).toBe(true);
    const warnMessages = emu.control.messages(warnChannel);
    expect(warnMessages).toHaveLength(1);
    expect(warnMessages[0]?.text).toContain('disk almost full');
    expect(warnMessages[0]?.text).toContain('⚪');
  });

  it("reads the level as winston's transports do (Symbol.for('level')): colorize() on the logger changes nothing", async () => {
    const channel = 'logs-colorize';
    const notifier = notifierFor(channel);
    const seen = new MemoryTransport({ level: 'error' });
    const logger = winston.createLogger({
      format: winston.format.combine(winston.format.colorize(), winston.format.simple()),
      transports: [seen, new SlackTransport({ notifier })],
    });
    logger.error('db down');
    expect(await notifier.flush(10_000)).toBe(true);
    // What the transports get: the display level escape-coded, the real one under Symbol.for('level').
    expect(seen.entries[0]?.['level']).toBe('\u001b[31merror\u001b[39m');
    const [message] = emu.control.messages(channel);
    expect(message?.text).toContain('🔴');
    expect(message?.text).toContain('db down');
    const json = JSON.stringify(message);
    expect(json).not.toContain('\\u001b');
    const fields = ((message?.blocks ?? []) as Array<{ fields?: Array<{ text: string }> }>).flatMap(
      (b) => b.fields ?? [],
    );
    expect(fields.map((f) => f.text)).toContain('*Level*\nerror');

    // colorize({ all: true }) colours the message too: the codes stay out of Slack.
    const allChannel = 'logs-colorize-all';
    const allNotifier = notifierFor(allChannel);
    const allLogger = winston.createLogger({
      format: winston.format.combine(winston.format.colorize({ all: true }), winston.format.simple()),
      transports: [new SlackTransport({ notifier: allNotifier, level: 'warn' })],
    });
    allLogger.warn('disk almost full');
    expect(await allNotifier.flush(10_000)).toBe(true);
    const [warned] = emu.control.messages(allChannel);
    expect(warned?.text).toContain('🟢');
    expect(warned?.text).toContain('disk almost full');
    expect(JSON.stringify(warned)).not.toContain('\\u001b');
  });

  it('redacts secret-looking meta keys', async () => {
    const channel = 'logs-redact';
    const notifier = notifierFor(channel);
    const logger = winston.createLogger({ transports: [new SlackTransport({ notifier })] });
    logger.error('login failed', {
      user: 'alice',
      password: 'CANARY-PW',
      headers: { authorization: 'Bearer CANARY-AUTH', cookie: 'sid=CANARY-COOKIE' },
      clientSecret: 'CANARY-SECRET',
    });
    expect(await notifier.flush(10_000)).toBe(true);
    const text = JSON.stringify(emu.control.messages(channel));
    expect(text).toContain('alice');
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain('CANARY');
  });

  it('log() calls back at once and emits logged on a later tick', async () => {
    const notifier = notifierFor('logs-callback');
    const transport = new SlackTransport({ notifier });
    const order: string[] = [];
    transport.once('logged', () => order.push('logged'));
    transport.log({ level: 'error', message: 'x' }, () => order.push('callback'));
    order.push('returned');
    expect(order).toEqual(['callback', 'returned']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['callback', 'returned', 'logged']);
  });

  it('never loops when the notifier logs into the same Winston logger', async () => {
    const channel = 'logs-loop';
    const memory = new MemoryTransport({ level: 'debug' });
    const logger = winston.createLogger({ level: 'debug', transports: [memory] });
    const notifier = notifierFor(channel, logger);
    logger.add(new SlackTransport({ notifier, level: 'debug' }));
    await notifier.start();
    // Slack rejects every post on this channel: the notifier falls back to plain text once, then
    // dead-letters, and logs about it, into the logger that has the Slack transport attached.
    emu.control.addFault({
      method: 'chat.postMessage',
      channel,
      action: { type: 'error', error: 'msg_too_long' },
    });
    logger.error('the one and only error');
    await notifier.flush(10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const own = memory.entries.filter((e) => e['source'] === 'backend-notifier');
    expect(own.length).toBeGreaterThan(0);
    expect(notifier.stats().accepted).toBe(1);
    expect(notifier.stats().droppedByReason['feedback_loop'] ?? 0).toBe(0);
    expect(posts(channel)).toHaveLength(2);
    expect(notifier.stats().deadLettered).toBe(1);
  });

  it('logger.end() finishes only once the entries are delivered; closeNotifier closes the notifier', async () => {
    const channel = 'logs-finish';
    const notifier = notifierFor(channel);
    const logger = winston.createLogger({
      transports: [new SlackTransport({ notifier, closeNotifier: true })],
    });
    for (let i = 0; i < 5; i++) logger.error(`shutdown error ${i}`);
    const finished = new Promise<number>((resolve) =>
      logger.on('finish', () => resolve(emu.control.messages(channel).length)),
    );
    logger.end();
    expect(await finished).toBe(5);
    expect(notifier.stats().delivered).toBe(5);
    expect(notifier.stats().pending).toBe(0);
  });

  it('requires a notifier', () => {
    expect(() => new SlackTransport({} as never)).toThrow(/notifier/);
  });
});
