// P4 request path: an Express route that throws, under autocannon on loopback at a fixed request rate,
// without the middleware (baseline) and with it, Slack healthy and Slack hanging (emulator 'hang' fault).
// Baseline, an identical second baseline and ours are loaded at the same time over several short rounds (the
// machine is shared and noisy: all meet the same noise); the figure is the ratio of the median per-round p99,
// shown next to the baseline-vs-baseline ratio (the noise floor). The seed's way (awaiting chat.postMessage in the error handler)
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
  const rounds = ctx.quick ? 3 : 7;
  const seconds = 3;
  const rate = 250;
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
      // Two identical baseline apps and ours, loaded at the same time (same rate, same connections): the
      // noise of a shared machine falls on all three alike, and baseline vs baseline shows how large it is.
      const base = await start('baseline');
      const twin = await start('baseline');
      const ours = await start('ours');
      const p99 = { base: [], twin: [], ours: [] };
      const p50 = { base: [], twin: [], ours: [] };
      let errors = 0;
      const before = await Promise.all([base, twin, ours].map((app) => app.call('stats')));
      for (let r = 0; r < rounds; r++) {
        const res = await Promise.all([base, twin, ours].map((app) => load(app.port, seconds, rate)));
        for (const [key, x] of [
          ['base', res[0]],
          ['twin', res[1]],
          ['ours', res[2]],
        ]) {
          p99[key].push(x.latency.p99);
          p50[key].push(x.latency.p50);
          errors += x.errors + x.timeouts;
        }
      }
      const after = await Promise.all([base, twin, ours].map((app) => app.call('stats')));
      const cpuUs = after.map(
        (a, i) => ((a.cpuMs - before[i].cpuMs) * 1000) / Math.max(1, a.requests - before[i].requests),
      );
      const stats = after[2];
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
      const baseCpu = (cpuUs[0] + cpuUs[1]) / 2;
      const floor = median(p99.twin) / median(p99.base);
      rows.push(
        row('P4', 'backend-notifier', `p99 with / without middleware, Slack ${slack}`, ratio, {
          digits: 2,
          target: { op: '<=', value: 1.05 },
          note: `p99 ${median(p99.ours)} vs ${median(p99.base)} ms, p50 ${median(p50.ours)} vs ${median(p50.base)} ms; noise floor (baseline vs identical baseline) ${floor.toFixed(2)}; ${rate} req/s and ${CONNECTIONS} conns to each of 3 apps at once, median of ${rounds}×${seconds} s; ms resolution${errors ? `; ${errors} errors` : ''}`,
        }),
        row('P4', 'backend-notifier', `app CPU per request, Slack ${slack}`, cpuUs[2], {
          unit: 'µs',
          note: `without the middleware ${Math.round(cpuUs[0])} and ${Math.round(cpuUs[1])} µs: the middleware adds ${Math.round(cpuUs[2] - baseCpu)} µs (${(((cpuUs[2] - baseCpu) / baseCpu) * 100).toFixed(0)} %); RSS after the rounds ${Math.round(after[2].rssMB)} MB vs ${Math.round(after[0].rssMB)} and ${Math.round(after[1].rssMB)} MB; notifier: ${stats.accepted} accepted, ${stats.delivered} delivered, ${stats.grouped ?? 0} grouped, ${stats.pending} pending`,
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
      for (const w of [base, twin, ours, seed]) w.kill();
      if (fault !== undefined) await emu.control('clearFaults');
    }
  } finally {
    emu.close();
  }
  return rows;
}
