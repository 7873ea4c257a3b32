// An ESM app importing the package.
import * as pkg from '@backend-notifier/winston-transport';
import winston from 'winston';
import Transport from 'winston-transport';

const notifier = {
  notify: () => ({ accepted: Promise.resolve(true) }),
  flush: async () => true,
  close: async () => true,
};
const transport = new pkg.SlackTransport({ notifier });
const logger = winston.createLogger({ transports: [transport] });
logger.error('hello');
console.log(
  JSON.stringify({
    kind: 'esm',
    exports: Object.keys(pkg).sort(),
    level: transport.level,
    isTransport: transport instanceof Transport,
  }),
);
