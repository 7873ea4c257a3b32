import { buildMessage, plainTextFallback } from '../format/index.js';
import type { ExitEvents } from '../lifecycle/exit-guard.js';
import type { KeepAlive } from '../lifecycle/keep-alive.js';
import { shutdown } from '../lifecycle/shutdown.js';
import { createTokenBucket } from '../pacing/token-bucket.js';
import { createMemoryStore } from '../queue/memory-store.js';
import { createCircuitBreaker } from '../retry/circuit-breaker.js';
import { createSlackGateway } from '../slack/create-slack-gateway.js';
import type { SlackGateway } from '../slack/gateway-types.js';
import { FloodBreaker } from '../storm/flood-breaker.js';
import { GroupUpdater } from '../storm/group-updater.js';
import { Grouper } from '../storm/grouper.js';
import { GroupingKey } from '../storm/grouping-key.js';
import { renderDigest } from '../storm/render-digest.js';
import { resolveStormOptions } from '../storm/resolve-storm-options.js';
import type {
  DeliveryOutcome,
  HealthReport,
  Logger,
  Notification,
  Notifier,
  NotifierOptions,
  NotifierStats,
  NotifyReceipt,
  OutboxItem,
  OutboxStore,
} from '../types.js';
import { DeliveryStats } from './delivery-stats.js';
import { Dispatcher } from './dispatcher.js';
import { FlushWaiters } from './flush-waiters.js';
import { consoleLogger, createGuardedLogger, type GuardedLogger } from './guarded-logger.js';
import { HealthProbe } from './health-probe.js';
import { Intake } from './intake.js';
import { LateCommits } from './late-commits.js';
import { Leftovers } from './leftovers.js';
import { Lifetime } from './lifetime.js';
import { countRelayed } from './own-items.js';
import { recoverStore } from './recover-store.js';
import { registerMetrics, type UnregisterMetrics } from './register-metrics.js';
import { type ResolvedOptions, resolveOptions } from './resolve-options.js';
import { createSilenceableLogger, type SilenceableLogger } from './silenceable-logger.js';
import { StartUp } from './start-up.js';
import { withStoreHealth } from './store-health.js';
import { recoverFromStoreLoss } from './store-loss.js';
import { publishOutcome, subscribeStore } from './subscribe-store.js';
import { systemClock } from './system-clock.js';

