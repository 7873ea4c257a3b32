import { describe, expect, it } from 'vitest';
import { routeOf } from './request-notification.js';
import type { RequestLike } from './types.js';

const req = (originalUrl: string, routePath?: unknown, baseUrl = ''): RequestLike => ({
  method: 'GET',
  url: originalUrl,
  originalUrl,
  baseUrl,
  headers: {},
  route: routePath === undefined ? undefined : { path: routePath },
});

describe('routeOf', () => {
  it.each([
    ['/users/42?x=1', '/users/:id', '', '/users/:id'],
    ['/api/orders/7', '/orders/:orderId', '/api', '/api/orders/:orderId'],
    ['/api/orders/7', '/orders/:orderId', '', '/api/orders/:orderId'],
    ['/api/v2/orders/7/', '/orders/:orderId', '', '/api/v2/orders/:orderId'],
    ['/api', '/', '', '/api'],
    ['/', '/', '', '/'],
    ['/files/a/b/c', '/files/*path', '', '/files/*path'],
    ['/no/route/matched?token=abc', undefined, '', '/no/route/matched'],
    ['/multi', ['/a', '/b'], '', '/multi'],
  ])('%s with route %j (baseUrl %j) → %s', (url, routePath, baseUrl, expected) => {
    expect(routeOf(req(url, routePath, baseUrl))).toBe(expected);
  });
});
