import { describe, expect, it } from 'vitest';
import { renderMentions } from '../format/render-mentions.js';
import { matchesEvent } from './event-attributes.js';
import { createRouter } from './routing-rules.js';

describe('matchesEvent', () => {
  it('needs every given field; a list means any of', () => {
    const e = {
      priority: 'high' as const,
      source: 'express',
      errorClass: 'TypeError',
      environment: 'production',
      labels: { team: 'pay' },
    };
    expect(matchesEvent({}, e)).toBe(true);
    expect(matchesEvent({ priority: 'high', environment: 'production' }, e)).toBe(true);
    expect(matchesEvent({ priority: ['normal', 'high'] }, e)).toBe(true);
    expect(matchesEvent({ priority: 'high', environment: 'staging' }, e)).toBe(false);
    expect(matchesEvent({ labels: { team: 'pay' } }, e)).toBe(true);
    expect(matchesEvent({ labels: { team: 'pay', region: 'eu' } }, e)).toBe(false);
    expect(matchesEvent({ errorClass: 'TypeError' }, { priority: 'low' })).toBe(false);
  });
});

describe('createRouter', () => {
  const route = createRouter({
    defaultChannel: 'alerts',
    rules: [
      { when: { priority: 'high', environment: 'production' }, mention: { group: 'S0ONCALL' } },
      { when: { source: 'winston', priority: 'low' }, channel: 'logs' },
      { when: { labels: { team: 'payments' } }, channel: 'payments-alerts' },
      {
        when: { errorClass: ['QueryFailedError', 'ConnectionError'] },
        channel: 'db',
        mention: { user: 'U0DBA' },
      },
      { when: { labels: { team: 'payments' } }, channel: 'never-reached' },
    ],
  });

  it('sends to the first matching channel rule, else the default', () => {
    expect(route({ priority: 'normal' })).toEqual({ channel: 'alerts', mention: [] });
    expect(route({ priority: 'low', source: 'winston' })).toEqual({ channel: 'logs', mention: [], rule: 1 });
    expect(route({ priority: 'normal', labels: { team: 'payments' } })).toMatchObject({
      channel: 'payments-alerts',
      rule: 2,
    });
  });

  it('adds the mentions of every matching rule, once each', () => {
    expect(route({ priority: 'high', environment: 'production', errorClass: 'QueryFailedError' })).toEqual({
      channel: 'db',
      mention: [{ group: 'S0ONCALL' }, { user: 'U0DBA' }],
      rule: 3,
    });
    expect(route({ priority: 'high', environment: 'staging' }).mention).toEqual([]);
  });

  it('never pings from event data: labels or classes that look like mentions stay data', () => {
    const decision = route({ priority: 'normal', errorClass: '<!channel>', labels: { team: '<@U123>' } });
    expect(decision).toEqual({ channel: 'alerts', mention: [] });
    expect(renderMentions(decision.mention)).toBe('');
    expect(renderMentions(route({ priority: 'high', environment: 'production' }).mention)).toBe(
      '<!subteam^S0ONCALL>',
    );
  });

  it('refuses bad rules at start', () => {
    expect(() => createRouter({ defaultChannel: '', rules: [] })).toThrow(/defaultChannel/);
    expect(() => createRouter({ defaultChannel: 'a', rules: [{ when: {} }] })).toThrow(/neither/);
    expect(() =>
      createRouter({ defaultChannel: 'a', rules: [{ when: {}, mention: { user: '<!channel>' } }] }),
    ).toThrow(/rule 0.*user id/);
    expect(() => createRouter({ defaultChannel: 'a', rules: [{ channel: 'x' } as never] })).toThrow(/when/);
  });
});
