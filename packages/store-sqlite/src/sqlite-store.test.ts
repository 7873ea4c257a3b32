import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeOutboxStore, makeItem } from '@backend-notifier/core/testing';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, SCHEMA_VERSION } from './migrate.js';
import { createSqliteStore } from './sqlite-store.js';
import type { SqliteStore, SqliteStoreOptions } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'store-sqlite-'));
let files = 0;
const freshPath = (): string => join(dir, `outbox-${++files}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each store gets its own file; "reopen" opens a second connection on it without closing the first, which
// is what a new process sees after the old one died holding claims.
describeOutboxStore(
  'sqlite',
  ({ maxItems }) => createSqliteStore({ path: freshPath(), maxItems, closeWaitMs: 0 }),
  { describe, it, expect, beforeEach, afterEach },
  { reopen: (store) => createSqliteStore({ path: (store as SqliteStore).path, closeWaitMs: 0 }) },
);
describeOutboxStore(
  'sqlite :memory:',
  ({ maxItems }) => createSqliteStore({ path: ':memory:', maxItems, closeWaitMs: 0 }),
  { describe, it, expect, beforeEach, afterEach },
);

describe('createSqliteStore', () => {
  const open: SqliteStore[] = [];
  const make = (options: Partial<SqliteStoreOptions> = {}): SqliteStore => {
    const store = createSqliteStore({ path: freshPath(), closeWaitMs: 0, ...options });
    open.push(store);
    return store;
  };
  const reopen = (store: SqliteStore, options: Partial<SqliteStoreOptions> = {}): SqliteStore =>
    make({ ...options, path: store.path });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });

  it('opens the file in WAL mode with the chosen synchronous level and the current schema', () => {
    const store = make({ synchronous: 'FULL' });
    const peek = new Database(store.path, { readonly: true });
    try {
      expect(peek.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(peek.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      peek.close();
    }
    expect(store.durable).toBe(true);
    expect(store.integrityCheck()).toBe('ok');
  });

  it('keeps waiting items, order and flags across a close and reopen', async () => {
    const store = make();
    const items = [makeItem({ priority: 'low' }), makeItem({ priority: 'high' }), makeItem()];
    for (const item of items) store.add(item);
    store.release({ ...(store.claim('alerts') as (typeof items)[0]), attempts: 3, fallback: true });
    await store.close();
    const again = reopen(store);
    expect(again.recover()).toBe(3);
    expect(again.claim('alerts')).toEqual({ ...items[1], attempts: 3, fallback: true });
    expect(again.claim('alerts')).toEqual(items[2]);
    expect(again.claim('alerts')).toEqual(items[0]);
  });

  it('marks acknowledged rows sent, then prunes them after retainSentMs', () => {
    let now = 1_000_000;
    const store = make({ retainSentMs: 10_000, now: () => now });
    const item = makeItem();
    store.add(item);
    store.claim('alerts');
    store.ack(item.id);
    expect(store.counts()).toEqual({ waiting: 0, inFlight: 0, sent: 1, dead: 0 });
    now += 9_999;
    expect(store.prune()).toBe(0);
    now += 2;
    expect(store.prune()).toBe(1);
    expect(store.counts().sent).toBe(0);
  });

  it('prunes dead letters older than retainDeadLettersMs, and nothing still waiting', () => {
    let now = 5_000_000;
    const store = make({ retainSentMs: 0, retainDeadLettersMs: 1000, now: () => now });
    const [dead, waiting] = [makeItem(), makeItem()];
    store.add(dead);
    store.deadLetter(store.claim('alerts') as typeof dead, 'invalid_blocks');
    store.add(waiting);
    now += 1001;
    expect(store.prune()).toBe(1);
    expect(store.deadLetters()).toEqual([]);
    expect(store.counts()).toEqual({ waiting: 1, inFlight: 0, sent: 0, dead: 0 });
  });

  it('refuses a bound below 1', () => {
    expect(() => createSqliteStore({ path: ':memory:', maxItems: 0 })).toThrow(RangeError);
  });

  it('deletes acknowledged rows at once with retainSentMs 0', () => {
    const store = make({ retainSentMs: 0 });
    const item = makeItem();
    store.add(item);
    store.claim('alerts');
    store.ack(item.id);
    expect(store.counts()).toEqual({ waiting: 0, inFlight: 0, sent: 0, dead: 0 });
  });

  it('keeps at most maxDeadLetters, oldest out first, with their codes, across a reopen', async () => {
    const store = make({ maxDeadLetters: 2 });
    const items = [makeItem(), makeItem(), makeItem()];
    for (const [i, item] of items.entries()) {
      store.add(item);
      store.deadLetter(store.claim('alerts') as typeof item, `code_${i}`);
    }
    await store.close();
    const again = reopen(store, { maxDeadLetters: 2 });
    const letters = again.deadLetters();
    expect(letters.map((l) => [l.item.id, l.code])).toEqual([
      [items[1]?.id, 'code_1'],
      [items[2]?.id, 'code_2'],
    ]);
    expect(again.deadLetters(1)).toHaveLength(1);
  });

  it('counts evictions and recorded drops by reason, across a reopen', async () => {
    const store = make({ maxItems: 1 });
    store.add(makeItem({ priority: 'high' }));
    expect(store.add(makeItem({ priority: 'low' }))).toHaveLength(1);
    expect(store.add(makeItem({ priority: 'low' }))).toHaveLength(1);
    store.recordDrop('closed', 4);
    await store.close();
    expect(reopen(store).dropCounts()).toEqual({ closed: 4, queue_overflow: 2 });
  });

  it('rolls an add back whole when the insert fails (an id already stored)', () => {
    const store = make({ maxItems: 2 });
    const [first, second] = [makeItem({ priority: 'low' }), makeItem({ priority: 'low' })];
    store.add(first);
    store.add(second);
    // The eviction of `first` happens inside the transaction, then the insert fails on `second`'s id.
    expect(() => store.add({ ...makeItem({ priority: 'high' }), id: second.id })).toThrow(/UNIQUE/);
    expect(store.counts().waiting).toBe(2);
    expect(store.dropCounts()).toEqual({});
    expect(store.depth().pending).toBe(2);
    expect(store.claim('alerts')).toEqual(first);
  });

  it('waits up to closeWaitMs for in-flight items before closing', async () => {
    const store = make({ closeWaitMs: 5000 });
    const item = makeItem();
    store.add(item);
    store.claim('alerts');
    const closing = store.close();
    setTimeout(() => store.ack(item.id), 50);
    const started = Date.now();
    await closing;
    expect(Date.now() - started).toBeLessThan(2000);
    const again = reopen(store);
    expect(again.recover()).toBe(0);
    expect(again.counts()).toMatchObject({ sent: 1, inFlight: 0 });
  });

  it('refuses calls once closed, and close is idempotent', async () => {
    const store = make();
    await store.close();
    await store.close();
    expect(() => store.add(makeItem())).toThrow(/closed/);
  });

  it('migrates an empty file and refuses one from a newer schema', () => {
    const path = freshPath();
    const db = new Database(path);
    expect(migrate(db)).toBe(0);
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => createSqliteStore({ path })).toThrow(/newer/);
  });
});
