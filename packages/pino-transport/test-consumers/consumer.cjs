// A CommonJS app loading the package with require() (Node >= 20.19 loads ESM this way).
const pkg = require('@backend-notifier/pino-transport');
const pino = require('pino');

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
    kind: 'cjs',
    exports: Object.keys(pkg).sort(),
    transport: typeof pkg.default,
    sent: sent.map((n) => [n.text, n.priority]),
  }),
);
