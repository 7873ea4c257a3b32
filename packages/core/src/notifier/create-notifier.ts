import type { ExitEvents } from '../lifecycle/exit-guard.js';
import type { KeepAlive } from '../lifecycle/keep-alive.js';
import { createMemoryStore } from '../queue/memory-store.js';
import type { SlackGateway } from '../slack/gateway-types.js';
import { FloodBreaker } from '../storm/flood-breaker.js';
import type { GroupUpdater } from '../storm/group-updater.js';
import type { Grouper } from '../storm/grouper.js';
import { GroupingKey } from '../storm/grouping-key.js';
import { resolveStormOptions } from '../storm/resolve-storm-options.js';
import type {
  HealthReport,
  Notification,
  Notifier,
  NotifierOptions,
  NotifierStats,
  NotifyReceipt,
} from '../types.js';
import { closeNotifier } from './close-notifier.js';
import { createDispatcher } from './create-dispatcher.js';
import { createGateway } from './create-gateway.js';
import { createHealthProbe } from './create-health-probe.js';
import { createStorm } from './create-storm.js';
import type { Dispatcher } from './dispatcher.js';
import { asLogger, consoleLogger, createGuardedLogger } from './guarded-logger.js';
import type { HealthProbe } from './health-probe.js';
import { Intake } from './intake.js';
import { LateCommits } from './late-commits.js';
import { Ledger } from './ledger.js';
import { Leftovers } from './leftovers.js';
import { Lifetime } from './lifetime.js';
import type { NotifierCore } from './notifier-core.js';
import { PeriodicCheck } from './periodic-check.js';
import { registerMetrics, type UnregisterMetrics } from './register-metrics.js';
import { type ResolvedOptions, resolveOptions } from './resolve-options.js';
import { createSilenceableLogger, type SilenceableLogger } from './silenceable-logger.js';
import { StartUp } from './start-up.js';
import { dropRecorder, seedStoredDrops } from './store-drops.js';
import { publishOutcome } from './subscribe-store.js';
import { systemClock } from './system-clock.js';
import { watchStore } from './watch-store.js';

/**
 * Creates a notifier: `notify()` queues at once (before `start()` finishes too), a dispatcher delivers to
 * Slack at Slack's pace, and `health()`, `stats()`, `flush()`, `close()` tell and control the rest.
 * Throws `NotifierError('invalid_options')` for bad options; never for delivery problems.
 *
 * @example
 * const notifier = createNotifier({ token: process.env.SLACK_BOT_TOKEN!, channel: 'alerts' });
 * notifier.notify({ text: 'Deploy finished', priority: 'normal' });
 */
export function createNotifier(options: NotifierOptions): Notifier {
  return new BackendNotifier(options, resolveOptions(options), {});
}

/** Seams for unit tests (a fake Slack layer, a fixed random source, a fake keep-alive). Not exported. */
export interface NotifierInternals {
  gateway?: SlackGateway;
  random?: () => number;
  keepAlive?: KeepAlive;
  /** Where `beforeExit` is listened for; `null`: nowhere. @default process */
  exitEvents?: ExitEvents | null;
}

/** `createNotifier` with test seams; internal. */
export function createNotifierWith(options: NotifierOptions, internals: NotifierInternals): Notifier {
  return new BackendNotifier(options, resolveOptions(options), internals);
}

class BackendNotifier implements Notifier {
  readonly #opts: ResolvedOptions;
  readonly #core: NotifierCore;
  readonly #ledger: Ledger;
  readonly #quietLogger: SilenceableLogger;
  readonly #lifetime: Lifetime;
  readonly #grouper: Grouper;
  readonly #updater: GroupUpdater;
  readonly #dispatcher: Dispatcher;
  readonly #intake: Intake;
  readonly #startUp: StartUp;
  readonly #leftovers: Leftovers;
  readonly #health: HealthProbe;
  readonly #periodic: PeriodicCheck;
  readonly #unsubscribeStore: () => void;
  #unregisterMetrics: UnregisterMetrics | undefined;
  #closed = false;
  #closePromise: Promise<boolean> | undefined;

