import { createNotifier } from '@backend-notifier/core';

const notifier = createNotifier({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  channel: 'alerts',
  routes: { deploys: 'deployments' }, // notify({ channel: 'deploys' }) goes to #deployments
  slackApiUrl: process.env.SLACK_API_URL,
});

// The deployment template: a coloured attachment with the service, version, environment and who ran it.
notifier.notify({
  channel: 'deploys',
  priority: 'high',
  deployment: {
    service: 'checkout-api',
    version: '2.14.0',
    environment: 'production',
    status: 'succeeded',
    url: 'https://ci.example.com/runs/4812',
    by: 'release-bot',
    durationMs: 184_000,
  },
  fields: { Region: 'eu-west-1', Commit: 'a1b2c3d' },
});

// Legacy attachments as the seed sent them (colour bar and fields) also work as given.
notifier.notify({
  channel: 'deploys',
  text: 'Canary at 10 %',
  attachments: [
    {
      color: 'warning',
      fallback: 'Canary at 10 %',
      fields: [
        { title: 'Error rate', value: '0.4 %', short: true },
        { title: 'p99 latency', value: '212 ms', short: true },
      ],
    },
  ],
});

const delivered = await notifier.flush(10_000);
console.log(delivered ? 'deployment status posted' : 'still pending', notifier.stats().delivered);
await notifier.close();
