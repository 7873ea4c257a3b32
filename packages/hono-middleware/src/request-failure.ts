import { type HttpFailure, httpStatusOf } from '@backend-notifier/core';
import type { Context } from 'hono';

/**
 * The status a failed request stands for: core's `httpStatusOf` over the error and the response the app's
 * error handler made of it (`c.res`, final by the time the middleware sees the error).
 */
export function requestStatus(error: unknown, c: Context): number {
  return httpStatusOf(error, c.res.status);
}

/**
 * The route pattern of the handler that answered (`/orders/:id`, with the prefix of an `app.route()`
 * sub-app), so repeats group; the path when only a wildcard middleware matched.
 */
export function routeOf(c: Context): string {
  // Read from the request itself, not through `hono/route`: that helper keys on a symbol of its own module,
  // and a CommonJS app's `hono` is another copy of that module than the one this ES module imports.
  const pattern = c.req.routePath;
  return pattern && pattern !== '*' && pattern !== '/*' ? pattern : c.req.path;
}

/** A request id set by Hono's `requestId()` middleware (`c.var.requestId`), if any. */
function contextRequestId(c: Context): unknown {
  try {
    return (c.var as Record<string, unknown>)['requestId'];
  } catch {
    return undefined;
  }
}

/** Hono's request translated into core's {@link HttpFailure} (the body is added by the caller, see below). */
export function requestFailure(error: unknown, c: Context): HttpFailure {
  return {
    error,
    method: c.req.method,
    route: routeOf(c),
    status: requestStatus(error, c),
    headers: c.req.header(),
    requestId: contextRequestId(c),
    query: c.req.query(),
  };
}

/**
 * The body as the handler already read it (`c.req.json()`, `text()`, `parseBody()`, a validator), or
 * undefined when it never did: a body the app did not read is not read for a report (it may be large, or
 * still arriving). Hono caches what was read as promises, settled by now.
 */
export function readBodyIfParsed(c: Context): Promise<unknown> | undefined {
  // Typed as values, held as promises (Hono's own reads chain on them).
  const cache = c.req.bodyCache as { text?: Promise<string>; formData?: Promise<FormData> };
  if (cache.text) {
    return cache.text.then((text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    });
  }
  if (cache.formData) {
    return cache.formData.then((form) =>
      Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : '[File]'])),
    );
  }
  return undefined;
}
