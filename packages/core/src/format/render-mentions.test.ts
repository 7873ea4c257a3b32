import { describe, expect, it } from 'vitest';
import { isNotifierError } from '../errors.js';
import type { Mention } from '../types.js';
import { renderMentions } from './render-mentions.js';

describe('renderMentions', () => {
  it('renders each kind', () => {
    expect(renderMentions('channel')).toBe('<!channel>');
    expect(renderMentions('here')).toBe('<!here>');
    expect(renderMentions({ user: 'U024BE7LH' })).toBe('<@U024BE7LH>');
    expect(renderMentions({ user: 'W123' })).toBe('<@W123>');
    expect(renderMentions({ group: 'SAZ94GDB8' })).toBe('<!subteam^SAZ94GDB8>');
    expect(renderMentions(undefined)).toBe('');
  });

  it('joins a list without duplicates', () => {
    expect(renderMentions(['here', { user: 'U1A' }, 'here'])).toBe('<!here> <@U1A>');
  });

  it.each([
    [{ user: 'U1> <!channel' }],
    [{ user: 'u123' }],
    [{ user: '' }],
    [{ group: 'S1|x' }],
    [{ group: 'U123' }],
    ['everyone'],
    [42],
    [null],
  ])('refuses %j with invalid_notification', (bad) => {
    let caught: unknown;
    try {
      renderMentions(bad as Mention);
    } catch (error) {
      caught = error;
    }
    expect(isNotifierError(caught, 'invalid_notification')).toBe(true);
    expect(String((caught as Error).message)).not.toContain('<!channel');
  });
});
