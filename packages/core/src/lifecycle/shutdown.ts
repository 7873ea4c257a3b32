import type { Clock } from '../types.js';
import type { KeepAlive } from './keep-alive.js';

/**
 * What `close()` must do after its deadline, at most: abort the Slack calls in flight, let them return, settle
 * what is left, close the store. Bounded so that `close(ms)` resolves within `ms` + this whatever Slack and
 * the store do (the bound is `ms` + 250 ms; the rest is margin for a loaded machine).
 */
export const TEARDOWN_MS = 150;

/** The notifier's parts, in the order `close()` uses them. */
export interface ShutdownSteps {
  clock: Clock;
  keepAlive: KeepAlive;
  /** Refuse new notifications, release the storm groups' held first occurrences. */
  begin(): void;
  /** Wait until nothing is pending, at most `ms`; whether nothing is. */
  flush(ms: number): Promise<boolean>;
  /** Send the storm counters still due. */
  flushGroups(): Promise<void>;
  /** Clear every timer and stop scheduling (dispatcher, groups, health check, receipts, exit guard). */
  stop(): void;
  /** Abort the Slack calls in flight; resolves when they have returned. */
  abortSlack(): Promise<void>;
  /** Resolves when no lane is in the middle of a step (or after `ms`). */
  lanesIdle(ms: number): Promise<void>;
  /** Count what is left (memory: dropped; durable: kept) and say so in one log line. */
  settleLeftovers(): Promise<void>;
  closeStore(): unknown;
  /** After this, nothing is logged. */
  silence(): void;
}

/**
 * `close(timeoutMs)`: deliver what is pending until the deadline (the keep-alive holds the process meanwhile),
 * then stop everything within {@link TEARDOWN_MS}. After it resolves nothing is logged, timed or sent.
 */
export async function shutdown(steps: ShutdownSteps, timeoutMs: number): Promise<boolean> {
  const { clock } = steps;
  const release = steps.keepAlive.hold();
  try {
    const deadline = clock.now() + Math.max(0, timeoutMs);
    steps.begin();
    const delivered = await steps.flush(timeoutMs);
    await within(clock, steps.flushGroups(), deadline - clock.now());
    steps.stop();
    const end = clock.now() + TEARDOWN_MS;
    await within(clock, steps.abortSlack(), end - clock.now());
    await steps.lanesIdle(Math.max(0, end - clock.now()));
    await within(clock, steps.settleLeftovers(), end - clock.now());
    await within(
      clock,
      Promise.resolve().then(() => steps.closeStore()),
      end - clock.now(),
    );
    return delivered;
  } finally {
    steps.silence();
    release();
  }
}

/** Waits for `work`, at most `ms`; its failure is not ours to report here (each step logs its own). */
async function within(clock: Clock, work: Promise<unknown>, ms: number): Promise<void> {
  let timer: unknown;
  const late = new Promise<void>((resolve) => {
    timer = clock.setTimeout(resolve, Math.max(0, ms));
  });
  try {
    await Promise.race([work.then(noop, noop), late]);
  } finally {
    clock.clearTimeout(timer);
  }
}

function noop(): void {}
