// An ESM app importing the package.
import * as pkg from '@backend-notifier/pino-transport';
import pino from 'pino';

const sent = [];
const notifier = {
  notify: (n) => {
    sent.push(n);
    return { accepted: Promise.resolve(true) };
  },
  flush: async () => true,
  close: async () => true,
};
const logger = pino({}, pkg.createSlackDestination(notifier));
logger.info('not sent');
logger.error('hello');
console.log(
  JSON.stringify({
    kind: 'esm',
    exports: Object.keys(pkg).sort(),
    transport: typeof pkg.default,
    sent: sent.map((n) => [n.text, n.priority]),
  }),
);
