import type { Notifier } from '@backend-notifier/core';
import { slackErrorHandler, slackHealthHandler } from '@backend-notifier/express-middleware';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type winston from 'winston';

/** What the app needs: the notifier and the logger, both created by `main.ts` (or a test). */
export interface CreateAppOptions {
  notifier: Notifier;
  logger: winston.Logger;
  /** Service name shown in deployment notices. @default 'example-express' */
  service?: string;
}

const DEPLOY_STATUSES = new Set(['started', 'succeeded', 'failed', 'rolled_back']);

/**
 * The example Express 5 app: a few ordinary routes, two that fail, a deployment notice, a background job
 * that logs an error through Winston, and the Slack health route. Errors reach Slack through
 * `slackErrorHandler`; the response never waits for Slack.
 */
export function createApp({ notifier, logger, service = 'example-express' }: CreateAppOptions): Express {
  const app = express();
  app.use(express.json());

  app.get('/', (_req, res) => {
    res.json({ ok: true, service });
  });

  app.get('/boom', () => {
    throw new Error('Something broke in GET /boom');
  });

  app.get('/boom-async', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw new TypeError('Cannot read properties of undefined (reading "total") in the async handler');
  });

  app.post('/deploy', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const status = typeof body['status'] === 'string' ? body['status'] : 'succeeded';
    if (!DEPLOY_STATUSES.has(status)) {
      res.status(400).json({ error: `status must be one of ${[...DEPLOY_STATUSES].join(', ')}` });
      return;
    }
    const receipt = notifier.notify({
      priority: status === 'failed' ? 'high' : 'normal',
      deployment: {
        service: typeof body['service'] === 'string' ? body['service'] : service,
        version: typeof body['version'] === 'string' ? body['version'] : '0.0.0',
        environment: typeof body['environment'] === 'string' ? body['environment'] : 'production',
        status: status as 'started' | 'succeeded' | 'failed' | 'rolled_back',
        ...(typeof body['by'] === 'string' ? { by: body['by'] } : {}),
      },
    });
    // 202: the notice is queued; Slack delivery happens in the background.
    res.status(202).json({ queued: true, id: receipt.id });
  });

  app.post('/jobs/:name/run', (req, res) => {
    const job = req.params.name;
    // A background job that fails after the response: the error goes to Slack through Winston.
    setImmediate(() => {
      const error = new Error(`Job ${job} failed: upstream returned 502`);
      logger.error(`job ${job} failed`, { error, job, attempt: 3 });
    });
    res.status(202).json({ started: job });
  });

  app.get('/health/slack', slackHealthHandler(notifier));

  // Reports 5xx to Slack, then passes the error on at once.
  app.use(slackErrorHandler(notifier, { logger }));
  const finalHandler: ErrorRequestHandler = (err, req, res, _next) => {
    // `warn`, not `error`: the Slack transport listens at `error`, and slackErrorHandler already reported it.
    logger.warn(`${req.method} ${req.path} failed: ${err instanceof Error ? err.message : String(err)}`);
    res.status(500).json({ error: 'internal error' });
  };
  app.use(finalHandler);
  return app;
}
