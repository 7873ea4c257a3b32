// @backend-notifier/core from a CommonJS app: require() of the ESM package (Node >= 20.19's require(esm)).
const { createNotifier } = require('@backend-notifier/core');
const { emulatorEnv, expectOneMessage, run } = require('./lib/emulator.mjs');

run('core (CommonJS require)', async () => {
  const { apiUrl, token } = emulatorEnv();
  const channel = 'smoke-core';
  const marker = `core-smoke-${process.pid}`;
  const notifier = createNotifier({ token, channel, slackApiUrl: apiUrl });
  const outcome = await notifier.notify({ text: `Nightly backup finished (${marker})`, priority: 'high' })
    .delivered;
  if (outcome.status !== 'delivered') throw new Error(`outcome ${JSON.stringify(outcome)}`);
  const closed = await notifier.close(5000);
  if (closed !== true) throw new Error(`close() returned ${closed}`);
  const message = await expectOneMessage(channel, [marker]);
  return `delivered ts ${outcome.ts}, the emulator holds it in #${channel} (ts ${message.ts})`;
});
