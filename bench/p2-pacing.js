// P2 pacing: N distinct messages to one channel, all handed over at once, on Slack's real shape
// (chat.postMessage 1/s per channel, burst 3). Ours and the two alternatives run side by side on three
// channels of one emulator (the limit is per channel, so they do not disturb each other). Figures come from
// the emulator's request log (server timestamps).
import { createNotifier } from '@backend-notifier/core';
import winston from 'winston';
import SlackHook from 'winston-slack-webhook-transport';
import { startEmulatorProcess } from './lib/emulator.js';
import { overLimit, sleep } from './lib/measure.js';
import { row } from './lib/rows.js';
import { defaultWebClient, silentLogger } from './lib/slack-clients.js';

const RATE = 1; // Slack's chat.postMessage: 1 per second per channel
const BURST = 3; // the emulator's default burst (Slack: "short bursts >1 allowed")

export async function run(ctx) {
  const N = ctx.quick ? 12 : 30;
  const ideal = (N / RATE) * 1000;
  const deadline = 2 * ideal + 5000;
  const emu = await startEmulatorProcess({
    rateLimits: { enabled: true, postMessage: { perSecond: RATE, burst: BURST } },
  });
  const rows = [];
  try {
    for (const name of ['p2-ours', 'p2-raw', 'p2-hook'])
      await emu.control('createChannel', { name, botMember: true });
    const ids = {};
    for (const c of await emu.control('channels')) ids[c.name] = c.id;
    const hookUrl = await emu.control('createWebhook', 'p2-hook');
    const notifier = createNotifier({
      token: emu.botToken,
      slackApiUrl: emu.apiUrl,
      channel: 'p2-ours',
      perChannelPerSecond: RATE,
      logger: silentLogger,
      healthCheckIntervalMs: 0,
    });
    await notifier.start();
    const client = defaultWebClient(emu.botToken, emu.apiUrl);
    const logger = winston.createLogger({
      transports: [new SlackHook({ webhookUrl: hookUrl, level: 'error' })],
    });
    const since = (await emu.control('requestLog')).at(-1)?.seq ?? 0;

    const t0 = Date.now();
    for (let i = 0; i < N; i++) notifier.notify(`ours: deploy check ${i} failed`);
    // The seed: every event awaits its own chat.postMessage on the caller's path.
    const raw = Array.from({ length: N }, (_, i) =>
      client.chat.postMessage({ channel: ids['p2-raw'], text: `raw: deploy check ${i} failed` }).then(
        () => 'ok',
        () => 'error',
      ),
    );
    for (let i = 0; i < N; i++) logger.error(`hook: deploy check ${i} failed`);

    const oursDone = notifier.flush(deadline);
    const rawDone = Promise.race([Promise.all(raw), sleep(deadline).then(() => 'deadline')]);
    await Promise.all([oursDone, rawDone]);
    await sleep(200);
    const log = (await emu.control('requestLog', since)).filter((e) => e.at >= t0);

    const report = (subject, entries, { replay = false } = {}) => {
      const ok = entries.filter((e) => e.outcome === 'ok');
      const limited = entries.filter((e) => e.outcome === 'ratelimited').length;
      const done = ok.length === N;
      const lastDone = ok.length ? Math.max(...ok.map((e) => e.doneAt)) : Number.NaN;
      const ratio = done ? (lastDone - t0) / ideal : (deadline + (Date.now() - t0 - deadline)) / ideal;
      const target = subject === 'backend-notifier';
      const replayed = replay
        ? overLimit(
            ok.map((e) => e.at),
            RATE,
            BURST,
          )
        : 0;
      rows.push(
        row('P2', subject, `time / ideal (${N} msgs at ${RATE}/s)`, done ? ratio : `> ${ratio.toFixed(2)}`, {
          digits: 2,
          ...(target ? { target: { op: '<=', value: 1.05 } } : {}),
          note: done
            ? `${((lastDone - t0) / 1000).toFixed(1)} s for ${N} (ideal ${(ideal / 1000).toFixed(0)} s)`
            : `${ok.length}/${N} delivered when stopped at ${(deadline / 1000).toFixed(0)} s`,
        }),
        row(
          'P2',
          subject,
          replay ? '429s (replayed: over 1/s, burst 3)' : '429s',
          replay ? replayed : limited,
          {
            ...(target ? { target: { op: '<=', value: 0 } } : {}),
            note: replay
              ? `the emulator does not limit webhooks; Slack allows 1/s per hook: ${replayed} of ${ok.length} posts came faster`
              : `${entries.length} chat.postMessage calls for ${N} messages`,
          },
        ),
      );
    };
    report(
      'backend-notifier',
      log.filter((e) => e.method === 'chat.postMessage' && e.channel === ids['p2-ours']),
    );
    report(
      'raw @slack/web-api (defaults)',
      log.filter((e) => e.method === 'chat.postMessage' && e.channel === ids['p2-raw']),
    );
    report(
      'winston-slack-webhook-transport',
      log.filter((e) => e.method === 'incoming-webhook'),
      { replay: true },
    );
    void notifier.close(0);
  } finally {
    emu.close();
  }
  return rows;
}
