// P1 accept cost: what one event costs the caller. Ours: notify() calls per second (plain text, and an
// already-built Error), with Slack paused (SIGSTOPped emulator) so the queue only accepts. Alternatives:
// a fire-and-forget chat.postMessage of @slack/web-api with its defaults, and the webhook transport's log(),
// timed on the caller's path against the same paused emulator. Reference: a bare binary-heap push.
import { createNotifier, fingerprintOf } from '@backend-notifier/core';
import SlackHook from 'winston-slack-webhook-transport';
import { BinaryHeap } from './lib/binary-heap.js';
import { startEmulatorProcess } from './lib/emulator.js';
import { median, tick } from './lib/measure.js';
import { row } from './lib/rows.js';
import { defaultWebClient, silentLogger } from './lib/slack-clients.js';

const gc = globalThis.gc ?? (() => {});

/** Runs `fn(n)` (which does n operations) `rounds` times after a warm-up; median ops/s. */
function opsPerSecond(fn, n, rounds) {
  fn(Math.min(n, 50_000));
  const rates = [];
  for (let r = 0; r < rounds; r++) {
    gc();
    const t0 = process.hrtime.bigint();
    fn(n);
    const ns = Number(process.hrtime.bigint() - t0);
    rates.push(n / (ns / 1e9));
  }
  return median(rates);
}

/** Per-event µs of `start(i)` over `n` calls plus one event-loop turn (the microtasks they queued). */
async function startCostUs(start, n, rounds) {
  const costs = [];
  for (let r = 0; r <= rounds; r++) {
    gc();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) start(i);
    await tick();
    const us = Number(process.hrtime.bigint() - t0) / 1e3 / n;
    if (r > 0) costs.push(us); // round 0 is the warm-up
  }
  return median(costs);
}

function makeErrors(count) {
  const errors = [];
  for (let i = 0; i < count; i++) {
    const e = new Error(`payment ${1000 + i} declined by gateway (order ${i * 7})`);
    e.name = i % 2 ? 'PaymentError' : 'TimeoutError';
    errors.push(e);
  }
  return errors;
}

export async function run(ctx) {
  const quick = ctx.quick;
  const N = quick ? 100_000 : 300_000;
  const ROUNDS = quick ? 3 : 5;
  const rows = [];
  const emu = await startEmulatorProcess({ rateLimits: { enabled: true } });
  try {
    // --- reference: bare heap push ---
    const heapRate = opsPerSecond(
      (n) => {
        const h = new BinaryHeap();
        for (let i = 0; i < n; i++) h.push({ priority: i % 3, seq: i, payload: 'x' });
      },
      N,
      ROUNDS,
    );
    rows.push(row('P1', 'reference', 'binary-heap push of an object', heapRate, { unit: '/s' }));

    // --- ours ---
    const texts = Array.from({ length: 1024 }, (_, i) => `disk almost full on host-${i % 97} (${i}%)`);
    const errors = makeErrors(1024);
    const notifier = createNotifier({
      token: emu.botToken,
      slackApiUrl: emu.apiUrl,
      channel: 'bench-p1',
      maxItems: (ROUNDS + 2) * N * 2 + 200_000,
      logger: silentLogger,
      healthCheckIntervalMs: 0,
      timeoutMs: 600_000,
    });
    await notifier.start();
    // Created before the pause: the control calls go to the emulator process too.
    const hookUrl = await emu.control('createWebhook', 'bench-p1');
    emu.pause();
    const plain = opsPerSecond(
      (n) => {
        for (let i = 0; i < n; i++) notifier.notify(texts[i & 1023]);
      },
      N,
      ROUNDS,
    );
    const errs = opsPerSecond(
      (n) => {
        for (let i = 0; i < n; i++) notifier.notify({ error: errors[i & 1023], title: 'Payment failed' });
      },
      N,
      ROUNDS,
    );
    const s = notifier.stats();
    const heapUsedPerItem = process.memoryUsage().heapUsed / Math.max(1, s.pending);
    rows.push(
      row('P1', 'backend-notifier', 'notify(text) calls', plain, {
        unit: '/s',
        target: { op: '>=', value: 2_000_000 },
        note: `${((plain / heapRate) * 100).toFixed(0)}% of a heap push; ${(1e6 / plain).toFixed(2)} µs each`,
      }),
      row('P1', 'backend-notifier', 'notify({ error }) calls', errs, {
        unit: '/s',
        target: { op: '>=', value: 300_000 },
        note: `${(1e6 / errs).toFixed(2)} µs each; ~${Math.round(heapUsedPerItem)} B heap per queued item`,
      }),
    );
    ctx.log(
      `ours: ${Math.round(plain)}/s plain, ${Math.round(errs)}/s errors, stats`,
      JSON.stringify({ accepted: s.accepted, pending: s.pending, dropped: s.dropped }),
    );
    const fp = opsPerSecond(
      (n) => {
        for (let i = 0; i < n; i++) fingerprintOf({ error: errors[i & 1023] });
      },
      Math.round(N / 3),
      ROUNDS,
    );
    rows.push(
      row('P1', 'backend-notifier', 'fingerprintOf(error) alone', fp, {
        unit: '/s',
        note: 'part of the error path once storm grouping fingerprints in notify()',
      }),
    );
    ctx.log(`fingerprintOf ${Math.round(fp)}/s`);
    void notifier.close(0);

    // --- alternatives, same paused emulator ---
    const B = quick ? 1000 : 2000;
    const client = defaultWebClient(emu.botToken, emu.apiUrl);
    const postUs = await startCostUs(
      (i) => {
        client.chat.postMessage({ channel: 'bench-p1', text: texts[i & 1023] }).catch(() => {});
      },
      B,
      ROUNDS,
    );
    rows.push(
      row('P1', 'raw @slack/web-api (defaults)', 'fire-and-forget chat.postMessage start', postUs, {
        unit: 'µs/event',
        note: `≈ ${Math.round(1e6 / postUs).toLocaleString('en-US')}/s; ${(postUs / (1e6 / plain)).toFixed(0)}× notify(text)`,
      }),
    );
    ctx.log(`web-api start ${postUs} µs`);
    const hook = new SlackHook({ webhookUrl: hookUrl });
    const hookUs = await startCostUs(
      (i) => {
        hook.log({ level: 'error', message: texts[i & 1023] }, () => {});
      },
      B,
      ROUNDS,
    );
    rows.push(
      row('P1', 'winston-slack-webhook-transport', 'transport log() start', hookUs, {
        unit: 'µs/event',
        note: `≈ ${Math.round(1e6 / hookUs).toLocaleString('en-US')}/s; ${(hookUs / (1e6 / plain)).toFixed(0)}× notify(text)`,
      }),
    );
    ctx.log(`hook start ${hookUs} µs`);
    // Same measure for ours (N calls + one turn), so the three are timed the same way.
    const oursUs = await startCostUs((i) => notifier.notify(texts[i & 1023]), B, ROUNDS);
    rows.push(
      row('P1', 'backend-notifier', 'notify(text) start, same timing as above', oursUs, {
        unit: 'µs/event',
        digits: 3,
      }),
    );
  } finally {
    emu.close();
  }
  return rows;
}
