import { describe, expect, it } from 'vitest';
import { validateChannelName } from './channel-name.js';

describe('validateChannelName', () => {
  it.each([
    ['alerts', 'alerts'],
    ['#alerts-prod', 'alerts-prod'],
    ['a_b-1', 'a_b-1'],
    ['x'.repeat(80), 'x'.repeat(80)],
  ])('accepts %j', (name, expected) => {
    expect(validateChannelName(name)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['#', /empty/],
    ['x'.repeat(81), /81 characters/],
    ['Alerts', /upper-case/],
    ['my alerts', /space/],
    ['alerts.prod', /"\."/],
    ['alertes-été', /"é"/],
    ['---', /only punctuation/],
    ['__', /only punctuation/],
  ])('refuses %j with invalid_options', (name, why) => {
    expect(() => validateChannelName(name)).toThrow(why);
    try {
      validateChannelName(name);
    } catch (err) {
      expect(err).toMatchObject({ code: 'invalid_options' });
    }
  });

  it('refuses a non-string', () => {
    expect(() => validateChannelName(undefined)).toThrow(/must be a string/);
  });
});
