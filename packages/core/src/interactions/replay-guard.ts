/** Remembers verified signatures for the signing window so a captured request cannot be sent twice. */
export interface ReplayGuard {
  /**
   * Records `signature` (already verified, of a request stamped `timestampSec`) and says whether it is new.
   * False means a replay (or, under memory pressure, a request no newer than one already forgotten).
   */
  admit(signature: string, timestampSec: number, nowMs: number): boolean;
  /** Signatures remembered now (for tests and health). */
  size(): number;
}

/** Options of `createReplayGuard`. */
export interface ReplayGuardOptions {
  /** How long a signature is remembered: the signing window. @default 300 */
  windowSec?: number;
  /** Most signatures remembered at once; memory stays bounded whatever the traffic. @default 10000 */
  maxEntries?: number;
}

/**
 * An in-memory replay guard with bounded memory. When it is full after dropping expired entries, it
 * forgets the oldest one and from then on refuses any request not newer than what it forgot: a replay of
 * a forgotten signature can then never get through (its timestamp is at or under that floor), at the cost
 * of refusing, only under that pressure, a genuine request as old as the ones forgotten.
 * One per process: replicas behind a load balancer each keep their own (see the README).
 */
export function createReplayGuard(options: ReplayGuardOptions = {}): ReplayGuard {
  const windowSec = options.windowSec ?? 300;
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be >= 1');
  // signature -> timestamp (seconds); insertion order is arrival order.
  const seen = new Map<string, number>();
  let floorSec = Number.NEGATIVE_INFINITY;

  const dropExpired = (nowSec: number): void => {
    for (const [signature, ts] of seen) {
      // Entries outside the window are refused as stale anyway; arrival order is close to timestamp order,
      // so stop at the first live one rather than scanning everything each time.
      if (ts >= nowSec - windowSec - 1) break;
      seen.delete(signature);
    }
  };

  return {
    admit(signature, timestampSec, nowMs) {
      if (seen.has(signature)) return false;
      if (timestampSec <= floorSec) return false;
      if (seen.size >= maxEntries) dropExpired(Math.floor(nowMs / 1000));
      while (seen.size >= maxEntries) {
        const oldest = seen.entries().next().value as [string, number];
        seen.delete(oldest[0]);
        floorSec = Math.max(floorSec, oldest[1]);
        if (timestampSec <= floorSec) return false;
      }
      seen.set(signature, timestampSec);
      return true;
    },
    size: () => seen.size,
  };
}
