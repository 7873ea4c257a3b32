// P4 request path: an Express route that throws, under autocannon on loopback at a fixed request rate,
// without the middleware (baseline) and with it, Slack healthy and Slack hanging (emulator 'hang' fault).
// Baseline and ours alternate over several short rounds (the machine is shared and noisy); the figure is
// the ratio of the median per-round p99. The seed's way (awaiting chat.postMessage in the error handler)
// runs once per Slack state for contrast. App, emulator and load generator are three processes.
import autocannon from 'autocannon';
import { forkWorker } from './lib/child-process.js';
import { startEmulatorProcess } from './lib/emulator.js';
import { median } from './lib/measure.js';
import { row } from './lib/rows.js';

const APP = new URL('./lib/p4-app.js', import.meta.url).pathname;
const CONNECTIONS = 10;

function load(port, seconds, rate) {
  return autocannon({
    url: `http://127.0.0.1:${port}/orders/42`,
    connections: CONNECTIONS,
    duration: seconds,
    overallRate: rate,
    timeout: 2,
  });
}

export async function run(ctx) {
  const rounds = ctx.quick ? 2 : 7;
  const seconds = 2;
  const rate = 500;
  const rows = [];
  const emu = await startEmulatorProcess({ rateLimits: { enabled: true } });
  try {
    await emu.control('createChannel', { name: 'p4', botMember: true });
    const start = async (mode, warmUp = true) => {
      const w = forkWorker(APP, [
        JSON.stringify({ mode, apiUrl: emu.apiUrl, token: emu.botToken, channel: 'p4' }),
      ]);
      const { port } = await w.ready;
      if (warmUp) await load(port, 2, rate); // JIT and sockets warm
      return { ...w, port };
    };
    for (const slack of ['healthy', 'hanging']) {
      let fault;
      if (slack === 'hanging')
        fault = await emu.control('addFault', { method: 'chat.postMessage', action: { type: 'hang' } });
      const base = await start('baseline');
      const ours = await start('ours');
      const p99 = { base: [], ours: [] };
      const p50 = { base: [], ours: [] };
      let errors = 0;
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 ? [ours, base] : [base, ours];
        for (const app of order) {
          const res = await load(app.port, seconds, rate);
          const key = app === base ? 'base' : 'ours';
          p99[key].push(res.latency.p99);
          p50[key].push(res.latency.p50);
          errors += res.errors + res.timeouts;
        }
      }
      const stats = await ours.call('stats');
      ctx.log(
        slack,
        JSON.stringify({
          p99,
          p50,
          errors,
          stats: { accepted: stats.accepted, delivered: stats.delivered, dropped: stats.dropped },
        }),
      );
      const ratio = median(p99.ours) / median(p99.base);
      rows.push(
        row('P4', 'backend-notifier', `p99 with / without middleware, Slack ${slack}`, ratio, {
          digits: 2,
          target: { op: '<=', value: 1.05 },
          note: `p99 ${median(p99.ours)} vs ${median(p99.base)} ms, p50 ${median(p50.ours)} vs ${median(p50.base)} ms (${rate} req/s, ${CONNECTIONS} conns, median of ${rounds}×${seconds} s; ms resolution)${errors ? `; ${errors} errors` : ''}`,
        }),
      );
      // No warm-up for the seed: its backlog of awaited posts would still be waiting.
      const seed = await start('seed', false);
      const res = await load(seed.port, 3, rate);
      const basep99 = median(p99.base);
      const answered = res['2xx'] + res.non2xx;
      rows.push(
        row(
          'P4',
          'raw @slack/web-api (defaults), awaited',
          `p99 / baseline p99, Slack ${slack}`,
          answered > 0 ? res.latency.p99 / basep99 : 'no answer',
          {
            digits: 1,
            note: `p99 ${answered > 0 ? res.latency.p99 : '-'} ms; ${answered} of ${res.requests.sent} requests answered in 3 s (${rate} req/s offered); ${res.timeouts} timed out (2 s)`,
          },
        ),
      );
      for (const w of [base, ours, seed]) w.kill();
      if (fault !== undefined) await emu.control('clearFaults');
    }
  } finally {
    emu.close();
  }
  return rows;
}
