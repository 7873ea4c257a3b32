import type { Priority } from '../types.js';

function isErrorStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599;
}

/**
 * The HTTP status a failure stands for, the same in every adapter: the error's own `status` or
 * `statusCode` (http-errors, body parsers, Fastify's errors) when it is an error status, else the
 * response's status when a handler already set an error status, else 500.
 */
export function httpStatusOf(error: unknown, responseStatus?: number): number {
  if (typeof error === 'object' && error !== null) {
    const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
    const own = status ?? statusCode;
    if (isErrorStatus(own)) return own;
  }
  return isErrorStatus(responseStatus) ? responseStatus : 500;
}

/**
 * Whether a failure with this status is reported by default: 5xx only. A 4xx is the app answering a bad
 * request as it should; reporting it would flood the channel with other people's typos.
 */
export function shouldReportHttpStatus(status: number): boolean {
  return status >= 500;
}

/** The priority of a failure's notification: `high` for 5xx, `normal` otherwise. */
export function httpStatusPriority(status: number): Priority {
  return status >= 500 ? 'high' : 'normal';
}

/** A URL's path without its query string (`/orders/7?x=1` → `/orders/7`): the route when none matched. */
export function pathOfUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
