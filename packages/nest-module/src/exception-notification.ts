import type { Notification } from '@backend-notifier/core';
import { type ArgumentsHost, HttpException } from '@nestjs/common';

/** The HTTP status an exception stands for: `HttpException#getStatus()`, an http-errors status, else 500. */
export function exceptionStatus(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  if (typeof exception === 'object' && exception !== null) {
    const { status, statusCode } = exception as { status?: unknown; statusCode?: unknown };
    const own = status ?? statusCode;
    if (typeof own === 'number' && Number.isInteger(own) && own >= 400 && own <= 599) return own;
  }
  return 500;
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

function header(req: HttpRequestLike, name: string): string | undefined {
  const value = req.headers?.[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The route pattern (Express `route.path`, Fastify `routeOptions.url`), else the path without query. */
function routeOf(req: HttpRequestLike): string {
  if (typeof req.route?.path === 'string') return `${req.baseUrl ?? ''}${req.route.path}` || '/';
  if (typeof req.routeOptions?.url === 'string') return req.routeOptions.url;
  const url = req.originalUrl ?? req.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * The notification for an exception: the error (core's error template) plus, for HTTP, the method,
 * route, status, request id and user agent. Headers, body and query are never included, so nothing
 * secret travels from the request.
 */
export function exceptionNotification(
  exception: unknown,
  host: ArgumentsHost,
  channel?: string,
): Notification {
  const status = exceptionStatus(exception);
  const fields: Record<string, unknown> = { Status: status };
  let title = `Unhandled ${host.getType()} exception`;
  if (host.getType() === 'http') {
    const req = host.switchToHttp().getRequest<HttpRequestLike>();
    const method = req.method ?? 'GET';
    const route = routeOf(req);
    title = `${method} ${route} failed with ${status}`;
    fields['Method'] = method;
    fields['Route'] = route;
    const requestId = header(req, 'x-request-id') ?? (typeof req.id === 'string' ? req.id : undefined);
    if (requestId !== undefined) fields['Request ID'] = requestId;
    const userAgent = header(req, 'user-agent');
    if (userAgent !== undefined) fields['User agent'] = userAgent;
  }
  const notification: Notification = {
    title,
    error: exception,
    priority: status >= 500 ? 'high' : 'normal',
    fields,
  };
  if (channel !== undefined) notification.channel = channel;
  return notification;
}
