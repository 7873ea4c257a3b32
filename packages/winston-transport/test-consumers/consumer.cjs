// A CommonJS app loading the package with require() (Node >= 20.19 loads ESM this way).
const { SlackTransport } = require('@backend-notifier/winston-transport');
const winston = require('winston');

const notifier = {
  notify: () => ({ accepted: Promise.resolve(true) }),
  flush: async () => true,
  close: async () => true,
};
const transport = new SlackTransport({ notifier });
const logger = winston.createLogger({ transports: [transport] });
logger.error('hello');
console.log(
  JSON.stringify({
    kind: 'cjs',
    exports: Object.keys(require('@backend-notifier/winston-transport')).sort(),
    level: transport.level,
    isTransport: transport instanceof require('winston-transport'),
  }),
);
