import { describe, expect, it } from 'vitest';
import { httpStatusOf, httpStatusPriority, pathOfUrl, shouldReportHttpStatus } from './http-status.js';

describe('httpStatusOf', () => {
  it("takes the error's own status or statusCode when it is an error status", () => {
    expect(httpStatusOf(Object.assign(new Error('x'), { status: 404 }))).toBe(404);
    expect(httpStatusOf(Object.assign(new Error('x'), { statusCode: 503 }), 200)).toBe(503);
    // The error's own status wins over the response's: it says what the failure is.
    expect(httpStatusOf({ status: 409 }, 500)).toBe(409);
  });

  it('falls back to an error status already on the response, else 500', () => {
    expect(httpStatusOf(new Error('x'), 502)).toBe(502);
    expect(httpStatusOf(new Error('x'), 200)).toBe(500);
    expect(httpStatusOf(new Error('x'))).toBe(500);
    expect(httpStatusOf('a string was thrown', 418)).toBe(418);
    expect(httpStatusOf(null)).toBe(500);
  });

  it('ignores statuses that are not integers between 400 and 599', () => {
    for (const own of [200, 302, 600, 500.5, '500', Number.NaN]) {
      expect(httpStatusOf({ status: own }, 200)).toBe(500);
      expect(httpStatusOf({ statusCode: own }, 503)).toBe(503);
    }
  });
});

describe('shouldReportHttpStatus and httpStatusPriority', () => {
  it('report 5xx only, at high priority; 4xx would be normal', () => {
    expect([400, 404, 499, 500, 503, 599].map(shouldReportHttpStatus)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(httpStatusPriority(500)).toBe('high');
    expect(httpStatusPriority(599)).toBe('high');
    expect(httpStatusPriority(404)).toBe('normal');
  });
});

describe('pathOfUrl', () => {
  it('drops the query string', () => {
    expect(pathOfUrl('/orders/7?token=abc&x=1')).toBe('/orders/7');
    expect(pathOfUrl('/orders/7')).toBe('/orders/7');
    expect(pathOfUrl('/?')).toBe('/');
  });
});
