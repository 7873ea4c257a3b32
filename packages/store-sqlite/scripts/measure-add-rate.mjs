#!/usr/bin/env node
// Prints how many add() commits per second the SQLite outbox makes on this machine (one transaction per
// add, WAL), for synchronous NORMAL and FULL, plus a claim+ack cycle. A figure for the README, not a test.
// Run after building: node scripts/measure-add-rate.mjs [count]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../dist/index.js';

const count = Number(process.argv[2] ?? 5000);
const dir = mkdtempSync(join(tmpdir(), 'add-rate-'));
const item = (i) => ({
  id: `bench-${i}`,
  channel: `c${i % 3}`,
  priority: i % 10 === 0 ? 'high' : 'normal',
  seq: i,
  acceptedAt: Date.now(),
  notification: {
    text: `message ${i} with a typical length of text, about a hundred characters long....`,
    fields: { n: i },
  },
  attempts: 0,
});
try {
  for (const synchronous of ['NORMAL', 'FULL']) {
    const store = createSqliteStore({
      path: join(dir, `${synchronous}.db`),
      synchronous,
      maxItems: count * 2,
    });
    const each = [];
    let t = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      const t0 = process.hrtime.bigint();
      store.add(item(i));
      each.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
    const addMs = Number(process.hrtime.bigint() - t) / 1e6;
    each.sort((a, b) => a - b);
    const pct = (p) => each[Math.floor(p * (each.length - 1))].toFixed(0);
    t = process.hrtime.bigint();
    let cycles = 0;
    for (let i = 0; i < count; i++) {
      const claimed = store.claim(`c${i % 3}`);
      if (claimed) {
        store.ack(claimed.id);
        cycles++;
      }
    }
    const cycleMs = Number(process.hrtime.bigint() - t) / 1e6;
    await store.close();
    console.log(
      `synchronous=${synchronous}: add ${Math.round((count / addMs) * 1000)} commits/s (µs p50 ${pct(0.5)}, p99 ${pct(0.99)}, max ${pct(1)}); claim+ack ${Math.round((cycles / cycleMs) * 1000)} cycles/s`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
