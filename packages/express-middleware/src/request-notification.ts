import type { Notification, Priority } from '@backend-notifier/core';
import { isSensitiveKey, REDACTED, redact } from '@backend-notifier/core';
import type { RequestLike, ResponseLike } from './types.js';

/** What {@link buildRequestNotification} needs from the handler's options. */
export interface RequestNotificationOptions {
  includeBody: boolean;
  includeQuery: boolean;
  includeHeaders: boolean;
  redactKeys: ReadonlyArray<string | RegExp>;
  channel: string | undefined;
}

/**
 * The HTTP status an error stands for: its own `status`/`statusCode` (http-errors, Express's body
 * parser), else the response's status when a handler already set an error status, else 500.
 */
export function statusOf(err: unknown, res: ResponseLike): number {
  if (typeof err === 'object' && err !== null) {
    const own =
      (err as { status?: unknown; statusCode?: unknown }).status ??
      (err as { statusCode?: unknown }).statusCode;
    if (typeof own === 'number' && Number.isInteger(own) && own >= 400 && own <= 599) return own;
  }
  return res.statusCode >= 400 && res.statusCode <= 599 ? res.statusCode : 500;
}

function pathOf(req: RequestLike): string {
  const url = req.originalUrl ?? req.url;
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * The route pattern (`/api/users/:id`) when Express matched one, so repeats group; else the path.
 * By the time an app-level error handler runs, Express has reset `req.baseUrl` to the app's, so a
 * router's mount path is recovered from the URL: the segments before the ones the pattern matched.
 */
export function routeOf(req: RequestLike): string {
  const pattern: unknown = req.route?.path;
  const path = pathOf(req);
  if (typeof pattern !== 'string') return path;
  if (req.baseUrl) return `${req.baseUrl}${pattern}`;
  // Wildcards and optional parts match a variable number of segments: no safe way to split the URL.
  if (/[*?(){}]/.test(pattern)) return pattern;
  const matched = pattern.split('/').filter(Boolean).length;
  const segments = path.split('/').filter(Boolean);
  if (segments.length < matched) return pattern;
  const mount = segments.slice(0, segments.length - matched).join('/');
  if (matched === 0) return mount ? `/${mount}` : '/';
  return mount ? `/${mount}${pattern}` : pattern;
}

function header(req: RequestLike, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function requestIdOf(req: RequestLike): string | undefined {
  const fromHeader = header(req, 'x-request-id');
  if (fromHeader) return fromHeader;
  return typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : undefined;
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
 * The notification for one failed request: the error (rendered by core's error template) with the
 * method, route, status, request id and user agent as fields; headers, body and query only when asked
 * for, and always through {@link redact}.
 */
export function buildRequestNotification(
  err: unknown,
  req: RequestLike,
  res: ResponseLike,
  options: RequestNotificationOptions,
): Notification {
  const status = statusOf(err, res);
  const route = routeOf(req);
  const priority: Priority = status >= 500 ? 'high' : 'normal';
  const fields: Record<string, unknown> = { Method: req.method, Route: route, Status: status };
  const requestId = requestIdOf(req);
  if (requestId !== undefined) fields['Request ID'] = requestId;
  const userAgent = header(req, 'user-agent');
  if (userAgent !== undefined) fields['User agent'] = userAgent;
  const context: Record<string, unknown> = {};
  if (options.includeHeaders) {
    const headers: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = isSensitiveKey(name, options.redactKeys) ? REDACTED : value;
    }
    context['Headers'] = json(redact(headers, { keys: options.redactKeys }));
  }
  if (options.includeQuery && hasContent(req.query)) {
    context['Query'] = json(redact(req.query, { keys: options.redactKeys }));
  }
  if (options.includeBody && hasContent(req.body)) {
    context['Body'] = json(redact(req.body, { keys: options.redactKeys }));
  }
  const notification: Notification = {
    title: `${req.method} ${route} failed with ${status}`,
    error: err,
    priority,
    fields,
  };
  if (Object.keys(context).length > 0) notification.context = context;
  if (options.channel !== undefined) notification.channel = options.channel;
  return notification;
}
