/**
 * The ledger's books as a property: whatever sequence of arrivals and outcomes (own items and, with a shared
 * store, other replicas'), `accepted = delivered + pending + deadLettered + dropped + grouped` after every
 * step, `dropped` is the sum of its reasons, every settled receipt has its outcome, and `flush()` is done
 * exactly when nothing is pending.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inertHandles, KeepAlive } from '../lifecycle/keep-alive.js';
import { createFakeClock } from '../testing/fake-clock.js';
import type { OutboxItem, Priority } from '../types.js';
import { type IssuedItem, Ledger } from './ledger.js';
import { Receipt } from './receipt.js';

class TestItem extends Receipt implements OutboxItem {
  channel = 'alerts';
  priority: Priority = 'normal';
  seq = 0;
  acceptedAt = 0;
  notification = 'x';
  attempts = 0;
}

type Op =
  | { op: 'admit' }
  | { op: 'refuse'; reason: string }
  | { op: 'groupOnArrival' }
  | { op: 'recover'; n: number }
  | { op: 'seed'; reason: string; n: number }
  | { op: 'deliver' | 'deadLetter' | 'fold' | 'relay'; pick: number }
  | { op: 'drop'; pick: number; reason: string; byStore: boolean }
  | { op: 'others'; outcome: 'delivered' | 'dead_lettered' | 'dropped' };

const reason = fc.constantFrom('queue_overflow', 'invalid', 'closed', 'lost', 'flood');
const pick = fc.nat({ max: 1000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ op: 'admit' as const }),
  fc.record({ op: fc.constant('refuse' as const), reason }),
  fc.constant({ op: 'groupOnArrival' as const }),
  fc.record({ op: fc.constant('recover' as const), n: fc.nat({ max: 5 }) }),
  fc.record({ op: fc.constant('seed' as const), reason, n: fc.integer({ min: -1, max: 4 }) }),
  fc.record({
    op: fc.constantFrom('deliver' as const, 'deadLetter' as const, 'fold' as const, 'relay' as const),
    pick,
  }),
  fc.record({ op: fc.constant('drop' as const), pick, reason, byStore: fc.boolean() }),
  fc.record({
    op: fc.constant('others' as const),
    outcome: fc.constantFrom('delivered' as const, 'dead_lettered' as const, 'dropped' as const),
  }),
);

/** The ledger with a fake clock and a lifetime that records what it was told. */
function setUp(shared: boolean, ownStore: boolean) {
  const clock = createFakeClock();
  const told: number[] = [];
  const recordedDrops: string[] = [];
  const ledger = new Ledger({
    clock,
    shared,
    ownStore,
    lifetime: {
      keepAlive: new KeepAlive(inertHandles),
      pending: (n) => told.push(n),
      settled: (n) => told.push(n),
    },
    recordDrop: (r) => recordedDrops.push(r),
  });
  return { clock, ledger, told, recordedDrops };
}

