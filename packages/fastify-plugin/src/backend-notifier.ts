import {
  createHttpFailureReporter,
  httpHealthResponse,
  type Logger,
  type Notifier,
  shouldReportHttpStatus,
} from '@backend-notifier/core';
import type { FastifyInstance, FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { type BackendNotifierPluginOptions, DEFAULT_CLOSE_TIMEOUT_MS } from './plugin-options.js';
import { requestFailure, requestStatus } from './request-failure.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The notifier registered by `@backend-notifier/fastify-plugin`. */
    notifier: Notifier;
  }
}

function fastifyLogger(fastify: FastifyInstance): Pick<Logger, 'error'> {
  // pino's argument order: the object first, the message second.
  return { error: (message, meta) => fastify.log.error(meta ?? {}, message) };
}

const plugin: FastifyPluginCallback<BackendNotifierPluginOptions> = (fastify, options, done) => {
  const { notifier } = options;
  const shouldReport =
    options.shouldReport ?? ((error, _request, reply) => shouldReportHttpStatus(requestStatus(error, reply)));
  const report = createHttpFailureReporter(notifier, {
    ...options,
    name: 'backendNotifier',
    logger: options.logger ?? fastifyLogger(fastify),
  });

  fastify.decorate('notifier', notifier);

  // onError runs once per failed request, before the error handler answers, and cannot change the
  // response: the app's error handler (or Fastify's) stays in charge. notify() is synchronous and cheap.
  fastify.addHook('onError', (request, reply, error, hookDone) => {
    report(() => (shouldReport(error, request, reply) ? requestFailure(error, request, reply) : undefined));
    hookDone();
  });

  if (options.healthRoute) {
    fastify.get(options.healthRoute, async (_request, reply) => {
      const { statusCode, body } = await httpHealthResponse(notifier);
      return reply.code(statusCode).header('cache-control', 'no-store').send(body);
    });
  }

  if (options.closeNotifier ?? true) {
    const timeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    // onClose runs after the server stopped taking requests and answered those in progress, so their
    // reports are queued by now; close() keeps the process alive until they are delivered or the bound.
    fastify.addHook('onClose', async () => {
      await notifier.close(timeoutMs);
    });
  }
  done();
};

/**
 * The Fastify plugin (Fastify 5): reports failed requests (5xx by default) through the notifier from an
 * `onError` hook without changing the response, decorates `fastify.notifier`, optionally serves a health
 * route, and closes the notifier when Fastify closes. Not encapsulated (through `fastify-plugin`): register
 * it before your routes and it sees the errors of every route, prefixed plugins included.
 *
 * @example
 * await app.register(backendNotifier, { notifier, healthRoute: '/health/slack' });
 */
export const backendNotifier = fp(plugin, { fastify: '5.x', name: '@backend-notifier/fastify-plugin' });
