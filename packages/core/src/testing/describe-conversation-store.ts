import { type ConversationStore, updateConversation } from '../conversations/conversation-store.js';
import type { ConversationState } from '../conversations/conversation-types.js';
import type { TestApi } from './describe-outbox-store.js';

/** What the suite asks of a conversation store factory. */
export interface ConversationStoreFactoryOptions {
  /** Capacity the store must enforce (resolved conversations evicted first). */
  maxConversations: number;
}

/** Options of `describeConversationStore`. */
export interface DescribeConversationStoreOptions {
  /**
   * Reopen the same backing storage as a new store (a process restart, or another replica).
   * @default the restart test runs on the same instance
   */
  reopen?: (store: ConversationStore) => Promise<ConversationStore> | ConversationStore;
  /** Closes a store the suite made. @default nothing */
  close?: (store: ConversationStore) => Promise<void> | void;
}

let counter = 0;

/** A test conversation; `lastAt` grows with each call so creation order is quiet order. */
export function makeConversation(partial: Partial<ConversationState> = {}): ConversationState {
  counter++;
  return {
    key: `fp:key-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    channel: 'alerts',
    kind: 'error',
    count: 1,
    shown: 0,
    firstAt: 1_700_000_000_000 + counter,
    lastAt: 1_700_000_000_000 + counter,
    status: 'open',
    priority: 'normal',
    head: { title: `Error ${counter}`, error: { name: 'TypeError', message: `x ${counter} <!channel> & ü` } },
    lastSample: `TypeError: x ${counter}`,
    samples: 0,
    reopened: 0,
    ...partial,
  };
}

/**
 * The conformance suite every `ConversationStore` must pass (memory, SQLite, Redis): absent and present
 * reads, compare-and-set (one winner among concurrent writers), channels kept apart, the open list for the
 * quiet-period sweep, eviction of resolved conversations first, and state that survives a restart.
 *
 * @example
 * import { describe, it, expect, beforeEach, afterEach } from 'vitest';
 * import { describeConversationStore } from '@backend-notifier/core/testing';
 * describeConversationStore('sqlite', ({ maxConversations }) => createSqliteStore({ file, maxConversations }).conversations, { describe, it, expect, beforeEach, afterEach });
 */
export function describeConversationStore(
  name: string,
  factory: (options: ConversationStoreFactoryOptions) => Promise<ConversationStore> | ConversationStore,
  t: TestApi,
  options: DescribeConversationStoreOptions = {},
): void {
  const { describe, it, expect, afterEach } = t;
  describe(`ConversationStore conformance: ${name}`, () => {
    const made: ConversationStore[] = [];
    const make = async (maxConversations = 1000) => {
      const s = await factory({ maxConversations });
      made.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of made.splice(0)) await options.close?.(s);
    });

    it('reads nothing for an unknown key, and a written state as written', async () => {
      const store = await make();
      const c = makeConversation({
        ts: '1700000000.000100',
        channelId: 'C1',
        permalink: 'https://x.test/p1',
      });
      expect(await store.get(c.channel, c.key)).toBeUndefined();
      expect(await store.put(c, 0)).toBe(1);
      const got = await store.get(c.channel, c.key);
      expect(got?.version).toBe(1);
      expect(got?.state).toEqual(c);
    });

    it('compare-and-set: a write naming a stale version is refused and changes nothing', async () => {
      const store = await make();
      const c = makeConversation();
      expect(await store.put(c, 0)).toBe(1);
      expect(await store.put({ ...c, count: 99 }, 0)).toBe(false);
      expect(await store.put({ ...c, count: 2 }, 1)).toBe(2);
      expect(await store.put({ ...c, count: 98 }, 1)).toBe(false);
      const got = await store.get(c.channel, c.key);
      expect(got).toEqual({ state: { ...c, count: 2 }, version: 2 });
    });

    it('of concurrent first writers exactly one wins (one root per key)', async () => {
      const store = await make();
      const c = makeConversation();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.put({ ...c, posting: { by: `r${i}`, at: 1 } }, 0)),
      );
      expect(results.filter((r) => r === 1)).toHaveLength(1);
      expect(results.filter((r) => r === false)).toHaveLength(7);
      const winner = results.indexOf(1);
      expect((await store.get(c.channel, c.key))?.state.posting?.by).toBe(`r${winner}`);
    });

    it('read-decide-write under concurrent writers counts every event once', async () => {
      const store = await make();
      const c = makeConversation();
      await store.put(c, 0);
      await Promise.all(
        Array.from({ length: 10 }, () =>
          updateConversation(store, c.channel, c.key, (prev) => ({
            next: { ...(prev as ConversationState), count: (prev?.count ?? 0) + 1 },
          })),
        ),
      );
      expect((await store.get(c.channel, c.key))?.state.count).toBe(11);
    });

    it('keeps the same key on two channels apart', async () => {
      const store = await make();
      const a = makeConversation({ channel: 'alerts' });
      const b = { ...a, channel: 'deploys', count: 7 };
      await store.put(a, 0);
      expect(await store.get('deploys', a.key)).toBeUndefined();
      expect(await store.put(b, 0)).toBe(1);
      expect((await store.get('alerts', a.key))?.state.count).toBe(1);
      expect((await store.get('deploys', a.key))?.state.count).toBe(7);
    });

    it('lists open conversations, quiet longest first, without resolved ones, up to the limit', async () => {
      const store = await make();
      const old = makeConversation({ lastAt: 1000 });
      const done = makeConversation({ lastAt: 500, status: 'resolved', resolvedAt: 2000 });
      const recent = makeConversation({ lastAt: 3000 });
      const middle = makeConversation({ lastAt: 2000 });
      for (const c of [recent, done, old, middle]) await store.put(c, 0);
      expect((await store.listOpen(10)).map((c) => c.key)).toEqual([old.key, middle.key, recent.key]);
      expect((await store.listOpen(2)).map((c) => c.key)).toEqual([old.key, middle.key]);
      // Resolving takes it off the list; reopening puts it back.
      await store.put({ ...old, status: 'resolved', resolvedAt: 4000 }, 1);
      expect((await store.listOpen(10)).map((c) => c.key)).toEqual([middle.key, recent.key]);
      await store.put({ ...old, status: 'open', lastAt: 5000 }, 2);
      expect((await store.listOpen(10)).map((c) => c.key)).toEqual([middle.key, recent.key, old.key]);
    });

    it('is bounded: past its capacity resolved conversations go first, oldest resolution first', async () => {
      const store = await make(10);
      const resolved = Array.from({ length: 6 }, (_, i) =>
        makeConversation({ status: 'resolved', resolvedAt: 10_000 + i }),
      );
      const open = Array.from({ length: 6 }, () => makeConversation());
      for (const c of [...resolved, ...open]) await store.put(c, 0);
      expect(await store.size()).toBeLessThanOrEqual(10);
      for (const c of open) expect(await store.get(c.channel, c.key)).toBeDefined();
      // The newest resolution outlives the oldest.
      expect(await store.get('alerts', resolved[0]?.key as string)).toBeUndefined();
      expect(await store.get('alerts', resolved[5]?.key as string)).toBeDefined();
    });

    it('continues after a restart: the same key, its message, count and version', async () => {
      const store = await make();
      const c = makeConversation({ ts: '1700000000.000200', channelId: 'C2', count: 1204, shown: 1200 });
      await store.put(c, 0);
      await store.put({ ...c, count: 1205 }, 1);
      const again = options.reopen ? await options.reopen(store) : store;
      if (again !== store) made.push(again);
      const got = await again.get(c.channel, c.key);
      expect(got?.version).toBe(2);
      expect(got?.state).toEqual({ ...c, count: 1205 });
      expect(await again.put({ ...c, count: 1206 }, 1)).toBe(false);
      expect(await again.put({ ...c, count: 1206 }, 2)).toBe(3);
    });
  });
}
