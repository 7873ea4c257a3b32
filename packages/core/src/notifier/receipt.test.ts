import { describe, expect, it } from 'vitest';
import { Receipt } from './receipt.js';

describe('Receipt', () => {
  it('resolves whether it is read before or after it settles', async () => {
    const early = new Receipt('a');
    const accepted = early.accepted;
    const delivered = early.delivered;
    expect(early.observed).toBe(true);
    early.setAccepted(true);
    early.settle({ status: 'delivered', id: 'a', channelId: 'C1', ts: '1.2' });
    expect(await accepted).toBe(true);
    expect(await delivered).toMatchObject({ status: 'delivered', ts: '1.2' });

    const late = new Receipt('b');
    expect(late.observed).toBe(false);
    late.settle({ status: 'dropped', id: 'b', reason: 'invalid' });
    expect(await late.accepted).toBe(false);
    expect(await late.delivered).toMatchObject({ status: 'dropped', reason: 'invalid' });
  });

  it('settles once: later outcomes are ignored', async () => {
    const r = new Receipt('c');
    r.setAccepted(true);
    r.settle({ status: 'dead_lettered', id: 'c', reason: 'invalid_blocks' });
    r.settle({ status: 'delivered', id: 'c', channelId: 'C', ts: '1' });
    r.setAccepted(false);
    expect(await r.accepted).toBe(true);
    expect(await r.delivered).toMatchObject({ status: 'dead_lettered' });
  });
});
