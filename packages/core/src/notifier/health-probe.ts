import type { KeepAlive } from '../lifecycle/keep-alive.js';
import type { CircuitBreaker } from '../retry/circuit-breaker.js';
import type { AuthInfo, SlackGateway, SlackResult } from '../slack/gateway-types.js';
import type { Clock, HealthReport, MaybePromise, OutboxDepth, OutboxStore } from '../types.js';
import { buildHealthReport, type HealthInputs } from './build-health-report.js';
import type { ChannelLane } from './channel-lane.js';

/** What `health()` reads. */
export interface HealthProbeDeps {
  clock: Clock;
  keepAlive: KeepAlive;
  gateway: SlackGateway;
  store: OutboxStore;
  /** The bound of one `health()`. */
  timeoutMs: number;
  /** The parts of the report that need no I/O, read when `health()` is called. */
  snapshot(): Omit<HealthInputs, 'membership' | 'depth' | 'timeoutMs' | 'lanes'> & { lanes: ChannelLane[] };
  /** Adds the store's own checks, given a store whose `health()` keeps the remaining bound. */
  withStore(report: HealthReport, store: OutboxStore): Promise<HealthReport>;
}

/** The membership look-ups of one round: answers arrive in `answers`; `done` when all have. */
interface Round {
  answers: Map<string, SlackResult<boolean>>;
  done: Promise<void>;
}

/**
 * `health()` in bounded time: whatever Slack or the store do, it answers within `timeoutMs`, reporting what
 * did not answer as a `degraded` check with `value: 'timeout'`. Calls made while one runs share it, and the
 * Slack look-ups of a round that outlived its `health()` (Slack hanging) are waited on by the next call
 * instead of being started again: never more than one probe in flight, however often a liveness probe asks.
 */
export class HealthProbe {
  readonly #deps: HealthProbeDeps;
  #running: Promise<HealthReport> | undefined;
  #round: Round | undefined;

  constructor(deps: HealthProbeDeps) {
    this.#deps = deps;
  }

  health(): Promise<HealthReport> {
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #run(): Promise<HealthReport> {
    const { clock, timeoutMs, store } = this.#deps;
    const release = this.#deps.keepAlive.hold();
    let timer: unknown;
    const deadline = new Promise<'late'>((resolve) => {
      timer = clock.setTimeout(() => resolve('late'), timeoutMs);
    });
    try {
      const snapshot = this.#deps.snapshot();
      // Started together, so the store's check does not wait for Slack's (each gets the whole bound).
      const storeHealth = store.health === undefined ? undefined : settleSoft(() => store.health?.());
      let depth: OutboxDepth | undefined;
      const depthRead = settleSoft(() => store.depth()).then((d) => {
        depth = d;
      });
      const round = this.#membership(snapshot.lanes, snapshot.auth, snapshot.circuit);
      await Promise.race([Promise.all([depthRead, round?.done]), deadline]);
      const report = buildHealthReport({
        ...snapshot,
        membership: new Map(round?.answers ?? []),
        depth,
        timeoutMs,
      });
      const bounded: OutboxStore = {
        ...(storeHealth === undefined
          ? {}
          : { health: () => Promise.race([storeHealth, deadline.then(() => undefined)]) }),
      } as OutboxStore;
      return await this.#deps.withStore(report, bounded);
    } finally {
      clock.clearTimeout(timer);
      release();
    }
  }

  /** The current round of look-ups, or a new one if none is in flight (none while the circuit is open). */
  #membership(lanes: ChannelLane[], auth: AuthInfo | undefined, circuit: CircuitBreaker): Round | undefined {
    if (this.#round !== undefined) return this.#round;
    if (auth === undefined || circuit.state !== 'closed') return undefined;
    const ready = lanes.filter((lane) => lane.channelId !== undefined);
    if (ready.length === 0) return undefined;
    const answers = new Map<string, SlackResult<boolean>>();
    const round: Round = {
      answers,
      done: Promise.all(
        ready.map(async (lane) => {
          answers.set(lane.name, await this.#deps.gateway.isMember(lane.channelId as string, auth.userId));
        }),
      ).then(() => {
        if (this.#round === round) this.#round = undefined;
      }),
    };
    this.#round = round;
    return round;
  }
}

/** Runs a store call; a throw or rejection becomes `undefined` (reported as no answer). */
function settleSoft<T>(fn: () => MaybePromise<T> | undefined): Promise<T | undefined> {
  try {
    return Promise.resolve(fn()).catch(() => undefined);
  } catch {
    return Promise.resolve(undefined);
  }
}
