// P3 storm: 100,000 events of 1,000 fingerprints arriving over a few seconds, on Slack's shape sped up by
// SCALE. Ours runs until it has flushed or the window ends; each alternative gets the same storm and a
// shorter window (it cannot finish: one Slack call per event). Each subject runs in its own process, so its
// RSS growth is its own; Slack-side figures come from the emulator's request log.
import { forkWorker } from './lib/child-process.js';
import { startEmulatorProcess } from './lib/emulator.js';
import { overLimit } from './lib/measure.js';
import { row } from './lib/rows.js';

const SCALE = 20;
const WORKER = new URL('./lib/p3-worker.js', import.meta.url).pathname;

export async function run(ctx) {
  const events = ctx.quick ? 20_000 : 100_000;
  const fingerprints = ctx.quick ? 200 : 1000;
  const feedMs = ctx.quick ? 2000 : 10_000;
  const rows = [];
  const emu = await startEmulatorProcess({ rateLimits: { enabled: true, scale: SCALE } });
  try {
    for (const name of ['p3-ours', 'p3-raw', 'p3-hook'])
      await emu.control('createChannel', { name, botMember: true });
    const ids = {};
    for (const c of await emu.control('channels')) ids[c.name] = c.id;
    const hookUrl = await emu.control('createWebhook', 'p3-hook');
    const base = { apiUrl: emu.apiUrl, token: emu.botToken, scale: SCALE, events, fingerprints, feedMs };
    const label = `${events.toLocaleString('en-US')} events, ${fingerprints.toLocaleString('en-US')} fingerprints`;

    const subject = async (name, cfg, windowMs) => {
      const since = await emu.lastSeq();
      const w = forkWorker(WORKER, [JSON.stringify({ ...base, ...cfg, windowMs })], {
        timeoutMs: windowMs + 30_000,
        execArgv: ['--expose-gc'],
      });
      const { result } = await w.ready;
      w.kill();
      const slack = await emu.summary({
        since,
        channel: ids[cfg.channel],
        withTimes: cfg.subject === 'webhook',
      });
      ctx.log(name, JSON.stringify({ ...result, okTimes: undefined }), JSON.stringify(slack.counts));
      return { result, slack };
    };
    const calls = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
    const limited = (counts) =>
      Object.entries(counts)
        .filter(([k]) => k.endsWith(' ratelimited'))
        .reduce((a, [, v]) => a + v, 0);
    const callNote = (counts) =>
      Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');

    // --- ours ---
    const oursWindow = ctx.quick ? 15_000 : 40_000;
    const o = await subject('ours', { subject: 'ours', channel: 'p3-ours' }, oursWindow);
    const s = o.result.stats;
    const grouped = typeof s.grouped === 'number' ? s.grouped : 0;
    const accounted = s.delivered + s.pending + s.deadLettered + s.dropped + grouped;
    const drops = Object.entries(s.droppedByReason)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    rows.push(
      row('P3', 'backend-notifier', `Slack calls (${label})`, calls(o.slack.counts), {
        note: `${callNote(o.slack.counts)}; ${o.result.flushed ? 'flushed' : 'window ended'} after ${(o.result.elapsedMs / 1000).toFixed(1)} s at ${SCALE}× Slack's rate (posts = ${(((o.slack.counts['chat.postMessage ok'] ?? 0) / ((SCALE * o.result.elapsedMs) / 1000)) * 100).toFixed(0)}% of what ${SCALE}/s allows in that time)`,
      }),
      row('P3', 'backend-notifier', '429s', limited(o.slack.counts), { target: { op: '<=', value: 0 } }),
      row('P3', 'backend-notifier', 'events accounted', (accounted / s.accepted) * 100, {
        unit: '%',
        digits: 2,
        target: { op: '==', value: 100 },
        note: `accepted ${s.accepted} = delivered ${s.delivered} + pending ${s.pending} + dead ${s.deadLettered} + dropped ${s.dropped}${drops ? ` (${drops})` : ''} + grouped ${typeof s.grouped === 'number' ? s.grouped : 'n/a (core without grouping)'}${typeof s.digested === 'number' ? `; ${s.digested} delivered inside digests` : ''}`,
      }),
      row('P3', 'backend-notifier', 'RSS growth', o.result.rssGrowthMB, {
        unit: 'MB',
        digits: 1,
        target: { op: '<=', value: 50 },
        note: `from ${o.result.rssStartMB.toFixed(0)} MB`,
      }),
    );

    // --- alternatives: same storm, stopped after a shorter window ---
    const altWindow = ctx.quick ? 5000 : 15_000;
    const r = await subject('raw', { subject: 'rawWebApi', channel: 'p3-raw' }, altWindow);
    rows.push(
      row(
        'P3',
        'raw @slack/web-api (defaults)',
        `Slack calls in ${altWindow / 1000} s`,
        calls(r.slack.counts),
        {
          note: `${callNote(r.slack.counts)}; ${r.result.delivered} of ${events} events delivered, the rest in the SDK's retry queue`,
        },
      ),
      row('P3', 'raw @slack/web-api (defaults)', '429s', limited(r.slack.counts)),
      row('P3', 'raw @slack/web-api (defaults)', 'RSS growth', r.result.rssGrowthMB, {
        unit: 'MB',
        digits: 1,
      }),
    );
    const maxSockets = 1000;
    const h = await subject(
      'webhook',
      { subject: 'webhook', channel: 'p3-hook', hookUrl, maxSockets },
      altWindow,
    );
    const replayed = overLimit(h.slack.okTimes, SCALE, 3);
    rows.push(
      row(
        'P3',
        'winston-slack-webhook-transport',
        `Slack calls in ${altWindow / 1000} s`,
        calls(h.slack.counts),
        {
          note: `${callNote(h.slack.counts)}: one message per event (sockets capped at ${maxSockets} to stay under the fd limit)`,
        },
      ),
      row('P3', 'winston-slack-webhook-transport', '429s (replayed)', replayed, {
        note: `posts over Slack's 1/s-per-hook shape (×${SCALE}); the emulator does not limit webhooks`,
      }),
      row('P3', 'winston-slack-webhook-transport', 'RSS growth', h.result.rssGrowthMB, {
        unit: 'MB',
        digits: 1,
      }),
    );
  } finally {
    emu.close();
  }
  return rows;
}
