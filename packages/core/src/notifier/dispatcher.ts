import type { DroppedNotice } from '../format/types.js';
import type { TokenBucket } from '../pacing/token-bucket.js';
import { backoffDelay } from '../retry/backoff-delay.js';
import type { CircuitBreaker } from '../retry/circuit-breaker.js';
import type { AuthInfo, SlackFailure, SlackGateway, SlackMessage } from '../slack/gateway-types.js';
import type { BackoffOptions, Clock, OutboxItem, OutboxStore } from '../types.js';
import { AuthProbe } from './auth-probe.js';
import { backOffLane } from './back-off-lane.js';
import { ChannelLane } from './channel-lane.js';
import { checkMembership } from './check-membership.js';
import { deliverDigest } from './deliver-digest.js';
import { deliverItem } from './deliver-item.js';
import type { GuardedLogger } from './guarded-logger.js';
import type { FailureContext } from './handle-failure.js';
import type { LateCommits } from './late-commits.js';
import type { Ledger } from './ledger.js';

/** What the dispatcher needs from the notifier that owns it. */
export interface DispatcherDeps {
  gateway: SlackGateway;
  store: OutboxStore;
  clock: Clock;
  /** The books: every outcome is recorded there (it tells the lanes, groups and receipts). */
  ledger: Ledger;
  logger: GuardedLogger;
  circuit: CircuitBreaker;
  workspace: TokenBucket;
  perChannelPerSecond: number;
  burst: number;
  maxAttempts: number;
  backoff: BackoffOptions;
  random: () => number;
  /** Whether a timed-out post may be looked up in history (option on and scope granted). */
  recoverAmbiguous(): boolean;
  /** Timed-out posts Slack may still store: when to look them up, the grace, the history budget. */
  lateCommits: LateCommits;
  /** The bot's user id from `auth.test`, once known. */
  botUserId(): string | undefined;
  /** Builds the payload (with the count of drops to report, if any); throws when it cannot be rendered. */
  render(item: OutboxItem, droppedNotice: DroppedNotice | undefined): SlackMessage;
  /** Builds a digest of several items (with the dropped notice); throws when it cannot be rendered. */
  renderDigest(items: OutboxItem[], droppedNotice: DroppedNotice | undefined): SlackMessage;
  /** Whether an item may be folded into a digest (not high, not a thread reply, not a storm group's first…). */
  digestable(item: OutboxItem): boolean;
  /** A lane with more items than this waiting sends digests (Infinity: never). */
  digestBacklog: number;
  /** Items per digest. */
  digestMaxItems: number;
  /** A successful `auth.test` probe closed the circuit. */
  onAuthRestored(auth: AuthInfo): void;
  /** A Slack call finished after `stop()`: what it put back must be accounted for (closed). */
  afterStopped(): void;
}

/**
 * Moves items from the store to Slack: one lane per channel, at most one Slack call in flight per lane,
 * each lane paced by its own token bucket plus the shared workspace budget, the auth circuit in front of
 * everything. Scheduling is event-driven: `kick()` on new work, timers (unref'd) for waits.
 */