/** How long the oldest pending message may wait before health calls the queue stuck. */
const STALE_AFTER_MS = 5 * 60_000;
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
  readonly #markers: NotifierOptions['markers'];
  readonly #clock;
  readonly #store: OutboxStore;
  readonly #ownStore: boolean;
  readonly #stats = new DeliveryStats();
  readonly #logger: GuardedLogger;
  readonly #dispatcher: Dispatcher;
  readonly #intake: Intake;
  readonly #gateway: SlackGateway;
  readonly #grouper: Grouper;
  readonly #updater: GroupUpdater;
  readonly #startUp: StartUp;
  #closed = false;
  #closePromise: Promise<boolean> | undefined;
  readonly #leftovers: Leftovers;
  readonly #flushWaiters: FlushWaiters;
  readonly #lifetime: Lifetime;
  readonly #quietLogger: SilenceableLogger;
  readonly #health: HealthProbe;
  #healthTimer: unknown;
  #unregisterMetrics: UnregisterMetrics | undefined;
  readonly #unsubscribeStore: () => void;

  constructor(options: NotifierOptions, opts: ResolvedOptions, internals: NotifierInternals) {
    this.#opts = opts;
    this.#markers = options.markers;
    this.#clock = options.clock ?? systemClock;
    this.#lifetime = new Lifetime({
      clock: this.#clock,
      realClock: options.clock === undefined,
      exitTimeoutMs: opts.exitTimeoutMs,
      receiptKeepAliveMs: opts.receiptKeepAliveMs,
      keepAlive: internals.keepAlive,
      exitEvents: internals.exitEvents,
      onBeforeExit: () => this.#onBeforeExit(),
    });
    // Done when no message is pending and no storm counter is due; while someone waits, due counters go now.
    this.#flushWaiters = new FlushWaiters({
      clock: this.#clock,
      isDone: () => this.#stats.pending === 0 && !this.#updater.hasDue(),
      hurry: () => {
        if (this.#stats.pending === 0) this.#updater.sendDue();
      },
      keepAlive: this.#lifetime.keepAlive,
    });
    this.#quietLogger = createSilenceableLogger(options.logger ?? consoleLogger);
    this.#logger = createGuardedLogger(this.#quietLogger);
    this.#store = options.store ?? createMemoryStore({ maxItems: opts.maxItems });
    this.#ownStore = options.store === undefined;
    const log = this.#logger;
    const sdkLogger: Logger = {
      debug: (m, meta) => log.log('debug', m, meta),
      info: (m, meta) => log.log('info', m, meta),
      warn: (m, meta) => log.log('warn', m, meta),
      error: (m, meta) => log.log('error', m, meta),
    };
    const lateCommits = new LateCommits(options.lateCommit, opts.timeoutMs, this.#clock);
    this.#gateway =
      internals.gateway ??
      createSlackGateway({
        token: options.token,
        timeoutMs: opts.timeoutMs,
        logger: sdkLogger,
        findPosted: { budget: lateCommits.budget },
        ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
      });
    const storm = resolveStormOptions(options);
    const store = this.#store;
    if (store.recordDrop !== undefined) {
      this.#stats.onDrop = (reason, count) => {
        try {
          const r = store.recordDrop?.(reason, count);
          if (r instanceof Promise) r.catch(() => undefined);
        } catch {
          // Persisting a counter must never break the pipeline; the in-process count stands.
        }
      };
    }
    this.#seedDrops();
    const markers = this.#markers;
    this.#updater = new GroupUpdater({
      clock: this.#clock,
      gateway: this.#gateway,
      store,
      settings: storm,
      render: (n, group, plain) =>
        (plain ? plainTextFallback : buildMessage)(n, { ...(markers ? { markers } : {}), group }),
      renderSample: (n) => buildMessage(n, markers ? { markers } : {}),
      canCall: () => this.#dispatcher.circuit.allows(this.#clock.now()),
      log: (level, message, meta) => log.log(level, message, meta),
      updated: () => {
        this.#stats.groupUpdates++;
      },
      ended: () => this.#flushWaiters.check(),
    });
    this.#grouper = new Grouper({
      clock: this.#clock,
      store,
      settings: storm,
      updater: this.#updater,
      release: (item) => this.#intake.release(item),
      foldRemote: (item, group) => this.#intake.foldRemote(item, group),
      warn: (message, meta) => log.log('warn', message, meta),
    });
    this.#stats.openGroups = () => this.#grouper.size;
    this.#dispatcher = new Dispatcher({
      gateway: this.#gateway,
      store: this.#store,
      clock: this.#clock,
      stats: this.#stats,
      logger: this.#logger,
      circuit: createCircuitBreaker({ failureThreshold: opts.failureThreshold, cooldownMs: opts.cooldownMs }),
      workspace: createTokenBucket({
        ratePerSecond: opts.workspacePerMinute / 60,
        burst: Math.max(opts.burst, Math.ceil(opts.workspacePerMinute / 60)),
      }),
      perChannelPerSecond: opts.perChannelPerSecond,
      burst: opts.burst,
      maxAttempts: opts.maxAttempts,
      backoff: opts.backoff,
      random: internals.random ?? Math.random,
      recoverAmbiguous: () => opts.recoverAmbiguous && this.#startUp.historyAllowed,
      lateCommits,
      botUserId: () => this.#startUp.auth?.userId,
      render: (item, droppedNotice) => {
        const build = item.fallback ? plainTextFallback : buildMessage;
        const group = this.#grouper.infoFor(item);
        return build(item.notification, {
          ...(this.#markers ? { markers: this.#markers } : {}),
          ...(droppedNotice ? { droppedNotice } : {}),
          ...(group ? { group } : {}),
        });
      },
      renderDigest: (items, droppedNotice) =>
        renderDigest(items, {
          ...(markers ? { markers } : {}),
          ...(droppedNotice ? { droppedNotice } : {}),
        }),
      digestable: (item) =>
        item.priority !== 'high' &&
        !item.ambiguous &&
        !item.fallback &&
        !(typeof item.notification === 'object' && item.notification.threadTs) &&
        !this.#grouper.isHead(item.id),
      digestBacklog: (opts.perChannelPerSecond * storm.digestAfterMs) / 1000,
      digestMaxItems: storm.digestMaxItems,
      settle: (item, outcome) => this.#settle(item, outcome),
      wantsPermalink: (item) => this.#intake.receiptOf(item)?.observed ?? false,
      onAuthRestored: (auth) => this.#startUp.restored(auth),
      afterStopped: () => {
        void this.#leftovers.drop();
      },
    });
    this.#intake = new Intake({
      store: this.#store,
      ownStore: options.store === undefined,
      clock: this.#clock,
      stats: this.#stats,
      logger: this.#logger,
      defaultChannel: opts.channel,
      routes: opts.routes,
      groupingKey: new GroupingKey(storm.match),
      grouper: this.#grouper,
      flood: new FloodBreaker(storm.floodPerMinute),
      drop: (item, reason, countedByStore) => this.#dispatcher.drop(item, reason, countedByStore),
      added: (channel) => this.#dispatcher.added(channel),
      kick: (channel) => this.#dispatcher.kick(channel),
      onSettled: () => this.#onSettled(),
      watch: this.#lifetime.receipts,
    });
    for (const name of [opts.channel, ...opts.routes.values()]) this.#dispatcher.lane(name);
    this.#startUp = new StartUp({
      gateway: this.#gateway,
      dispatcher: this.#dispatcher,
      clock: this.#clock,
      sdkLogger,
      logger: this.#logger,
      recoverAmbiguous: opts.recoverAmbiguous,
      startTimeoutMs: opts.startTimeoutMs,
      autoStart: opts.autoStart,
    });
    this.#leftovers = new Leftovers({
      store,
      logger: this.#logger,
      droppedByReason: () => this.#stats.droppedByReason,
      pending: () => this.#stats.pending,
      drop: (item, reason) => this.#dispatcher.drop(item, reason),
    });
    this.#health = new HealthProbe({
      clock: this.#clock,
      keepAlive: this.#lifetime.keepAlive,
      gateway: this.#gateway,
      store,
      timeoutMs: opts.healthTimeoutMs,
      snapshot: () => ({
        now: this.#clock.now(),
        auth: this.#startUp.auth,
        startError: this.#startUp.error,
        circuit: this.#dispatcher.circuit,
        lanes: [...this.#dispatcher.lanes.values()],
        maxItems: this.#ownStore ? this.#opts.maxItems : undefined,
        lastSuccessAt: this.#dispatcher.lastSuccessAt,
        staleAfterMs: STALE_AFTER_MS,
      }),
      withStore: (report, bounded) => withStoreHealth(report, bounded, this.#clock, this.#stats.storeLoss),
    });
    if (store.shared) this.#stats.isOwn = (item) => this.#intake.receiptOf(item) !== undefined;
    this.#unsubscribeStore = subscribeStore(
      store,
      {
        kick: (channel) => this.#dispatcher.kick(channel),
        outcome: (item, outcome) => {
          if (this.#intake.receiptOf(item) === undefined) return;
          countRelayed(this.#stats, outcome);
          this.#settle(item, outcome);
        },
        loss: (loss) => {
          void recoverFromStoreLoss(loss, {
            store,
            stats: this.#stats,
            logger: this.#logger,
            clock: this.#clock,
            unsettled: () => this.#intake.unsettled(),
            drop: (item, reason) => this.#dispatcher.drop(item, reason),
            kick: (channel) => this.#dispatcher.kick(channel),
          }).catch(() => undefined);
        },
      },
      this.#logger,
    );
    this.#intake.storeReady = recoverStore(this.#store, {
      recovered: (n) => {
        this.#intake.storeReady = undefined;
        // A shared store's backlog is every replica's: this one did not accept it (see `shared`).
        if (!this.#store.shared) {
          this.#stats.accepted += n;
          this.#stats.pending += n;
          this.#lifetime.pending(n);
        }
        void Promise.resolve(this.#store.channels()).then((channels) => {
          for (const channel of channels) this.#dispatcher.kick(channel);
        });
      },
      failed: (error) => {
        this.#intake.storeReady = undefined;
        this.#logger.log('error', 'outbox store recovery failed', { error: String(error) });
      },
    });
    void registerMetrics(() => this.stats()).then((unregister) => {
      if (this.#closed) unregister?.();
      else this.#unregisterMetrics = unregister;
    });
    this.#scheduleHealthCheck();
    if (opts.autoStart) {
      this.#startUp.run().catch((error: unknown) => {
        log.log('error', `notifier start failed: ${error instanceof Error ? error.message : String(error)}`, {
          code: (error as { code?: unknown }).code,
        });
      });
    }
  }

  notify(input: Notification | string): NotifyReceipt {
    const receipt = this.#intake.notify(input);
    this.#lifetime.pending(this.#stats.pending);
    return receipt;
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
    return this.#stats.snapshot();
  }

  flush(timeoutMs = 5000): Promise<boolean> {
    return this.#flushWaiters.wait(timeoutMs);
  }

  close(timeoutMs = 5000): Promise<boolean> {
    this.#closePromise ??= this.#close(timeoutMs);
    return this.#closePromise;
  }

  /** Something settled: flush waiters, awaited receipts and the exit guard look. */
  #onSettled(): void {
    this.#flushWaiters.check();
    this.#lifetime.settled(this.#stats.pending);
  }

  /** The script ended without close() and work is pending: deliver within `exitTimeoutMs`, then let go. */
  #onBeforeExit(): void {
    if (this.#closePromise !== undefined || this.#stats.pending === 0) return;
    this.#leftovers.reason = 'exit';
    void this.close(this.#opts.exitTimeoutMs);
  }

  #close(timeoutMs: number): Promise<boolean> {
    return shutdown(
      {
        clock: this.#clock,
        keepAlive: this.#lifetime.keepAlive,
        begin: () => {
          this.#closed = true;
          this.#intake.closed = true;
          this.#leftovers.begin();
          this.#lifetime.closing();
          this.#grouper.releaseHeld();
        },
        flush: (ms) => this.flush(ms),
        flushGroups: () => this.#grouper.flush(),
        stop: () => {
          this.#updater.stop();
          this.#grouper.stop();
          if (this.#healthTimer !== undefined) this.#clock.clearTimeout(this.#healthTimer);
          this.#dispatcher.stop();
          this.#lifetime.stop();
          this.#unregisterMetrics?.();
        },
        abortSlack: () => {
          if (this.#gateway.abort === undefined) return Promise.resolve();
          // What a lane is delivering now may reach Slack or not: its outcome becomes unknown.
          this.#leftovers.abortingWith(this.#dispatcher.inFlight);
          return this.#gateway.abort();
        },
        lanesIdle: (ms) => this.#dispatcher.idle(ms),
        settleLeftovers: () => this.#leftovers.settle(),
        closeStore: () => {
          this.#unsubscribeStore();
          return this.#store.close?.();
        },
        silence: () => this.#quietLogger.silence(),
      },
      timeoutMs,
    );
  }

  /** An item ended (here, or elsewhere for a shared store's relayed outcomes): groups, lane, receipt. */
  #settle(item: OutboxItem, outcome: DeliveryOutcome): void {
    this.#dispatcher.settled(item);
    this.#leftovers.settled(item.id);
    if (outcome.status === 'delivered')
      this.#grouper.posted(item.id, outcome.channelId, outcome.ts, item.fallback === true);
    else this.#grouper.failed(item.id);
    // Another replica's item: tell its owner (it settles its receipt and counters from this).
    if (this.#store.publishOutcome !== undefined && !this.#stats.isOwn(item)) {
      publishOutcome(this.#store, item, outcome, this.#logger);
    }
    this.#intake.settle(item, outcome);
  }

  /** Drop counts a durable store kept from earlier runs (read before anything is added). */
  #seedDrops(): void {
    try {
      const counts = this.#store.dropCounts?.();
      if (counts instanceof Promise) {
        counts.then(
          (c) => this.#stats.seedDrops(c),
          () => undefined,
        );
      } else if (counts !== undefined) this.#stats.seedDrops(counts);
    } catch (error) {
      this.#logger.log('warn', 'could not read the stored drop counts', { error: String(error) });
    }
  }

  #scheduleHealthCheck(): void {
    if (this.#opts.healthCheckIntervalMs === 0 || this.#closed) return;
    this.#healthTimer = this.#clock.setTimeout(() => {
      void this.#periodicCheck().finally(() => this.#scheduleHealthCheck());
    }, this.#opts.healthCheckIntervalMs);
  }

  async #periodicCheck(): Promise<void> {
    if (this.#closed || !this.#startUp.begun) return;
    try {
      // Slack was unreachable at start: check the token again, quietly, so membership checks can run.
      await this.#startUp.retryToken();
      await this.#dispatcher.check(await this.#store.channels());
    } catch (error) {
      this.#logger.log('warn', 'periodic health check failed', { error: String(error) });
    }
  }
}
