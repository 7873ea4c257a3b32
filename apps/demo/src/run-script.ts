/** One scripted HTTP call and what came back. */
export interface ScriptStep {
  app: 'express' | 'nest' | 'fastify';
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

/** Number of quick identical errors in the burst (shows pacing, and grouping once the core groups). */
export const BURST_SIZE = 30;

/** The scripted mix: errors, deployment statuses, log errors from background jobs, then a burst. */
export function demoScript(): ScriptStep[] {
  const deploy = (app: ScriptStep['app'], body: Record<string, string>): ScriptStep => ({
    app,
    method: 'POST',
    path: '/deploy',
    body,
  });
  return [
    deploy('express', {
      service: 'orders-api',
      version: '3.2.0',
      environment: 'production',
      status: 'started',
      by: 'ci',
    }),
    { app: 'express', method: 'GET', path: '/boom' },
    deploy('nest', {
      service: 'billing',
      version: '1.8.4',
      environment: 'production',
      status: 'failed',
      by: 'alice',
    }),
    { app: 'nest', method: 'GET', path: '/boom-async' },
    { app: 'express', method: 'POST', path: '/jobs/nightly-import/run' },
    { app: 'nest', method: 'POST', path: '/jobs/reindex/run' },
    { app: 'express', method: 'GET', path: '/boom-async' },
    { app: 'nest', method: 'GET', path: '/boom' },
    { app: 'fastify', method: 'GET', path: '/orders/17' },
    { app: 'fastify', method: 'GET', path: '/missing' },
    { app: 'fastify', method: 'GET', path: '/payments/pay-981' },
    deploy('express', {
      service: 'orders-api',
      version: '3.2.0',
      environment: 'production',
      status: 'succeeded',
      by: 'ci',
    }),
    deploy('nest', {
      service: 'billing',
      version: '1.8.3',
      environment: 'production',
      status: 'rolled_back',
      by: 'alice',
    }),
  ];
}

/** Runs one step against its app; resolves with the HTTP status. */
async function runStep(
  step: ScriptStep,
  urls: Record<ScriptStep['app'], string>,
  signal: AbortSignal | undefined,
): Promise<number> {
  const res = await fetch(new URL(step.path.slice(1), urls[step.app]), {
    method: step.method,
    ...(signal ? { signal } : {}),
    ...(step.body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(step.body) }),
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Plays the script: the steps a little apart (so the page shows them arrive), then {@link BURST_SIZE}
 * errors at once on the Express app. Returns how many requests were made.
 */
export async function runScript(
  urls: Record<ScriptStep['app'], string>,
  log: (line: string) => void,
  options: { stepDelayMs?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const delay = options.stepDelayMs ?? 300;
  let requests = 0;
  for (const step of demoScript()) {
    if (options.signal?.aborted) return requests;
    const status = await runStep(step, urls, options.signal);
    requests++;
    const what = step.body ? ` ${JSON.stringify(step.body)}` : '';
    log(`  ${step.app.padEnd(7)} ${step.method} ${step.path} → ${status}${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  if (options.signal?.aborted) return requests;
  const burst = Array.from({ length: BURST_SIZE }, () =>
    runStep({ app: 'express', method: 'GET', path: '/boom' }, urls, options.signal),
  );
  const statuses = await Promise.all(burst);
  requests += statuses.length;
  log(
    `  express GET /boom ×${BURST_SIZE} at once → ${[...new Set(statuses)].join(', ')} (a burst: watch the pacing)`,
  );
  return requests;
}
