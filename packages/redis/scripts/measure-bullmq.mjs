// The measurement behind the README's "why not BullMQ": run with a redis-server on REDIS_PORT (default 6379)
// after `pnpm --filter @backend-notifier/redis build`:  node scripts/measure-bullmq.mjs
// 1. outbox cycle cost: BullMQ (add with priority → worker.getNextJob → moveToCompleted) vs this package's
//    store (add → claim → ack), sequential, per item;
// 2. BullMQ's limiter across 3 workers: { max: 1, duration: 200 } and { max: 2, duration: 400 } (burst 2):
//    start times of jobs, smallest gap, most jobs in any 400 ms window (a fixed-window double burst shows here).
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createRedisStore } from '../dist/index.js';

const port = Number(process.env.REDIS_PORT ?? 6379);
const connection = { host: '127.0.0.1', port, maxRetriesPerRequest: null };
const N = 500;
const pct = (a, p) =>
  [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)];
const fmt = (a) => `p50 ${pct(a, 50).toFixed(3)} ms, p99 ${pct(a, 99).toFixed(3)} ms`;

async function bullCycle() {
  const q = new Queue('measure-cycle', { connection });
  await q.obliterate({ force: true }).catch(() => {});
  const w = new Worker('measure-cycle', null, { connection, autorun: false });
  const add = [];
  const claimAck = [];
  for (let i = 0; i < N; i++) {
    let t = performance.now();
    await q.add('n', { text: `message ${i}` }, { priority: 1 + (i % 3) });
    add.push(performance.now() - t);
    t = performance.now();
    const job = await w.getNextJob('tok');
    await job.moveToCompleted('ok', 'tok', false);
    claimAck.push(performance.now() - t);
  }
  await w.close();
  await q.obliterate({ force: true });
  await q.close();
  return { add, claimAck };
}

async function storeCycle() {
  const store = createRedisStore({ url: `redis://127.0.0.1:${port}`, prefix: 'measure-cycle' });
  await store.recover();
  const add = [];
  const claimAck = [];
  for (let i = 0; i < N; i++) {
    const item = {
      id: `m${i}`,
      channel: 'a',
      priority: ['high', 'normal', 'low'][i % 3],
      seq: i,
      acceptedAt: Date.now(),
      notification: { text: `message ${i}` },
      attempts: 0,
    };
    let t = performance.now();
    await store.add(item);
    add.push(performance.now() - t);
    t = performance.now();
    const got = await store.claim('a');
    await store.ack(got.id);
    claimAck.push(performance.now() - t);
  }
  await store.close();
  return { add, claimAck };
}

async function limiter(max, duration, jobs) {
  const name = `measure-limit-${max}`;
  const q = new Queue(name, { connection });
  await q.obliterate({ force: true }).catch(() => {});
  for (let i = 0; i < jobs; i++) await q.add('n', { i });
  const starts = [];
  const workers = [0, 1, 2].map(
    () =>
      new Worker(name, async () => void starts.push(Date.now()), {
        connection,
        limiter: { max, duration },
        concurrency: 1,
      }),
  );
  while (starts.length < jobs) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(workers.map((w) => w.close()));
  await q.obliterate({ force: true });
  await q.close();
  starts.sort((a, b) => a - b);
  const gaps = starts.slice(1).map((t, i) => t - starts[i]);
  let most = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (j < starts.length && starts[j] < starts[i] + duration) j++;
    most = Math.max(most, j - i);
  }
  return { span: starts.at(-1) - starts[0], minGap: Math.min(...gaps), mostInWindow: most, window: duration };
}

const probe = new Redis(connection);
await probe.ping();
probe.disconnect();
const bull = await bullCycle();
const ours = await storeCycle();
console.log(`outbox cycle, ${N} items, sequential:`);
console.log(`  BullMQ   add: ${fmt(bull.add)} | getNextJob+moveToCompleted: ${fmt(bull.claimAck)}`);
console.log(`  this     add: ${fmt(ours.add)} | claim+ack: ${fmt(ours.claimAck)}`);
for (const [max, duration] of [
  [1, 200],
  [2, 400],
]) {
  const r = await limiter(max, duration, 30);
  console.log(
    `BullMQ limiter { max: ${max}, duration: ${duration} } × 3 workers, 30 jobs:`,
    JSON.stringify(r),
  );
}
process.exit(0);
