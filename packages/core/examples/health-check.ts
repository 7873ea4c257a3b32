import { createNotifier } from '@backend-notifier/core';

const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  slackApiUrl: process.env.SLACK_API_URL,
  healthCheckIntervalMs: 60_000, // rejoins the channel and drains the queue in the background
});

// start() checks the token and its scopes and sets the channel up; it throws a NotifierError on bad config.
await notifier.start();

// Membership is checked with the bot's user id from auth.test (the seed compared its bot_id, which never matches).
const report = await notifier.health();
console.log(`health: ${report.status}`);
for (const check of report.checks) {
  console.log(`  ${check.status.padEnd(8)} ${check.name.padEnd(14)} ${check.detail ?? ''}`);
}

await notifier.close();
