// Run by smoke/pino.mjs as a process of its own: pino's worker transport from the tarball, one error line,
// then process.exit(0) at once. pino's exit handler waits for the worker, which delivers it.
import pino from 'pino';
import { emulatorEnv } from './emulator.mjs';

const [channel, marker] = process.argv.slice(2);
const { apiUrl, token } = emulatorEnv();
const transport = pino.transport({
  target: '@backend-notifier/pino-transport',
  options: { token, channel, slackApiUrl: apiUrl },
});
const logger = pino(transport);
logger.error({ err: new Error(`ledger write failed (${marker})`), orderId: 'ord-981' }, 'payment failed');
process.exit(0);
