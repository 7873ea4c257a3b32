import { createNotifier } from '@backend-notifier/core';

// The channel is created (or found) and joined at start; notify() queues even before that is done.
const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  slackApiUrl: process.env.SLACK_API_URL, // unset: https://slack.com/api/
});

const receipt = notifier.notify({ text: 'Nightly backup finished: 42 GB in 3 min', priority: 'normal' });

// notify() returned at once; await the outcome only if you care.
const outcome = await receipt.delivered;
console.log(
  outcome.status === 'delivered' ? `posted: ${outcome.permalink}` : `not posted: ${outcome.reason}`,
);

await notifier.close();