export class Dispatcher {
  readonly lanes = new Map<string, ChannelLane>();
  /** Items a lane is delivering now (its post, or the history look-up before it, may be on the wire). */
  readonly inFlight = new Set<OutboxItem>();
  readonly #deps: DispatcherDeps;
  #running = false;
  #closed = false;
  readonly #probe: AuthProbe;
  /** While auth is suspect (failures below the threshold), only this lane may call Slack. */
  #trialLane: ChannelLane | undefined;
  lastSuccessAt: number | undefined;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    this.#probe = new AuthProbe({
      ...deps,
      onRestored: (auth) => {
        deps.onAuthRestored(auth);
        for (const lane of this.lanes.values()) {
          lane.pausedUntil = 0;
          lane.failures = 0;
          // Channels that start could not set up (it failed on the token) are set up now, work or not.
          if (lane.channelId === undefined) lane.hasWork = true;
          this.#schedule(lane);
        }
      },
    });
  }

  get circuit(): CircuitBreaker {
    return this.#deps.circuit;
  }

  /** Slack refused the token at start: open the circuit now; the probe takes over. */
  openCircuit(code: string): void {
    this.#deps.circuit.trip(code, this.#deps.clock.now());
    this.#deps.logger.log('error', 'Slack refused the token: circuit open, messages are kept', { code });
  }

  lane(name: string): ChannelLane {
    let lane = this.lanes.get(name);
    if (lane === undefined) {
      lane = new ChannelLane(name, this.#deps.perChannelPerSecond, this.#deps.burst);
      this.lanes.set(name, lane);
    }
    return lane;
  }

  /** New work for `channel`. Cheap: one microtask per burst of calls, not one per call. */
  kick(channel: string): void {
    const lane = this.lanes.get(channel) ?? this.lane(channel);
    lane.hasWork = true;
    if (lane.busy || lane.scheduled || lane.timer !== undefined || !this.#running) return;
    lane.scheduled = true;
    queueMicrotask(() => {
      lane.scheduled = false;
      this.#schedule(lane);
    });
  }

  /** An item for `channel` went into the store (counted for the digest trigger). */
  added(channel: string): void {
    (this.lanes.get(channel) ?? this.lane(channel)).pending++;
  }

  /** An item settled (delivered, dead-lettered, dropped). */
  settled(item: OutboxItem): void {
    const lane = this.lanes.get(item.channel);
    if (lane !== undefined && lane.pending > 0) lane.pending--;
  }

  /** Start moving (after the start-time checks), or again after the circuit closed. */
  run(): void {
    if (this.#closed) return;
    this.#running = true;
    for (const lane of this.lanes.values()) this.#schedule(lane);
    if (!this.#deps.circuit.allows(this.#deps.clock.now())) this.#probe.schedule();
  }

  /** Stop scheduling; calls in flight finish and settle. */
  stop(): void {
    this.#closed = true;
    this.#running = false;
    for (const lane of this.lanes.values()) lane.clearTimer(this.#deps.clock);
    this.#probe.stop();
  }

  /** Resolves when no lane has a Slack call in flight, or after `timeoutMs`. */
  async idle(timeoutMs: number): Promise<void> {
    const until = this.#deps.clock.now() + timeoutMs;
    while ([...this.lanes.values()].some((l) => l.busy) && this.#deps.clock.now() < until) {
      await new Promise<void>((resolve) => this.#deps.clock.setTimeout(resolve, 10));
    }
  }

  /** `setUp` holding the lane (no other call on its channel meanwhile), then let it move on. */
  async setUpExclusive(lane: ChannelLane): Promise<SlackFailure | undefined> {
    lane.busy = true;
    try {
      return await this.setUp(lane);
    } finally {
      lane.busy = false;
      this.#schedule(lane);
    }
  }

  /** Run channel setup for a lane now (used by `start()`); resolves with the failure if any. */
  async setUp(lane: ChannelLane): Promise<SlackFailure | undefined> {
    const { gateway, clock } = this.#deps;
    const res = await gateway.ensureChannel(lane.name, { refresh: lane.channelId !== undefined });
    const now = clock.now();
    if (res.ok) {
      lane.channelId = res.value.id;
      lane.setupAt = now;
      lane.lastError = undefined;
      return undefined;
    }
    lane.lastError = res.failure.code;
    backOffLane(lane, res.failure, now, this.#deps);
    return res.failure;
  }

  /** Periodic check: rejoin lanes that lost membership, retry setups, pick up work. */
  async check(channelsWithWork: readonly string[]): Promise<void> {
    for (const name of channelsWithWork) this.kick(name);
    const userId = this.#deps.botUserId();
    if (!this.#deps.circuit.allows(this.#deps.clock.now()) || userId === undefined) return;
    for (const lane of this.lanes.values()) {
      if (lane.busy || lane.channelId === undefined || this.#closed) continue;
      lane.busy = true;
      try {
        await checkMembership(lane, userId, this.#deps);
      } finally {
        lane.busy = false;
        lane.hasWork = true;
        this.#schedule(lane);
      }
    }
  }

  #schedule(lane: ChannelLane): void {
    if (!this.#running || lane.busy || !lane.hasWork) return;
    const { clock, circuit, workspace } = this.#deps;
    const now = clock.now();
    if (!circuit.allows(now)) {
      this.#probe.schedule();
      return;
    }
    // After an auth failure, one request at a time until Slack answers: N channels must not spend N
    // requests on a token that is probably dead (the circuit opens after at most `failureThreshold`).
    if (circuit.failures > 0 && this.#trialLane !== undefined && this.#trialLane !== lane) return;
    let wait = lane.pausedUntil - now;
    if (lane.channelId !== undefined) wait = Math.max(wait, lane.bucket.waitMs(now), workspace.waitMs(now));
    if (wait > 0) {
      lane.setTimer(this.#deps.clock, wait, () => this.#schedule(lane));
      return;
    }
    void this.#step(lane);
  }

  async #step(lane: ChannelLane): Promise<void> {
    lane.busy = true;
    if (this.#deps.circuit.failures > 0) this.#trialLane = lane;
    try {
      if (lane.channelId === undefined) {
        await this.setUp(lane);
        return;
      }
      const item = await this.#deps.store.claim(lane.name);
      if (item === undefined) {
        lane.hasWork = false;
        return;
      }
      const batch = await this.#batch(lane, item);
      this.#deps.ledger.sending(batch.length);
      for (const claimed of batch) this.inFlight.add(claimed);
      try {
        const ctx = {
          deps: this.#deps,
          lane,
          failure: this.#ctx(lane),
          succeeded: (at: number) => {
            this.lastSuccessAt = at;
          },
        };
        if (batch.length > 1) await deliverDigest(ctx, lane.channelId, batch);
        else await deliverItem(ctx, lane.channelId, item);
      } finally {
        this.#deps.ledger.sent(batch.length);
        for (const claimed of batch) this.inFlight.delete(claimed);
      }
    } catch (error) {
      // Only the store can throw here (the gateway never does): log and retry the lane later.
      this.#deps.logger.log('error', 'outbox store failed; retrying', {
        channel: lane.name,
        error: String(error),
      });
      lane.failures++;
      lane.pausedUntil =
        this.#deps.clock.now() + backoffDelay(lane.failures, this.#deps.backoff, this.#deps.random);
    } finally {
      lane.busy = false;
      if (this.#closed) this.#deps.afterStopped();
      const wasTrial = this.#trialLane === lane;
      if (wasTrial) this.#trialLane = undefined;
      this.#schedule(lane);
      if (wasTrial) for (const other of this.lanes.values()) if (other !== lane) this.#schedule(other);
    }
  }

  /**
   * The claimed item alone, or, when the lane's backlog is more than its rate sends within the digest delay,
   * it and the next digestable items (up to `digestMaxItems`); a non-digestable one is put back.
   */
  async #batch(lane: ChannelLane, first: OutboxItem): Promise<OutboxItem[]> {
    const deps = this.#deps;
    if (lane.pending <= deps.digestBacklog || !deps.digestable(first)) return [first];
    const batch = [first];
    while (batch.length < deps.digestMaxItems) {
      const next = await deps.store.claim(lane.name);
      if (next === undefined) break;
      if (!deps.digestable(next)) {
        await deps.store.release(next);
        break;
      }
      batch.push(next);
    }
    return batch;
  }

  #ctx(lane: ChannelLane): FailureContext {
    return {
      deps: this.#deps,
      lane,
      backOffLane: (failure, now) => backOffLane(lane, failure, now, this.#deps),
      setUp: () => this.setUp(lane),
    };
  }
}
