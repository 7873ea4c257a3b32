// Type-checked as an ES module (module: nodenext).
import type { Notifier } from '@backend-notifier/core';
import pinoTransport, {
  createSlackDestination,
  type PinoTransportOptions,
} from '@backend-notifier/pino-transport';
import pino from 'pino';

declare const notifier: Notifier;
const logger = pino({}, createSlackDestination(notifier, { flushTimeoutMs: 2000, route: 'payments' }));
// The default export is what pino's worker calls with the transport's options.
const built: Promise<unknown> = pinoTransport({
  token: 'xoxb-1',
  channel: 'alerts',
} satisfies PinoTransportOptions);
// @ts-expect-error priorities are high | normal | low
createSlackDestination(notifier, { priorities: { error: 'urgent' } });
// @ts-expect-error a store cannot be sent to a worker thread
const withStore: PinoTransportOptions = { token: 'xoxb-1', channel: 'alerts', store: {} };

export { built, logger, withStore };
