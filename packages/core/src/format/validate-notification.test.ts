import { describe, expect, it } from 'vitest';
import { isNotifierError, NotifierError } from '../errors.js';
import { buildMessage } from './build-message.js';
import { validateNotification } from './validate-notification.js';

function reject(input: unknown): NotifierError {
  try {
    validateNotification(input);
  } catch (error) {
    if (error instanceof NotifierError) return error;
    throw error;
  }
  throw new Error('expected a NotifierError');
}

describe('validateNotification', () => {
  it('accepts a string as text and good objects as they are', () => {
    expect(validateNotification('hi')).toEqual({ text: 'hi' });
    const n = { title: 't', priority: 'high' as const };
    expect(validateNotification(n)).toBe(n);
    expect(validateNotification({ error: 'thrown string' })).toBeTruthy();
    expect(validateNotification({ fields: { a: 1 } })).toBeTruthy();
  });

  it.each([
    [42, 'notification', /must be an object or a string \(got number\)/],
    [null, 'notification', /got null/],
    [[], 'notification', /got array/],
    ['', 'text', /empty/],
    [{}, 'notification', /needs text, title, error/],
    [{ text: '' }, 'notification', /needs text/],
    [{ text: 5 }, 'text', /text must be a string \(got number\)/],
    [{ text: 'x', priority: 'urgent' }, 'priority', /one of high, normal, low/],
    [{ text: 'x', blocks: 'nope' }, 'blocks', /blocks must be an array \(got string\)/],
    [{ text: 'x', blocks: [{}] }, 'blocks', /blocks\[0\]\.type must be a string/],
    [{ text: 'x', attachments: [1] }, 'attachments', /attachments\[0\] must be an object/],
    [{ text: 'x', fields: 'a' }, 'fields', /fields must be an object or an array/],
    [{ text: 'x', fields: [{ value: 1 }] }, 'fields', /fields\[0\]/],
    [{ text: 'x', context: [] }, 'context', /context must be an object/],
    [{ text: 'x', color: 'red' }, 'color', /colour/],
    [
      { deployment: { service: 'a', version: '1', environment: 'p', status: 'done' } },
      'deployment',
      /status/,
    ],
    [
      { deployment: { service: '', version: '1', environment: 'p', status: 'failed' } },
      'deployment',
      /service/,
    ],
    [
      { deployment: { service: 'a', version: '1', environment: 'p', status: 'failed', durationMs: -1 } },
      'deployment',
      /durationMs/,
    ],
  ])('refuses %j', (input, field, message) => {
    const error = reject(input);
    expect(isNotifierError(error, 'invalid_notification')).toBe(true);
    expect(error.details.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('never echoes a value in its message', () => {
    const secret = 'xoxb-CANARY-123';
    expect(reject({ text: 'x', priority: secret }).message).not.toContain('CANARY');
    expect(reject({ text: 'x', color: secret }).message).not.toContain('CANARY');
  });

  it('buildMessage refuses bad mentions and unserializable blocks', () => {
    expect(() => buildMessage({ text: 'x', mention: { user: 'nope' } })).toThrow(NotifierError);
    const cyclic: Record<string, unknown> = { type: 'section' };
    cyclic.self = cyclic;
    expect(() => buildMessage({ text: 'x', blocks: [cyclic as never] })).toThrow(/JSON-serializable/);
  });
});
