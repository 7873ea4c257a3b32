// Type-checked as an ES module (module: nodenext).
import type { Notifier } from '@backend-notifier/core';
import { SlackTransport } from '@backend-notifier/winston-transport';
import winston from 'winston';

declare const notifier: Notifier;
const logger = winston.createLogger({ transports: [new SlackTransport({ notifier, flushTimeoutMs: 2000 })] });
// @ts-expect-error the notifier is required
new SlackTransport({ level: 'error' });
// @ts-expect-error priorities are high | normal | low
new SlackTransport({ notifier, priorities: { error: 'urgent' } });
export default logger;
