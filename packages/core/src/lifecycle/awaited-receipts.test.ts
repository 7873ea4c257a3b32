import { describe, expect, it } from 'vitest';
import { Receipt } from '../notifier/receipt.js';
import { createFakeClock } from '../testing/fake-clock.js';
import { AwaitedReceipts } from './awaited-receipts.js';
import { KeepAlive } from './keep-alive.js';

function setup(stallMs = 30_000) {
  const clock = createFakeClock();
  let live = 0;
  const keepAlive = new KeepAlive({
    ref: () => {
      live++;
      return live;
    },
    unref: () => {
      live--;
    },
  });
  const receipts = new AwaitedReceipts(keepAlive, clock, stallMs);
  return { clock, receipts, live: () => live };
}

describe('AwaitedReceipts (fake clock)', () => {
  it('a receipt read before it settles holds the process until it settles', async () => {
    const { receipts, live } = setup();
    const unread = new Receipt('a', receipts);
    unread.settle({ status: 'delivered', id: 'a', channelId: 'C', ts: '1' });
    expect(live()).toBe(0); // nobody waited

    const done = new Receipt('b', receipts);
    done.settle({ status: 'delivered', id: 'b', channelId: 'C', ts: '2' });
    void done.delivered;
    expect(live()).toBe(0); // already settled: no wait
    const r = new Receipt('c', receipts);
    const delivered = r.delivered;
    void r.delivered; // read twice: still one wait
    expect(receipts.waiting).toBe(1);
    expect(live()).toBe(1);
    r.settle({ status: 'dropped', id: 'c', reason: 'closed' });
    expect(await delivered).toMatchObject({ status: 'dropped' });
    expect(receipts.waiting).toBe(0);
    expect(live()).toBe(0);
  });

  it('lets go after stallMs without progress, takes hold again when progress resumes', async () => {
    const { clock, receipts, live } = setup(30_000);
    const r = new Receipt('a', receipts);
    void r.delivered;
    await clock.advance(20_000);
    receipts.progress(); // another message settled: the stall clock restarts
    await clock.advance(20_000);
    expect(live()).toBe(1);
    await clock.advance(10_000);
    expect(live()).toBe(0); // 30 s without any message settling: Slack hanging or down
    expect(receipts.waiting).toBe(1);
    receipts.progress();
    expect(live()).toBe(1);
    r.settle({ status: 'delivered', id: 'a', channelId: 'C', ts: '1' });
    expect(live()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stop() (close) lets go for good; stallMs 0 never holds', async () => {
    const { receipts, live, clock } = setup();
    void new Receipt('a', receipts).delivered;
    expect(live()).toBe(1);
    receipts.stop();
    expect(live()).toBe(0);
    receipts.progress();
    expect(live()).toBe(0);
    expect(clock.pendingTimers).toBe(0);

    const off = setup(0);
    void new Receipt('b', off.receipts).delivered;
    expect(off.live()).toBe(0);
  });
});
