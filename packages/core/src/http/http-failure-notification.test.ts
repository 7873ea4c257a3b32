import { describe, expect, it } from 'vitest';
import { buildMessage } from '../format/build-message.js';
import { REDACTED } from '../redact/redact.js';
import { httpFailureNotification } from './http-failure-notification.js';

const error = new Error('inventory service crashed');
const base = { error, method: 'GET', route: '/orders/:id', status: 500 };

describe('httpFailureNotification', () => {
  it('titles, prioritises and describes the failure with the request fields', () => {
    const n = httpFailureNotification({
      ...base,
      headers: { 'x-request-id': 'req-42', 'user-agent': 'curl/8.5.0', accept: '*/*' },
      requestId: 'framework-id',
    });
    expect(n).toEqual({
      title: 'GET /orders/:id failed with 500',
      error,
      priority: 'high',
      fields: {
        Method: 'GET',
        Route: '/orders/:id',
        Status: 500,
        'Request ID': 'req-42',
        'User agent': 'curl/8.5.0',
      },
    });
    // Nothing from the request beyond those fields unless asked for.
    expect(n.context).toBeUndefined();
  });

  it("uses the framework's request id (string or number) when there is no x-request-id header", () => {
    expect(httpFailureNotification({ ...base, requestId: 'req-1' }).fields).toHaveProperty(
      'Request ID',
      'req-1',
    );
    expect(httpFailureNotification({ ...base, requestId: 7 }).fields).toHaveProperty('Request ID', '7');
    expect(httpFailureNotification({ ...base, requestId: { id: 1 } }).fields).not.toHaveProperty(
      'Request ID',
    );
    expect(httpFailureNotification(base).fields).not.toHaveProperty('User agent');
    const joined = httpFailureNotification({ ...base, headers: { 'x-request-id': ['a', 'b'] } });
    expect(joined.fields).toHaveProperty('Request ID', 'a, b');
  });

  it('a 4xx is normal priority; the channel is passed on', () => {
    const n = httpFailureNotification({ ...base, method: 'POST', status: 422 }, { channel: 'payments' });
    expect(n.priority).toBe('normal');
    expect(n.title).toBe('POST /orders/:id failed with 422');
    expect(n.channel).toBe('payments');
  });

  it('adds headers, query and body only when asked, always redacted', () => {
    const failure = {
      ...base,
      headers: { authorization: 'Bearer CANARY-1', cookie: 'sid=CANARY-2', 'x-tenant': 't1' },
      query: { page: '2', token: 'CANARY-3' },
      body: { user: 'ada', password: 'CANARY-4', card: { number: 'CANARY-5' } },
    };
    const off = httpFailureNotification(failure);
    expect(JSON.stringify(off)).not.toContain('CANARY');
    const on = httpFailureNotification(failure, {
      includeHeaders: true,
      includeQuery: true,
      includeBody: true,
      redactKeys: ['number'],
    });
    const context = on.context as Record<string, string>;
    expect(JSON.parse(context['Headers'] ?? '')).toEqual({
      authorization: REDACTED,
      cookie: REDACTED,
      'x-tenant': 't1',
    });
    expect(JSON.parse(context['Query'] ?? '')).toEqual({ page: '2', token: REDACTED });
    expect(JSON.parse(context['Body'] ?? '')).toEqual({
      user: 'ada',
      password: REDACTED,
      card: { number: REDACTED },
    });
    // And through core's message building, as Slack would get it.
    expect(JSON.stringify(buildMessage(on))).not.toContain('CANARY');
  });

  it('leaves out an empty query or body, and survives one that cannot be serialised', () => {
    const empty = httpFailureNotification(
      { ...base, query: {}, body: '' },
      { includeQuery: true, includeBody: true },
    );
    expect(empty.context).toBeUndefined();
    const big = httpFailureNotification({ ...base, body: 10n }, { includeBody: true });
    expect(big.context).toEqual({ Body: '[Unserializable]' });
  });
});
