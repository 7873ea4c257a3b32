import type { Notification } from '@backend-notifier/core';
import { httpFailureNotification, httpStatusOf, httpStatusPriority, pathOfUrl } from '@backend-notifier/core';
import { type ArgumentsHost, HttpException } from '@nestjs/common';

/**
 * The HTTP status an exception stands for: `HttpException#getStatus()`, else core's `httpStatusOf` (an
 * http-errors `status`/`statusCode`, else 500).
 */
export function exceptionStatus(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  return httpStatusOf(exception);
}

interface HttpRequestLike {
  method?: string;
  url?: string;
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
  routeOptions?: { url?: unknown };
  headers?: Record<string, string | string[] | undefined>;
  id?: unknown;
}

/**
 * The route pattern under either platform: Express's `route.path` (Nest registers routes on the app, so
 * `baseUrl` is the app's), Fastify's `routeOptions.url`; else the path without its query.
 */
function routeOf(req: HttpRequestLike): string {
  if (typeof req.route?.path === 'string') return `${req.baseUrl ?? ''}${req.route.path}` || '/';
  if (typeof req.routeOptions?.url === 'string') return req.routeOptions.url;
  return pathOfUrl(req.originalUrl ?? req.url ?? '');
}

/**
 * The notification for an exception. HTTP: Nest's request translated into core's
 * `httpFailureNotification` (title, priority, fields `Method`, `Route`, `Status`, `Request ID`,
 * `User agent`); headers, body and query are never included, so nothing secret travels from the request.
 * Other contexts (rpc, ws): the error with its status.
 */
export function exceptionNotification(
  exception: unknown,
  host: ArgumentsHost,
  channel?: string,
): Notification {
  const status = exceptionStatus(exception);
  if (host.getType() === 'http') {
    const req = host.switchToHttp().getRequest<HttpRequestLike>();
    return httpFailureNotification(
      {
        error: exception,
        method: req.method ?? 'GET',
        route: routeOf(req),
        status,
        headers: req.headers ?? {},
        requestId: req.id,
      },
      { channel },
    );
  }
  const notification: Notification = {
    title: `Unhandled ${host.getType()} exception`,
    error: exception,
    priority: httpStatusPriority(status),
    fields: { Status: status },
  };
  if (channel !== undefined) notification.channel = channel;
  return notification;
}
