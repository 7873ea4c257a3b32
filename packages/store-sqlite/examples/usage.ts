import { createNotifier } from '@backend-notifier/core';
import { createSqliteStore } from '@backend-notifier/store-sqlite';

const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  slackApiUrl: process.env.SLACK_API_URL, // unset: https://slack.com/api/
  store: createSqliteStore({ path: 'data/outbox.db' }),
});

const receipt = notifier.notify({ text: 'Disk almost full', priority: 'high' });
console.log(await receipt.accepted); // true: the row is committed
console.log((await receipt.delivered).status); // 'delivered' (with ts, channel id…)
console.log(await notifier.close(5000)); // waits for Slack up to 5 s; what is still waiting stays in the file
