import { describe, expect, it } from 'vitest';
import type { Notification } from '../types.js';
import { createHttpFailureReporter } from './http-failure-reporter.js';

const failure = { error: new Error('boom'), method: 'GET', route: '/orders/:id', status: 500 };

function recording() {
  const notified: Notification[] = [];
  const logged: Array<[string, unknown]> = [];
  const notifier = { notify: (n: Notification | string) => notified.push(n as Notification) as never };
  const logger = { error: (message: string, meta?: unknown) => void logged.push([message, meta]) };
  return { notified, logged, notifier, logger };
}

describe('createHttpFailureReporter', () => {
  it('notifies the failure, with the options applied; undefined reports nothing', () => {
    const { notified, notifier } = recording();
    const report = createHttpFailureReporter(notifier, {
      name: 'test',
      channel: 'payments',
      includeQuery: true,
    });
    report(() => ({ ...failure, query: { page: '2', token: 'CANARY' } }));
    report(() => undefined);
    expect(notified).toHaveLength(1);
    expect(notified[0]).toMatchObject({ title: 'GET /orders/:id failed with 500', channel: 'payments' });
    expect(JSON.stringify(notified[0])).not.toContain('CANARY');
  });

  it('waits for a failure given as a promise without blocking the caller', async () => {
    const { notified, notifier } = recording();
    const report = createHttpFailureReporter(notifier, { name: 'test', includeBody: true });
    report(() => Promise.resolve({ ...failure, body: { user: 'ada' } }));
    expect(notified).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(notified).toHaveLength(1);
    expect(notified[0]?.context).toEqual({ Body: JSON.stringify({ user: 'ada' }, null, 1) });
  });

  it('logs a throw or a rejection once with the source marker, and never throws; a broken logger is ignored', async () => {
    const { logged, notifier, logger } = recording();
    const report = createHttpFailureReporter(notifier, { name: 'slackErrorReporter', logger });
    expect(() =>
      report(() => {
        throw new Error('filter bug');
      }),
    ).not.toThrow();
    report(() => Promise.reject(new Error('body gone')));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(logged).toEqual([
      [
        'slackErrorReporter: could not report an error',
        { source: 'backend-notifier', failure: 'filter bug' },
      ],
      ['slackErrorReporter: could not report an error', { source: 'backend-notifier', failure: 'body gone' }],
    ]);
    const broken = createHttpFailureReporter(notifier, {
      name: 'x',
      logger: {
        error: () => {
          throw new Error('logger down');
        },
      },
    });
    expect(() =>
      broken(() => {
        throw new Error('filter bug');
      }),
    ).not.toThrow();
  });
});
