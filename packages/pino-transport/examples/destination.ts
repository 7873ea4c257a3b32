import { createNotifier } from '@backend-notifier/core';
import { createNotifierLogger, createSlackDestination } from '@backend-notifier/pino-transport';
import pino from 'pino';

// Every line to stdout; from error up, to Slack too (the destination is added once the notifier exists).
const streams = pino.multistream([{ level: 'info', stream: process.stdout }]);
const logger = pino({ level: 'info' }, streams);
// The notifier logs into the same logger; its lines are marked and never sent back to Slack.
const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  slackApiUrl: process.env.SLACK_API_URL, // unset: https://slack.com/api/
  logger: createNotifierLogger(logger),
});
const slack = createSlackDestination(notifier, { closeNotifier: true });
streams.add({ level: 'error', stream: slack });

logger.error({ err: new Error('card processor timeout'), orderId: 'ord-981' }, 'payment failed');

// At shutdown: end() calls back once every line is delivered (or flushTimeoutMs, 5 s, passed).
slack.end(() => logger.info('Slack destination closed'));
