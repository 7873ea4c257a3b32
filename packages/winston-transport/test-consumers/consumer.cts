// Type-checked as a CommonJS module (module: nodenext): require() of the ESM package with its types.
import type { Notifier } from '@backend-notifier/core';
import { SlackTransport, type SlackTransportOptions } from '@backend-notifier/winston-transport';

import winston = require('winston');

declare const notifier: Notifier;
const options: SlackTransportOptions = {
  notifier,
  level: 'warn',
  priorities: { warn: 'low' },
  closeNotifier: true,
};
export = winston.createLogger({ transports: [new SlackTransport(options)] });
// @ts-expect-error the notifier is required (proves the types resolved, not `any`)
new SlackTransport({ level: 'error' });
