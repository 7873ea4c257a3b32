import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeOutboxStore, makeItem } from '../testing/describe-outbox-store.js';
import { createMemoryStore } from './memory-store.js';

describeOutboxStore('memory', ({ maxItems }) => createMemoryStore({ maxItems }), {
  describe,
  it,
  expect,
  beforeEach,
  afterEach,
});

describe('createMemoryStore', () => {
  it('stays bounded under a flood and never keeps a lower priority while evicting a higher one', () => {
    const store = createMemoryStore({ maxItems: 100 });
    const priorities = ['low', 'normal', 'high'] as const;
    let evicted = 0;
    const evictedHigh: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const item = makeItem({ priority: priorities[i % 3] ?? 'low', channel: i % 2 ? 'a' : 'b' });
      const out = store.add(item) as ReturnType<typeof makeItem>[] | undefined;
      for (const v of out ?? []) {
        evicted++;
        if (v.priority === 'high') evictedHigh.push(v.id);
      }
    }
    const depth = store.depth() as { pending: number };
    expect(depth.pending).toBe(100);
    expect(evicted).toBe(10_000 - 100);
    // The store holds 100 items, fewer than the 3,333 highs added: every survivor must be high.
    expect(evictedHigh.length).toBe(3333 - 100);
    let lowerKept = 0;
    let kept = 0;
    for (const ch of ['a', 'b']) {
      for (
        let it = store.claim(ch) as { priority: string } | undefined;
        it;
        it = store.claim(ch) as typeof it
      ) {
        kept++;
        if (it.priority !== 'high') lowerKept++;
      }
    }
    expect(kept).toBe(100);
    expect(lowerKept).toBe(0);
  });

  it('keeps at most maxDeadLetters, dropping the oldest', () => {
    const store = createMemoryStore({ maxDeadLetters: 2 });
    const items = [makeItem(), makeItem(), makeItem()];
    for (const item of items) {
      store.add(item);
      const claimed = store.claim('alerts') as ReturnType<typeof makeItem> | undefined;
      if (claimed) store.deadLetter(claimed, 'x');
    }
    const letters = store.deadLetters() as { item: { id: string } }[];
    expect(letters.map((l) => l.item.id)).toEqual([items[1]?.id, items[2]?.id]);
  });

  it('rejects a nonsensical capacity', () => {
    expect(() => createMemoryStore({ maxItems: 0 })).toThrow(RangeError);
  });
});
