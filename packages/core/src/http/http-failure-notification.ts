import { redact } from '../redact/redact.js';
import type { Notification } from '../types.js';
import { httpStatusPriority } from './http-status.js';

/** Request headers as Node's `http` (and Express, Fastify, Nest) hold them. */
export type HttpHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** One failed HTTP request, as an adapter reads it from its framework. */
export interface HttpFailure {
  /** What was thrown (rendered by core's error template: name, message, stack). */
  error: unknown;
  /** `GET`, `POST`… */
  method: string;
  /** The route pattern (`/orders/:id`) when the framework matched one, so repeats group; else the path. */
  route: string;
  /** The status the failure stands for; {@link httpStatusOf} is the usual way to get it. */
  status: number;
  /**
   * The request's headers (names in lower case). `x-request-id` and `user-agent` become fields; the whole
   * set is reported only with `includeHeaders`, redacted.
   * @default {}
   */
  headers?: HttpHeaders;
  /** The framework's own request id (Fastify's `request.id`, `req.id` from pino-http), used when no `x-request-id` header is there. */
  requestId?: unknown;
  /** The parsed query string; reported only with `includeQuery`, redacted. */
  query?: unknown;
  /** The parsed request body; reported only with `includeBody`, redacted. */
  body?: unknown;
}

/** What an adapter lets its user choose about a failure's report. */
export interface HttpFailureOptions {
  /** Add the request body (redacted) to the report. Bodies often hold personal data. @default false */
  includeBody?: boolean;
  /** Add the query string parameters (redacted) to the report. @default false */
  includeQuery?: boolean;
  /** Add the request headers (redacted: authorization, cookies, API keys…) to the report. @default false */
  includeHeaders?: boolean;
  /**
   * More keys to redact, on top of core's defaults (see `redact`). A string matches a whole key,
   * case-insensitively; a RegExp is tested against the key.
   * @default []
   */
  redactKeys?: ReadonlyArray<string | RegExp>;
  /** A named route of the notifier to post to. @default the notifier's default channel */
  channel?: string | undefined;
}

function header(headers: HttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value, null, 1) ?? String(value);
  } catch {
    return '[Unserializable]';
  }
}

function hasContent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

/**
 * The notification for one failed request, the same from every framework: title
 * `${method} ${route} failed with ${status}`, the error, priority by status ({@link httpStatusPriority}),
 * fields `Method`, `Route`, `Status`, `Request ID` (the `x-request-id` header, else the framework's id) and
 * `User agent`; headers, query and body only when asked for, and always through `redact`.
 */
export function httpFailureNotification(
  failure: HttpFailure,
  options: HttpFailureOptions = {},
): Notification {
  const { method, route, status } = failure;
  const headers = failure.headers ?? {};
  const redactKeys = options.redactKeys ?? [];
  const fields: Record<string, unknown> = { Method: method, Route: route, Status: status };
  const ownId = failure.requestId;
  const requestId =
    header(headers, 'x-request-id') ||
    (typeof ownId === 'string' || typeof ownId === 'number' ? String(ownId) : undefined);
  if (requestId !== undefined) fields['Request ID'] = requestId;
  const userAgent = header(headers, 'user-agent');
  if (userAgent !== undefined) fields['User agent'] = userAgent;
  const context: Record<string, unknown> = {};
  if (options.includeHeaders) context['Headers'] = json(redact(headers, { keys: redactKeys }));
  if (options.includeQuery && hasContent(failure.query)) {
    context['Query'] = json(redact(failure.query, { keys: redactKeys }));
  }
  if (options.includeBody && hasContent(failure.body)) {
    context['Body'] = json(redact(failure.body, { keys: redactKeys }));
  }
  const notification: Notification = {
    title: `${method} ${route} failed with ${status}`,
    error: failure.error,
    priority: httpStatusPriority(status),
    fields,
  };
  if (Object.keys(context).length > 0) notification.context = context;
  if (options.channel !== undefined) notification.channel = options.channel;
  return notification;
}
