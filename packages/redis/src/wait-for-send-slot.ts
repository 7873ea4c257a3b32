import type { RedisLink } from './redis-link.js';
import type { RedisOutbox } from './redis-outbox.js';

const GO = { state: 'go', ms: 0 } as const;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Reserves the next send slot on `channel` (GCRA across all replicas), waits for it, then confirms at the
 * server (CONFIRM): a 429 pause set meanwhile by another replica moves this send to a new slot after it;
 * another replica's send still in flight, or one that went late, makes this one wait. Resolves when it is
 * time to send. Redis unreachable: resolves at once (the notifier's own pacer still holds per replica).
 */
export async function waitForSendSlot(
  outbox: RedisOutbox,
  link: RedisLink,
  send: { channel: string; id: string; intervalMs: number; burst: number },
  stopped: () => boolean,
): Promise<void> {
  const { channel, id, intervalMs, burst } = send;
  const slot = () => link.try(() => outbox.reserve(channel, intervalMs, burst), 0);
  let wait = await slot();
  for (;;) {
    if (wait > 0) await sleep(wait);
    const check = await link.try(() => outbox.confirm(channel, intervalMs, id), GO);
    if (check.state === 'go' || stopped()) return;
    wait = check.state === 'paused' ? await slot() : check.ms;
  }
}