describe('Ledger', () => {
  it('keeps accepted = delivered + pending + deadLettered + dropped + grouped after every step (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 80 }),
        fc.boolean(),
        fc.boolean(),
        async (ops, shared, ownStore) => {
          const { ledger, clock } = setUp(shared, ownStore);
          // Pending items this process holds: issued ones (receipts) and, without a shared store, recovered ones.
          const open: OutboxItem[] = [];
          const settled: Receipt[] = [];
          let next = 0;
          let expectedPending = 0;
          const take = (i: number) => (open.length === 0 ? undefined : open.splice(i % open.length, 1)[0]);
          for (const step of ops) {
            switch (step.op) {
              case 'admit': {
                const item = new TestItem(`i${next++}`);
                ledger.admitted();
                ledger.track(item as IssuedItem);
                open.push(item);
                expectedPending++;
                break;
              }
              case 'refuse': {
                const receipt = new Receipt(`r${next++}`);
                ledger.refused(receipt, step.reason);
                settled.push(receipt);
                break;
              }
              case 'groupOnArrival': {
                const receipt = new Receipt(`g${next++}`);
                ledger.groupedOnArrival(receipt, {
                  status: 'grouped',
                  id: receipt.id,
                  reason: 'grouped',
                  fingerprint: 'f',
                });
                settled.push(receipt);
                break;
              }
              case 'recover':
                if (shared) break;
                ledger.recovered(step.n);
                // A copy from a durable store: no receipt, this process's own (the store is not shared).
                for (let k = 0; k < step.n; k++) {
                  open.push({
                    id: `p${next++}`,
                    channel: 'alerts',
                    priority: 'normal',
                    seq: 0,
                    acceptedAt: 0,
                    notification: 'x',
                    attempts: 0,
                  });
                }
                expectedPending += step.n;
                break;
              case 'seed':
                ledger.seedDrops({ [step.reason]: step.n });
                break;
              case 'others':
                // Another replica's item settled here: outside this process's books.
                if (!shared) break;
                if (step.outcome === 'delivered')
                  ledger.delivered({ id: `o${next++}`, acceptedAt: 0 } as OutboxItem, {
                    status: 'delivered',
                    id: 'o',
                    channelId: 'C1',
                    ts: '1.2',
                  });
                else if (step.outcome === 'dead_lettered')
                  ledger.deadLettered({ id: `o${next++}` } as OutboxItem, 'invalid_blocks');
                else ledger.dropped({ id: `o${next++}` } as OutboxItem, 'queue_overflow');
                break;
              default: {
                // With a shared store, a recovered copy is not this process's: only issued items are picked.
                const item = take(step.pick);
                if (item === undefined) break;
                if ((step.op === 'fold' || step.op === 'relay') && !(item instanceof Receipt)) {
                  open.push(item);
                  break;
                }
                expectedPending--;
                if (item instanceof Receipt) settled.push(item);
                if (step.op === 'deliver')
                  ledger.delivered(item, { status: 'delivered', id: item.id, channelId: 'C1', ts: '1.1' });
                else if (step.op === 'deadLetter') ledger.deadLettered(item, 'msg_too_long');
                else if (step.op === 'drop') ledger.dropped(item, step.reason, step.byStore);
                else if (step.op === 'fold')
                  ledger.folded(item, {
                    status: 'grouped',
                    id: item.id,
                    reason: 'grouped',
                    fingerprint: 'f',
                  });
                else ledger.relayed(item, { status: 'dropped', id: item.id, reason: 'closed' });
              }
            }
            const s = ledger.snapshot(0);
            expect(s.accepted).toBe(s.delivered + s.pending + s.deadLettered + s.dropped + s.grouped);
            expect(s.pending).toBe(expectedPending);
            expect(s.dropped).toBe(Object.values(s.droppedByReason).reduce((a, b) => a + b, 0));
            expect(ledger.workLeft()).toBe(expectedPending);
            for (const receipt of settled) expect(receipt.outcome).toBeDefined();
            for (const item of open) if (item instanceof Receipt) expect(item.outcome).toBeUndefined();
          }
          const flushed = ledger.flush(0);
          await clock.advance(1);
          expect(await flushed).toBe(expectedPending === 0);
          // Only receipts still open are what the store holds for this process (a store that returns copies).
          expect(ledger.unsettled().length).toBe(
            ownStore ? 0 : open.filter((i) => i instanceof Receipt).length,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('tells the outcome listeners before the receipt resolves, and not for a folded first occurrence', () => {
    const { ledger } = setUp(false, true);
    const seen: string[] = [];
    const a = new TestItem('a');
    const b = new TestItem('b');
    ledger.onOutcome((item, outcome) =>
      seen.push(`${item.id}:${outcome.status}:${item instanceof Receipt && item.outcome === undefined}`),
    );
    ledger.admitted();
    ledger.admitted();
    ledger.deadLettered(a, 'invalid_blocks');
    ledger.folded(b, { status: 'grouped', id: 'b', reason: 'grouped', fingerprint: 'f' });
    expect(seen).toEqual(['a:dead_lettered:true']);
    expect(a.outcome?.status).toBe('dead_lettered');
    expect(b.outcome?.status).toBe('grouped');
  });

  it('persists the drops it decides, not the ones the store counted itself', () => {
    const { ledger, recordedDrops } = setUp(false, true);
    ledger.admitted();
    ledger.admitted();
    ledger.refused(new Receipt('r'), 'invalid');
    ledger.dropped(new TestItem('x'), 'queue_overflow', true);
    ledger.dropped(new TestItem('y'), 'closed');
    expect(recordedDrops).toEqual(['invalid', 'closed']);
    expect(ledger.snapshot(0).droppedByReason).toEqual({ invalid: 1, queue_overflow: 1, closed: 1 });
  });

  it('flush() waits for due work too, and hurries it only when nothing is pending', async () => {
    const { ledger, clock } = setUp(false, true);
    let due = true;
    let hurried = 0;
    ledger.awaitDue({ hasDue: () => due, sendDue: () => void hurried++ });
    ledger.admitted();
    const flushed = ledger.flush(1000);
    expect(hurried).toBe(0);
    ledger.delivered(new TestItem('a'), { status: 'delivered', id: 'a', channelId: 'C1', ts: '1.1' });
    expect(hurried).toBe(1);
    expect(ledger.workLeft()).toBe(1);
    due = false;
    ledger.progress();
    expect(await flushed).toBe(true);
    expect(ledger.workLeft()).toBe(0);
    await clock.settle();
  });
});
