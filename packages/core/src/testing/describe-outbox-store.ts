import type { OutboxItem, OutboxStore, Priority } from '../types.js';

/** The test functions of the runner (vitest, jest…), injected so core does not import a runner at runtime. */
export interface TestApi {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void> | void): void;
  // biome-ignore lint/suspicious/noExplicitAny: the runner's own matcher type is not known here.
  expect(value: unknown): any;
  beforeEach(fn: () => Promise<void> | void): void;
  afterEach(fn: () => Promise<void> | void): void;
}

/** What the suite asks of a store factory. */
export interface OutboxStoreFactoryOptions {
  /** Capacity the store must enforce (evicting lowest priority, oldest first). */
  maxItems: number;
}

/** Options of `describeOutboxStore`. */
export interface DescribeOutboxStoreOptions {
  /** Run the capacity/eviction tests (skip only for stores that are unbounded by design). @default true */
  bounded?: boolean;
  /**
   * Reopen the same backing storage as a new store instance (a process restart), for the recovery test.
   * @default recovery is tested on the same instance
   */
  reopen?: (store: OutboxStore) => Promise<OutboxStore> | OutboxStore;
}

let counter = 0;

/** A test item; `seq` and `acceptedAt` grow with each call so creation order is age order. */
export function makeItem(partial: Partial<OutboxItem> = {}): OutboxItem {
  counter++;
  return {
    id: `item-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    channel: 'alerts',
    priority: 'normal',
    seq: counter,
    acceptedAt: 1_700_000_000_000 + counter,
    notification: { text: `message ${counter}`, fields: { n: counter } },
    attempts: 0,
    ...partial,
  };
}

/**
 * The conformance suite every `OutboxStore` must pass (memory, SQLite, Redis): ordering, release in place,
 * acknowledgement, dead letters, depth, eviction by priority then age, recovery of in-flight items.
 *
 * @example
 * import { describe, it, expect, beforeEach, afterEach } from 'vitest';
 * import { describeOutboxStore } from '@backend-notifier/core/testing';
 * describeOutboxStore('sqlite', ({ maxItems }) => createSqliteStore({ file, maxItems }), { describe, it, expect, beforeEach, afterEach });
 */
export function describeOutboxStore(
  name: string,
  factory: (options: OutboxStoreFactoryOptions) => Promise<OutboxStore> | OutboxStore,
  t: TestApi,
  options: DescribeOutboxStoreOptions = {},
): void {
  const { describe, it, expect, beforeEach, afterEach } = t;
  describe(`OutboxStore conformance: ${name}`, () => {
    let store: OutboxStore;
    const open: OutboxStore[] = [];
    const make = async (maxItems = 1000): Promise<OutboxStore> => {
      const s = await factory({ maxItems });
      open.push(s);
      return s;
    };
    const addAll = async (s: OutboxStore, items: OutboxItem[]) => {
      for (const item of items) await s.add(item);
    };
    const claimAll = async (s: OutboxStore, channel: string): Promise<OutboxItem[]> => {
      const out: OutboxItem[] = [];
      for (let item = await s.claim(channel); item; item = await s.claim(channel)) out.push(item);
      return out;
    };

    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close?.();
    });

    it('returns a stored item intact, once', async () => {
      const item = makeItem({
        priority: 'high',
        notification: { text: 'a & <b>', fields: [{ title: 't', value: 'v' }] },
      });
      const evicted = await store.add(item);
      expect(evicted === undefined || evicted.length === 0).toBe(true);
      expect(await store.claim('alerts')).toEqual(item);
      expect(await store.claim('alerts')).toBeUndefined();
    });

    it('keeps channels apart', async () => {
      const a = makeItem({ channel: 'a' });
      const b = makeItem({ channel: 'b' });
      await addAll(store, [a, b]);
      expect((await store.channels()).slice().sort()).toEqual(['a', 'b']);
      expect((await store.claim('b'))?.id).toBe(b.id);
      expect(await store.claim('b')).toBeUndefined();
      expect((await store.claim('a'))?.id).toBe(a.id);
      expect(await store.claim('nope')).toBeUndefined();
    });

    it('hands out high before normal before low, oldest first within a priority', async () => {
      const order: Priority[] = ['low', 'normal', 'high', 'normal', 'low', 'high'];
      const items = order.map((priority) => makeItem({ priority }));
      await addAll(store, items);
      const claimed = await claimAll(store, 'alerts');
      const expected = [items[2], items[5], items[1], items[3], items[0], items[4]].map((i) => i?.id);
      expect(claimed.map((i) => i.id)).toEqual(expected);
    });

    it('puts a released item back at its original place, with its updates', async () => {
      const [a, b, c] = [makeItem(), makeItem(), makeItem()];
      await addAll(store, [a!, b!, c!]);
      const first = await store.claim('alerts');
      expect(first?.id).toBe(a!.id);
      await store.release({ ...first!, attempts: 2, fallback: true });
      const again = await store.claim('alerts');
      expect(again).toMatchObject({ id: a!.id, attempts: 2, fallback: true });
      expect((await claimAll(store, 'alerts')).map((i) => i.id)).toEqual([b!.id, c!.id]);
    });

    it('counts waiting and in-flight items and knows the oldest', async () => {
      const [a, b] = [makeItem(), makeItem()];
      await addAll(store, [a!, b!]);
      expect(await store.depth()).toMatchObject({ pending: 2, inFlight: 0, oldestAcceptedAt: a!.acceptedAt });
      await store.claim('alerts');
      expect(await store.depth()).toMatchObject({ pending: 1, inFlight: 1, oldestAcceptedAt: a!.acceptedAt });
      await store.ack(a!.id);
      expect(await store.depth()).toMatchObject({ pending: 1, inFlight: 0, oldestAcceptedAt: b!.acceptedAt });
      await store.claim('alerts');
      await store.ack(b!.id);
      const empty = await store.depth();
      expect(empty.pending + empty.inFlight).toBe(0);
      expect(empty.oldestAcceptedAt).toBeUndefined();
      expect(await store.channels()).toEqual([]);
    });

    it('keeps dead letters with their code, out of the queue', async () => {
      const item = makeItem();
      await store.add(item);
      const claimed = await store.claim('alerts');
      await store.deadLetter(claimed!, 'channel_not_found');
      const letters = await store.deadLetters();
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ code: 'channel_not_found', item: { id: item.id } });
      expect(typeof letters[0]?.at).toBe('number');
      expect(await store.depth()).toMatchObject({ pending: 0, inFlight: 0 });
      expect(await store.claim('alerts')).toBeUndefined();
    });

    it('returns in-flight items to waiting on recovery, marked ambiguous', async () => {
      const [a, b] = [makeItem(), makeItem()];
      await addAll(store, [a!, b!]);
      await store.claim('alerts');
      const reopened = options.reopen ? await options.reopen(store) : store;
      if (reopened !== store) open.push(reopened);
      expect(await reopened.recover?.()).toBe(2);
      const first = await reopened.claim('alerts');
      expect(first).toMatchObject({ id: a!.id, ambiguous: true });
      expect((await reopened.claim('alerts'))?.id).toBe(b!.id);
    });

    if (options.bounded !== false) {
      it('evicts the lowest priority, oldest first, and refuses an item that ranks lowest', async () => {
        const s = await make(3);
        const low1 = makeItem({ priority: 'low' });
        const normal1 = makeItem({ priority: 'normal' });
        const high1 = makeItem({ priority: 'high' });
        await addAll(s, [low1, normal1, high1]);
        const normal2 = makeItem({ priority: 'normal' });
        expect(((await s.add(normal2)) ?? []).map((i) => i.id)).toEqual([low1.id]);
        const high2 = makeItem({ priority: 'high' });
        expect(((await s.add(high2)) ?? []).map((i) => i.id)).toEqual([normal1.id]);
        const low2 = makeItem({ priority: 'low' });
        expect(((await s.add(low2)) ?? []).map((i) => i.id)).toEqual([low2.id]);
        expect((await claimAll(s, 'alerts')).map((i) => i.id)).toEqual([high1.id, high2.id, normal2.id]);
      });

      it('evicts across channels by age and never evicts in-flight items', async () => {
        const s = await make(2);
        const a = makeItem({ channel: 'a' });
        const b = makeItem({ channel: 'b' });
        await addAll(s, [a, b]);
        await s.claim('a');
        const c = makeItem({ channel: 'a' });
        expect(((await s.add(c)) ?? []).map((i) => i.id)).toEqual([b.id]);
        expect(await s.depth()).toMatchObject({ pending: 1, inFlight: 1 });
      });
    }
  });
}
