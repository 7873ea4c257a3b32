import { type HttpFailure, httpStatusOf, pathOfUrl } from '@backend-notifier/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The status a failed request stands for, read where the plugin sees it (`onError`, before the error
 * handler answers): core's `httpStatusOf` over the error and the status the reply already has.
 */
export function requestStatus(error: unknown, reply: FastifyReply): number {
  return httpStatusOf(error, reply.statusCode);
}

/**
 * The route pattern Fastify matched (`/orders/:id`, with any prefix), so repeats group; else the path
 * without its query (no route matched).
 */
export function routeOf(request: FastifyRequest): string {
  const url: unknown = request.routeOptions.url;
  return typeof url === 'string' ? url : pathOfUrl(request.url);
}

/** Fastify's request translated into core's {@link HttpFailure}. */
export function requestFailure(error: unknown, request: FastifyRequest, reply: FastifyReply): HttpFailure {
  return {
    error,
    method: request.method,
    route: routeOf(request),
    status: requestStatus(error, reply),
    headers: request.headers,
    requestId: request.id,
    query: request.query,
    body: request.body,
  };
}
