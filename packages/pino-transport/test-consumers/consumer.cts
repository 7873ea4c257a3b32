// Type-checked as a CommonJS module (module: nodenext): require() of the ESM package with its types.
import type { Notifier } from '@backend-notifier/core';
import {
  createSlackDestination,
  type PinoTransportOptions,
  type SlackDestinationOptions,
} from '@backend-notifier/pino-transport';

import pino = require('pino');

declare const notifier: Notifier;
const options: SlackDestinationOptions = { level: 'warn', priorities: { warn: 'low' }, closeNotifier: true };
const worker: PinoTransportOptions = { token: 'xoxb-1', channel: 'alerts', closeTimeoutMs: 3000 };
// @ts-expect-error the notifier is required (proves the types resolved, not `any`)
createSlackDestination();
// @ts-expect-error the worker needs a channel
const noChannel: PinoTransportOptions = { token: 'xoxb-1' };
export = {
  logger: pino({}, createSlackDestination(notifier, options)),
  transport: pino.transport({ target: '@backend-notifier/pino-transport', options: worker }),
  noChannel,
};
