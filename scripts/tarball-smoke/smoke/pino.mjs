// The pino transport from the tarballs: the worker target resolved by pino from this app, in a process of
// its own that logs and calls process.exit(0) at once (the line must still reach Slack), and the in-process
// destination on a pino logger, ended with end() and 'finish'.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createNotifier } from '@backend-notifier/core';
import { createSlackDestination } from '@backend-notifier/pino-transport';
import pino from 'pino';
import { emulatorEnv, expectOneMessage, run } from './lib/emulator.mjs';

run('pino-transport (worker and destination, pino 10)', async () => {
  const { apiUrl, token } = emulatorEnv();
  const worker = `pino-worker-smoke-${process.pid}`;
  const child = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('./lib/pino-exit.mjs', import.meta.url)), 'smoke-pino-worker', worker],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (child.status !== 0)
    throw new Error(`worker script: exit ${child.status} ${child.signal ?? ''} ${child.stderr}`);
  await expectOneMessage('smoke-pino-worker', [worker, 'payment failed', 'Error: ledger write failed']);

  const inProcess = `pino-destination-smoke-${process.pid}`;
  const notifier = createNotifier({ token, channel: 'smoke-pino-destination', slackApiUrl: apiUrl });
  const destination = createSlackDestination(notifier, { closeNotifier: true });
  const logger = pino({}, destination);
  logger.info('not sent');
  logger.error({ orderId: 'ord-982' }, `refund failed (${inProcess})`);
  destination.end();
  await once(destination, 'finish');
  if (notifier.stats().delivered !== 1) throw new Error(`stats ${JSON.stringify(notifier.stats())}`);
  await expectOneMessage('smoke-pino-destination', [inProcess, 'ord-982']);
  return 'process.exit(0) right after logger.error: in #smoke-pino-worker; destination end(): in #smoke-pino-destination';
});
