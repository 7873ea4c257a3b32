import pino from 'pino';

// The Slack transport runs in pino's worker thread and creates its notifier there, from these options.
const transport = pino.transport({
  targets: [
    { target: 'pino/file', options: { destination: 1 } }, // every line to stdout, as usual
    {
      target: '@backend-notifier/pino-transport',
      level: 'error',
      options: {
        token: process.env.SLACK_BOT_TOKEN ?? '',
        channel: 'alerts',
        slackApiUrl: process.env.SLACK_API_URL, // unset: https://slack.com/api/
      },
    },
  ],
});
const logger = pino({ redact: ['user.email'] }, transport);

logger.error(
  { err: new Error('card processor timeout'), orderId: 'ord-981', user: { id: 7, email: 'a@example.com' } },
  'payment failed',
);
logger.warn('disk almost full'); // below the Slack target's level: stdout only

// Nothing else to do: as the process ends, pino's exit handler waits for the worker, which delivers what
// was logged (within closeTimeoutMs, 5 s by default) before the process is gone.
