import type { HttpFailureOptions, Notification } from '@backend-notifier/core';
import { httpFailureNotification, httpStatusOf, pathOfUrl } from '@backend-notifier/core';
import type { RequestLike, ResponseLike } from './types.js';

/** What {@link buildRequestNotification} needs from the handler's options (core's {@link HttpFailureOptions}). */
export type RequestNotificationOptions = HttpFailureOptions;

/**
 * The HTTP status an error stands for (core's `httpStatusOf`): its own `status`/`statusCode` (http-errors,
 * Express's body parser), else the response's status when a handler already set an error status, else 500.
 */
export function statusOf(err: unknown, res: ResponseLike): number {
  return httpStatusOf(err, res.statusCode);
}

function pathOf(req: RequestLike): string {
  return pathOfUrl(req.originalUrl ?? req.url);
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

/**
 * The notification for one failed request: Express's request translated into core's
 * `httpFailureNotification`, which holds the policy (title, priority, fields, redaction).
 */
export function buildRequestNotification(
  err: unknown,
  req: RequestLike,
  res: ResponseLike,
  options: RequestNotificationOptions,
): Notification {
  return httpFailureNotification(
    {
      error: err,
      method: req.method,
      route: routeOf(req),
      status: statusOf(err, res),
      headers: req.headers,
      requestId: req.id,
      query: req.query,
      body: req.body,
    },
    options,
  );
}
