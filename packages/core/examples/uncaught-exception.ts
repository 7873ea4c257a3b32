import { createNotifier } from '@backend-notifier/core';

const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  slackApiUrl: process.env.SLACK_API_URL,
});

// An uncaught exception ends the process at once: nothing asynchronous runs after it, so no notifier can
// deliver on its own then. Report the error and close (bounded: 5 s at most) before exiting.
process.once('uncaughtException', (error) => {
  notifier.notify({ title: 'Nightly import crashed', error, priority: 'high' });
  void notifier.close(5000).finally(() => process.exit(1));
});

notifier.notify({ text: 'Nightly import started', priority: 'low' });
setTimeout(() => {
  throw new Error('import failed: disk full');
}, 100);
