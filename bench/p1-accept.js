// P1 accept cost: what one event costs the caller. Ours: notify() calls per second (plain text, and an
// already-built Error), with Slack paused (SIGSTOPped emulator) so the queue only accepts. Alternatives:
// a fire-and-forget chat.postMessage of @slack/web-api with its defaults, and the webhook transport's log(),
// timed on the caller's path against the same paused emulator. Reference: a bare binary-heap push.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNotifier, fingerprintOf } from '@backend-notifier/core';
import { createSqliteStore } from '@backend-notifier/store-sqlite';
import SlackHook from 'winston-slack-webhook-transport';
import { BinaryHeap } from './lib/binary-heap.js';
import { startEmulatorProcess } from './lib/emulator.js';
import { median, tick } from './lib/measure.js';
import { freePort } from './lib/redis-server.js';
import { row } from './lib/rows.js';
import { defaultWebClient, silentLogger } from './lib/slack-clients.js';

const gc = globalThis.gc ?? (() => {});

/** Ops/s of each of `rounds` runs of `fn(n)`, after a warm-up. */
function opsRates(fn, n, rounds) {
  fn(Math.min(n, 50_000));
  const rates = [];
  for (let r = 0; r < rounds; r++) {
    gc();
    const t0 = process.hrtime.bigint();
    fn(n);
    const ns = Number(process.hrtime.bigint() - t0);
    rates.push(n / (ns / 1e9));
  }
  return rates;
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

/** Letters only: fingerprints mask numbers, so these stay `count` distinct fingerprints. */
const word = (k) => (k < 26 ? '' : word(Math.floor(k / 26) - 1)) + String.fromCharCode(97 + (k % 26));

function makeErrors(count) {
  const errors = [];
  for (let i = 0; i < count; i++) {
    const e = new Error(`payment declined by gateway ${word(i & 1023)} (order ${i * 7})`);
    e.name = i % 2 ? 'PaymentError' : 'TimeoutError';
    errors.push(e);
  }
  return errors;
}

export async function run(ctx) {
  const quick = ctx.quick;
  const N = quick ? 100_000 : 200_000;
  const ROUNDS = quick ? 3 : 5;
  const rows = [];
  const emu = await startEmulatorProcess({ rateLimits: { enabled: true } });
  try {
    // --- reference: bare heap push, measured before and after ours (the machine is shared: its median over
    // both is steadier than one measurement) ---
    const heapRounds = () =>
      opsRates(
        (n) => {
          const h = new BinaryHeap();
          for (let i = 0; i < n; i++) h.push({ priority: i % 3, seq: i, payload: 'x' });
        },
        N,
        ROUNDS,
      );
    const heapSamples = heapRounds();

    // --- ours: a fresh notifier per round (so one round's queue does not slow the next), whose Slack is
    // unreachable (a closed port): the dispatcher is live and retries with backoff, the queue only accepts.
    const texts = Array.from({ length: 1024 }, (_, i) => `disk almost full on host-${i % 97} (${i}%)`);
    const deadUrl = `http://127.0.0.1:${await freePort()}/api/`;
    const fresh = (extra = {}) =>
      createNotifier({
        token: emu.botToken,
        slackApiUrl: deadUrl,
        channel: 'bench-p1',
        maxItems: N + 100_000,
        logger: silentLogger,
        healthCheckIntervalMs: 0,
        ...extra,
      });
    const perRound = async (calls, n, makeExtra = () => ({}), prepare = () => undefined) => {
      const rates = [];
      let heapPerItem = 0;
      for (let r = 0; r <= ROUNDS; r++) {
        const notifier = fresh(makeExtra());
        const data = prepare(n);
        gc();
        const heap0 = process.memoryUsage().heapUsed;
        const t0 = process.hrtime.bigint();
        calls(notifier, n, data);
        const ns = Number(process.hrtime.bigint() - t0);
        if (r > 0) rates.push(n / (ns / 1e9)); // round 0 warms the JIT up
        heapPerItem = (process.memoryUsage().heapUsed - heap0) / n;
        await notifier.close(0);
      }
      return { rate: median(rates), heapPerItem };
    };
    const plain = await perRound((notifier, n) => {
      for (let i = 0; i < n; i++) notifier.notify(texts[i & 1023]);
    }, N);
    // Errors: distinct Error objects built before each round (outside the timing; their stacks not yet read,
    // as with a freshly thrown error), 1,024 fingerprints among them.
    const fingerprints = Array.from({ length: 1024 }, (_, k) => `payment-${word(k)}`);
    const E = quick ? 20_000 : 50_000;
    const errs = await perRound(
      (notifier, n, fresh) => {
        for (let i = 0; i < n; i++) notifier.notify({ error: fresh[i], fingerprint: fingerprints[i & 1023] });
      },
      E,
      undefined,
      makeErrors,
    );
    const errsFp = await perRound(
      (notifier, n, fresh) => {
        for (let i = 0; i < n; i++) notifier.notify({ error: fresh[i] });
      },
      E,
      undefined,
      makeErrors,
    );
    const heapRate = median([...heapSamples, ...heapRounds()]);
    rows.push(row('P1', 'reference', 'binary-heap push of an object', heapRate, { unit: '/s' }));
    rows.push(
      row('P1', 'backend-notifier', 'notify(text) calls', plain.rate, {
        unit: '/s',
        target: { op: '>=', value: 2_000_000 },
        note: `${((plain.rate / heapRate) * 100).toFixed(0)}% of a heap push; ${(1e6 / plain.rate).toFixed(2)} µs each; ~${Math.round(plain.heapPerItem)} B heap per queued item`,
      }),
      row('P1', 'backend-notifier', 'notify({ error, fingerprint }) calls', errs.rate, {
        unit: '/s',
        target: { op: '>=', value: 300_000 },
        note: `${(1e6 / errs.rate).toFixed(2)} µs each: ${E.toLocaleString('en-US')} distinct Errors, 1,024 fingerprints given (snapshot, then grouped by core); ~${Math.round(errs.heapPerItem)} B heap per event`,
      }),
      row('P1', 'backend-notifier', 'notify({ error }) calls, core fingerprints', errsFp.rate, {
        unit: '/s',
        note: `${(1e6 / errsFp.rate).toFixed(2)} µs each: the same Errors without a fingerprint, so core computes it from class, masked message and top frame`,
      }),
    );
    ctx.log(`ours: ${Math.round(plain.rate)}/s plain, ${Math.round(errs.rate)}/s errors`);
    // What a storm meets with the default options: a full 10,000-item outbox that evicts (and counts) the oldest.
    const full = await perRound(
      (notifier, n) => {
        for (let i = 0; i < n; i++) notifier.notify(texts[i & 1023]);
      },
      N,
      () => ({ maxItems: 10_000 }),
    );
    rows.push(
      row('P1', 'backend-notifier', 'notify(text) calls, default maxItems (evicting)', full.rate, {
        unit: '/s',
        note: `${(1e6 / full.rate).toFixed(2)} µs each; ${N.toLocaleString('en-US')} calls into a 10,000-item outbox`,
      }),
    );
    const fpRates = [];
    for (let r = 0; r <= ROUNDS; r++) {
      const fresh = makeErrors(E);
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < E; i++) fingerprintOf({ error: fresh[i] });
      if (r > 0) fpRates.push(E / (Number(process.hrtime.bigint() - t0) / 1e9));
    }
    const fp = median(fpRates);
    rows.push(
      row('P1', 'backend-notifier', 'fingerprintOf(error) alone', fp, {
        unit: '/s',
        note: `${(1e6 / fp).toFixed(1)} µs per fresh Error (reads its stack): what bounds the row above`,
      }),
    );
    // Durable accept: with the SQLite outbox a message counts as accepted once its row is committed.
    const dir = mkdtempSync(join(tmpdir(), 'bench-p1-'));
    try {
      let k = 0;
      const durable = await perRound(
        (notifier, n) => {
          for (let i = 0; i < n; i++) notifier.notify(texts[i & 1023]);
        },
        ctx.quick ? 2000 : 5000,
        () => ({ store: createSqliteStore({ path: join(dir, `p1-${k++}.db`), maxItems: 100_000 }) }),
      );
      rows.push(
        row('P1', 'backend-notifier + store-sqlite', 'notify(text) calls, committed', durable.rate, {
          unit: '/s',
          note: 'WAL, synchronous NORMAL: one commit per notify(); bounded by the disk',
        }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // --- alternatives, against a paused (SIGSTOPped) emulator: connections open, nothing answers ---
    await emu.control('createChannel', { name: 'bench-p1', botMember: true });
    const hookUrl = await emu.control('createWebhook', 'bench-p1');
    // Ours is timed the same way too, started against the emulator before the pause.
    const live = fresh({ slackApiUrl: emu.apiUrl, timeoutMs: 600_000 });
    await live.start();
    emu.pause();
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
        note: `≈ ${Math.round(1e6 / postUs).toLocaleString('en-US')}/s; ${(postUs / (1e6 / plain.rate)).toFixed(0)}× notify(text)`,
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
        note: `≈ ${Math.round(1e6 / hookUs).toLocaleString('en-US')}/s; ${(hookUs / (1e6 / plain.rate)).toFixed(0)}× notify(text)`,
      }),
    );
    ctx.log(`hook start ${hookUs} µs`);
    // Same measure for ours (B calls + one turn), so the three are timed the same way.
    const oursUs = await startCostUs((i) => live.notify(texts[i & 1023]), B, ROUNDS);
    void live.close(0);
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
