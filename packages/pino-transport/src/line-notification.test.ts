/**
 * Lines as real pino 10 writes them (serializers, redaction, custom levels, formatters), turned into
 * notifications. No Slack here: what Slack shows is tested against the emulator in slack-destination.test.ts.
 */
import { REDACTED } from '@backend-notifier/core';
import pino, { type LoggerOptions } from 'pino';
import { describe, expect, it } from 'vitest';
import { LevelMap } from './levels.js';
import { type LineContext, lineToNotification, pinoErrorOf } from './line-notification.js';

/** A pino logger writing into an array: what a transport receives, parsed. */
function capture<Levels extends string = never>(options: LoggerOptions<Levels> = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino<Levels>(options, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { logger, lines };
}

function context(overrides: Partial<LineContext> = {}): LineContext {
  return {
    levels: new LevelMap(),
    priorities: { fatal: 'high', error: 'high', warn: 'normal' },
    redactKeys: [],
    route: undefined,
    messageKey: 'msg',
    errorKey: 'err',
    ...overrides,
  };
}

describe('lineToNotification', () => {
  it('message as text, level and data as fields, hostname/pid/time as context', () => {
    const { logger, lines } = capture();
    logger.error({ orderId: 'ord-981', amount: 12.5, items: [1, 2] }, 'payment failed');
    const n = lineToNotification(lines[0] ?? {}, context());
    expect(n.text).toBe('payment failed');
    expect(n.priority).toBe('high');
    expect(n.fields).toEqual({ Level: 'error', orderId: 'ord-981', amount: 12.5, items: [1, 2] });
    expect(n.context).toEqual({
      hostname: lines[0]?.['hostname'],
      pid: process.pid,
      time: new Date(lines[0]?.['time'] as number).toISOString(),
    });
    expect(n.error).toBeUndefined();
    expect(n.channel).toBeUndefined();
  });

  it("reads pino's err serialization: type as name, message and stack (causes included), code", () => {
    const { logger, lines } = capture();
    const cause = new Error('socket hang up');
    const err = Object.assign(new TypeError('card processor timeout', { cause }), { code: 'ETIMEDOUT' });
    logger.error({ err, orderId: 'o-1' }, 'payment failed');
    logger.error(new RangeError('out of range'));
    const [first, second] = lines.map((l) => lineToNotification(l, context()));
    expect(first?.error).toEqual({
      name: 'TypeError',
      message: 'card processor timeout: socket hang up',
      stack: expect.stringMatching(
        /^TypeError: card processor timeout\n\s+at [\s\S]*caused by: Error: socket hang up/,
      ),
      code: 'ETIMEDOUT',
    });
    expect(first?.fields).toEqual({ Level: 'error', orderId: 'o-1' });
    // logger.error(err): pino makes the error's message the line's msg.
    expect(second?.text).toBe('out of range');
    expect(second?.error).toMatchObject({ name: 'RangeError', message: 'out of range' });
  });

  it('an err that is not error-like is data', () => {
    const { logger, lines } = capture();
    logger.error({ err: 'just a string' }, 'odd');
    const n = lineToNotification(lines[0] ?? {}, context());
    expect(n.error).toBeUndefined();
    expect(n.fields).toEqual({ Level: 'error', err: 'just a string' });
  });

  it("pino's redact runs first (censored or removed), core's redaction on top, with extra keys", () => {
    const { logger, lines } = capture({
      redact: { paths: ['user.email', 'card.number'], censor: '[pino-censored]' },
    });
    logger.error(
      {
        user: { email: 'a@example.com', id: 7 },
        card: { number: '4111 1111 1111 1111', brand: 'visa' },
        headers: { authorization: 'Bearer abc', cookie: 'sid=1', accept: 'json' },
        apiKey: 'k-123',
        ssn: '078-05-1120',
      },
      'checkout failed',
    );
    const n = lineToNotification(lines[0] ?? {}, context({ redactKeys: ['ssn'] }));
    expect(n.fields).toEqual({
      Level: 'error',
      user: { email: '[pino-censored]', id: 7 },
      card: { number: '[pino-censored]', brand: 'visa' },
      headers: { authorization: REDACTED, cookie: REDACTED, accept: 'json' },
      apiKey: REDACTED,
      ssn: REDACTED,
    });
    const removed = capture({ redact: { paths: ['card'], remove: true } });
    removed.logger.error({ card: { number: '4111' }, orderId: 'o-2' }, 'x');
    expect(removed.lines[0]).not.toHaveProperty('card');
    expect(lineToNotification(removed.lines[0] ?? {}, context()).fields).toEqual({
      Level: 'error',
      orderId: 'o-2',
    });
  });

  it('level → priority: fatal/error high, warn normal, the rest low; priorities override by label', () => {
    const { logger, lines } = capture({ level: 'trace' });
    logger.fatal('f');
    logger.error('e');
    logger.warn('w');
    logger.info('i');
    logger.debug('d');
    expect(lines.map((l) => lineToNotification(l, context()).priority)).toEqual([
      'high',
      'high',
      'normal',
      'low',
      'low',
    ]);
    const custom = context({ priorities: { fatal: 'high', error: 'normal', warn: 'low' } });
    expect(lines.slice(0, 3).map((l) => lineToNotification(l, custom).priority)).toEqual([
      'high',
      'normal',
      'low',
    ]);
  });

  it("custom levels through pino's numbers: label from the logger's levels, priority by number unless listed", () => {
    const { logger, lines } = capture({ customLevels: { alert: 55, notice: 35, audit: 45 }, level: 'info' });
    logger.alert('a');
    logger.notice('n');
    logger.audit('u');
    const levels = new LevelMap();
    levels.learn(logger.levels);
    const notes = lines.map((l) => lineToNotification(l, context({ levels })));
    expect(notes.map((n) => (n.fields as Record<string, unknown>)['Level'])).toEqual([
      'alert',
      'notice',
      'audit',
    ]);
    expect(notes.map((n) => n.priority)).toEqual(['high', 'low', 'normal']);
    const listed = context({ levels, priorities: { notice: 'high' } });
    expect(lineToNotification(lines[1] ?? {}, listed).priority).toBe('high');
    // Without the logger's levels, the number is still ranked and shown.
    const unknown = lineToNotification(lines[0] ?? {}, context());
    expect(unknown.priority).toBe('high');
    expect((unknown.fields as Record<string, unknown>)['Level']).toBe('level 55');
  });

  it('formatters.level (labels in the line), a custom messageKey/errorKey, isoTime, no hostname/pid', () => {
    const { logger, lines } = capture({
      formatters: { level: (label) => ({ level: label }), bindings: () => ({}) },
      messageKey: 'message',
      errorKey: 'error',
      timestamp: pino.stdTimeFunctions.isoTime,
    });
    logger.warn({ error: new Error('disk') }, 'disk almost full');
    const n = lineToNotification(lines[0] ?? {}, context({ messageKey: 'message', errorKey: 'error' }));
    expect(n.text).toBe('disk almost full');
    expect(n.priority).toBe('normal');
    expect(n.fields).toEqual({ Level: 'warn' });
    expect(n.error).toMatchObject({ name: 'Error', message: 'disk' });
    expect(n.context).toEqual({ time: lines[0]?.['time'] });
  });

  it("child bindings are fields; a route sets the notification's channel", () => {
    const { logger, lines } = capture();
    logger.child({ requestId: 'r-1', service: 'billing' }).error('failed');
    const n = lineToNotification(lines[0] ?? {}, context({ route: 'payments' }));
    expect(n.fields).toEqual({ Level: 'error', requestId: 'r-1', service: 'billing' });
    expect(n.channel).toBe('payments');
  });

  it('a non-string msg is shown as JSON; no msg leaves the text out', () => {
    expect(lineToNotification({ level: 50, msg: { a: 1 } }, context()).text).toBe('{"a":1}');
    expect(lineToNotification({ level: 50 }, context())).not.toHaveProperty('text');
  });
});

describe('pinoErrorOf', () => {
  it('takes error-like objects only', () => {
    expect(pinoErrorOf({ type: 'X', message: 'm' })).toEqual({ name: 'X', message: 'm' });
    expect(pinoErrorOf({ stack: 'Error: s\n    at f (a.js:1:1)' })).toEqual({
      name: 'Error',
      message: '',
      stack: 'Error: s\n    at f (a.js:1:1)',
    });
    expect(pinoErrorOf({ message: 'm', code: 42 })).toEqual({ name: 'Error', message: 'm', code: '42' });
    for (const value of ['text', 1, null, undefined, [], { foo: 1 }])
      expect(pinoErrorOf(value)).toBeUndefined();
  });
});