  constructor(options: NotifierOptions, opts: ResolvedOptions, internals: NotifierInternals) {
    this.#opts = opts;
    const clock = options.clock ?? systemClock;
    this.#lifetime = new Lifetime({
      clock,
      realClock: options.clock === undefined,
      exitTimeoutMs: opts.exitTimeoutMs,
      receiptKeepAliveMs: opts.receiptKeepAliveMs,
      keepAlive: internals.keepAlive,
      exitEvents: internals.exitEvents,
      onBeforeExit: () => this.#onBeforeExit(),
    });
    this.#quietLogger = createSilenceableLogger(options.logger ?? consoleLogger);
    const logger = createGuardedLogger(this.#quietLogger);
    const store = options.store ?? createMemoryStore({ maxItems: opts.maxItems });
    const ledger = new Ledger({
      clock,
      lifetime: this.#lifetime,
      shared: store.shared === true,
      ownStore: options.store === undefined,
      recordDrop: dropRecorder(store),
    });
    this.#ledger = ledger;
    seedStoredDrops(ledger, store, logger);
    const sdkLogger = asLogger(logger);
    const lateCommits = new LateCommits(options.lateCommit, opts.timeoutMs, clock);
    const gateway = internals.gateway ?? createGateway(options, opts.timeoutMs, sdkLogger, lateCommits);
    // What most parts are built with.
    const core = { clock, store, ledger, logger, gateway };
    this.#core = core;
    const storm = resolveStormOptions(options);
    const { grouper, updater } = createStorm({
      ...core,
      settings: storm,
      markers: options.markers,
      canCall: () => this.#dispatcher.circuit.allows(clock.now()),
      release: (item) => this.#intake.release(item),
      foldRemote: (item, group) => this.#intake.foldRemote(item, group),
    });
    this.#grouper = grouper;
    this.#updater = updater;
    ledger.awaitDue(updater);
    this.#dispatcher = createDispatcher({
      ...core,
      opts,
      storm,
      markers: options.markers,
      random: internals.random ?? Math.random,
      lateCommits,
      grouper,
      historyAllowed: () => this.#startUp.historyAllowed,
      botUserId: () => this.#startUp.auth?.userId,
      onAuthRestored: (auth) => this.#startUp.restored(auth),
      afterStopped: () => void this.#leftovers.drop(),
    });
    const dispatcher = this.#dispatcher;
    this.#intake = new Intake({
      ...core,
      ownStore: options.store === undefined,
      defaultChannel: opts.channel,
      routes: opts.routes,
      groupingKey: new GroupingKey(storm.match),
      grouper,
      flood: new FloodBreaker(storm.floodPerMinute),
      added: (channel) => dispatcher.added(channel),
      kick: (channel) => dispatcher.kick(channel),
      watch: this.#lifetime.receipts,
    });
    for (const name of [opts.channel, ...opts.routes.values()]) dispatcher.lane(name);
    // What settling an item means beyond its receipt: its lane, the leftovers of close(), its storm group,
    // and with a shared store another replica's item is told to its owner.
    ledger.onOutcome((item) => dispatcher.settled(item));
    ledger.onOutcome((item) => this.#leftovers.settled(item.id));
    ledger.onOutcome((item, outcome) => {
      if (outcome.status === 'delivered')
        grouper.posted(item.id, outcome.channelId, outcome.ts, item.fallback === true);
      else grouper.failed(item.id);
    });
    ledger.onOutcome((item, outcome, own) => {
      if (!own && store.publishOutcome !== undefined) publishOutcome(store, item, outcome, logger);
    });
    this.#startUp = new StartUp({
      ...core,
      dispatcher,
      sdkLogger,
      recoverAmbiguous: opts.recoverAmbiguous,
      startTimeoutMs: opts.startTimeoutMs,
      autoStart: opts.autoStart,
    });
    this.#leftovers = new Leftovers({
      ...core,
      droppedByReason: () => ledger.droppedByReason,
      pending: () => ledger.pending,
      drop: (item, reason) => ledger.dropped(item, reason),
      unsettledIds: () => ledger.unsettled().map((item) => item.id),
      timedOut: (id) => lateCommits.record(id) !== undefined,
    });
    this.#health = createHealthProbe({
      ...core,
      keepAlive: this.#lifetime.keepAlive,
      timeoutMs: opts.healthTimeoutMs,
      startUp: () => this.#startUp,
      dispatcher,
      maxItems: options.store === undefined ? opts.maxItems : undefined,
    });
    this.#unsubscribeStore = watchStore({
      ...core,
      intake: this.#intake,
      dispatcher,
    });
    void registerMetrics(() => this.stats()).then((unregister) => {
      if (this.#closed) unregister?.();
      else this.#unregisterMetrics = unregister;
    });
    this.#periodic = new PeriodicCheck(clock, opts.healthCheckIntervalMs, logger);
    this.#periodic.start(() => this.#periodicCheck());
    if (opts.autoStart) this.#startUp.runInBackground();
  }

  notify(input: Notification | string): NotifyReceipt {
    return this.#intake.notify(input);
  }

  start(): Promise<void> {
    // Awaited by the caller: the process stays alive for it, at most startTimeoutMs (the Slack calls alone
    // do not hold it).
    return this.#lifetime.holdFor(this.#startUp.start());
  }

  health(): Promise<HealthReport> {
    return this.#health.health();
  }

  stats(): NotifierStats {
    return this.#ledger.snapshot(this.#grouper.size);
  }

  flush(timeoutMs = 5000): Promise<boolean> {
    return this.#ledger.flush(timeoutMs);
  }

  close(timeoutMs = 5000): Promise<boolean> {
    this.#closePromise ??= this.#close(timeoutMs);
    return this.#closePromise;
  }

  /** The script ended without close() with work left: deliver it within `exitTimeoutMs`, then let go. */
  #onBeforeExit(): void {
    if (this.#closePromise !== undefined || this.#ledger.workLeft() === 0) return;
    this.#leftovers.reason = 'exit';
    void this.close(this.#opts.exitTimeoutMs);
  }

  #close(timeoutMs: number): Promise<boolean> {
    return closeNotifier(
      {
        ...this.#core,
        lifetime: this.#lifetime,
        intake: this.#intake,
        leftovers: this.#leftovers,
        grouper: this.#grouper,
        updater: this.#updater,
        periodic: this.#periodic,
        dispatcher: this.#dispatcher,
        closing: () => {
          this.#closed = true;
          this.#startUp.closing();
        },
        flush: (ms) => this.flush(ms),
        stopOthers: () => this.#unregisterMetrics?.(),
        unsubscribeStore: () => this.#unsubscribeStore(),
        silence: () => this.#quietLogger.silence(),
      },
      timeoutMs,
    );
  }

  /** Rejoin lost channels, retry setup (and the token, if Slack was unreachable at start), drain the queue. */
  async #periodicCheck(): Promise<void> {
    if (this.#closed || !this.#startUp.begun) return;
    await this.#startUp.retryToken();
    await this.#dispatcher.check(await this.#core.store.channels());
  }
}
