import { describe, expect, it } from 'vitest';
import { DEFAULT_LEVEL_PRIORITIES, errorOf, infoToNotification } from './info-notification.js';

const options = { priorities: DEFAULT_LEVEL_PRIORITIES, redactKeys: [], channel: undefined };

describe('errorOf', () => {
  it('finds the error as the entry, info.error, info.err, or a bare stack', () => {
    const err = new RangeError('out of range');
    expect(errorOf(Object.assign(err, { level: 'error' }) as unknown as Record<string, unknown>)).toBe(err);
    const inner = new Error('inner');
    expect(errorOf({ level: 'error', message: 'm', error: inner })).toBe(inner);
    expect(errorOf({ level: 'error', message: 'm', err: inner })).toBe(inner);
    const rebuilt = errorOf({
      level: 'error',
      message: 'bad input',
      stack: 'SyntaxError: bad input\n    at parse (x.js:1:1)',
    });
    expect(rebuilt).toBeInstanceOf(Error);
    expect(rebuilt?.name).toBe('SyntaxError');
    expect(rebuilt?.message).toBe('bad input');
    expect(rebuilt?.stack).toContain('at parse (x.js:1:1)');
    expect(
      errorOf({ level: 'error', message: 'no error here', error: 'a string is not an error' }),
    ).toBeUndefined();
  });
});

describe('infoToNotification', () => {
  it('maps levels to priorities, unknown levels to low', () => {
    expect(infoToNotification({ level: 'error', message: 'a' }, options).priority).toBe('high');
    expect(infoToNotification({ level: 'warn', message: 'a' }, options).priority).toBe('normal');
    expect(infoToNotification({ level: 'info', message: 'a' }, options).priority).toBe('low');
    expect(infoToNotification({ level: 'verbose', message: 'a' }, options).priority).toBe('low');
  });

  it('shows meta as fields, stringifying objects and redacting secrets, and keeps the message as text', () => {
    const n = infoToNotification(
      { level: 'error', message: { code: 42 }, user: { name: 'alice', apiKey: 'k' }, attempt: 3 },
      options,
    );
    expect(n.text).toBe('{"code":42}');
    expect(n.fields).toEqual({ Level: 'error', user: '{"name":"alice","apiKey":"[REDACTED]"}', attempt: 3 });
  });

  it("leaves out what winston's exception handler adds, keeping the error", () => {
    const error = new Error('uncaught');
    const n = infoToNotification(
      {
        level: 'error',
        message: 'uncaughtException: uncaught',
        exception: true,
        error,
        stack: error.stack,
        date: 'Fri Nov 27 2026',
        process: { pid: 1, argv: ['node'], memoryUsage: {} },
        os: { loadavg: [1, 1, 1] },
        trace: [{ column: 1, file: 'x.js' }],
        requestId: 'r-1',
      },
      options,
    );
    expect(n.error).toBe(error);
    expect(n.fields).toEqual({ Level: 'error', requestId: 'r-1' });
  });
});
