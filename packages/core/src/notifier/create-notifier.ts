import { randomUUID } from 'node:crypto';
import { NotifierError } from '../errors.js';
import { buildMessage, plainTextFallback } from '../format/index.js';
import { validateNotification } from '../format/validate-notification.js';
import { createTokenBucket } from '../pacing/token-bucket.js';
import { createMemoryStore } from '../queue/memory-store.js';
import { createCircuitBreaker } from '../retry/circuit-breaker.js';
import { checkToken } from '../slack/check-token.js';
import { createSlackGateway } from '../slack/create-slack-gateway.js';
import type { AuthInfo, SlackGateway } from '../slack/gateway-types.js';
import { featuresFor } from '../slack/required-scopes.js';
import type {
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
import { buildHealthReport } from './build-health-report.js';
import { DeliveryStats } from './delivery-stats.js';
import { Dispatcher } from './dispatcher.js';
import { consoleLogger, createGuardedLogger, type GuardedLogger } from './guarded-logger.js';
import { Receipt } from './receipt.js';
import { registerMetrics, type UnregisterMetrics } from './register-metrics.js';
import { type ResolvedOptions, resolveOptions } from './resolve-options.js';
import { snapshotError } from './snapshot-error.js';
import { systemClock } from './system-clock.js';

/**
 * The receipt rides on the item itself (a symbol key: invisible to JSON, so durable stores never see it).
 * The memory store hands the same object back, so no id → receipt map is needed on the hot path; other
 * stores return copies, so for them the map is the fallback.
 */
const RECEIPT = Symbol('receipt');
type TrackedItem = OutboxItem & { [RECEIPT]?: Receipt };

/** How long the oldest pending message may wait before health calls the queue stuck. */
const STALE_AFTER_MS = 5 * 60_000;
/** At most one "queue full" warning per this many ms: a flood must not become a log flood. */
const OVERFLOW_LOG_INTERVAL_MS = 10_000;

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

/** Seams for unit tests (a fake Slack layer, a fixed random source). Not exported from the package. */
export interface NotifierInternals {
  gateway?: SlackGateway;
  random?: () => number;
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
  readonly #sdkLogger: Logger;
  readonly #stats = new DeliveryStats();
  readonly #logger: GuardedLogger;
  readonly #receipts = new Map<string, Receipt>();
  readonly #dispatcher: Dispatcher;
  readonly #gateway: SlackGateway;
  readonly #idPrefix = `${randomUUID().slice(0, 8)}-`;
  // Seeded from the wall clock so items recovered from a durable store keep going before new ones.
  #seq = Date.now() * 1024;
  #idCounter = 0;
  #storeReady: Promise<unknown> | undefined;
  #auth: AuthInfo | undefined;
  #historyAllowed = true;
  #startPromise: Promise<void> | undefined;
  #startError: string | undefined;
  #closed = false;
  #closePromise: Promise<boolean> | undefined;
  #flushWaiters = new Set<{ resolve: (v: boolean) => void; timer: unknown }>();
  #healthTimer: unknown;
  #unregisterMetrics: UnregisterMetrics | undefined;
  #lastOverflowLog = Number.NEGATIVE_INFINITY;

  constructor(options: NotifierOptions, opts: ResolvedOptions, internals: NotifierInternals) {
    this.#opts = opts;
    this.#markers = options.markers;
    this.#clock = options.clock ?? systemClock;
    this.#logger = createGuardedLogger(options.logger ?? consoleLogger);
    this.#store = options.store ?? createMemoryStore({ maxItems: opts.maxItems });
    this.#ownStore = options.store === undefined;
    const log = this.#logger;
    const sdkLogger: Logger = {
      debug: (m, meta) => log.log('debug', m, meta),
      info: (m, meta) => log.log('info', m, meta),
      warn: (m, meta) => log.log('warn', m, meta),
      error: (m, meta) => log.log('error', m, meta),
    };
    this.#sdkLogger = sdkLogger;
    this.#gateway =
      internals.gateway ??
      createSlackGateway({
        token: options.token,
        timeoutMs: opts.timeoutMs,
        logger: sdkLogger,
        ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
      });
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
      recoverAmbiguous: () => opts.recoverAmbiguous && this.#historyAllowed,
      botUserId: () => this.#auth?.userId,
      render: (item, droppedNotice) => {
        const build = item.fallback ? plainTextFallback : buildMessage;
        return build(item.notification, {
          ...(this.#markers ? { markers: this.#markers } : {}),
          ...(droppedNotice ? { droppedNotice } : {}),
        });
      },
      settle: (item, outcome) => this.#settle(item, outcome),
      wantsPermalink: (item) => this.#receiptOf(item)?.observed ?? false,
      onAuthRestored: () => {
        this.#startError = undefined;
      },
    });
    for (const name of [opts.channel, ...opts.routes.values()]) this.#dispatcher.lane(name);
    this.#recoverStore();
    void registerMetrics(() => this.stats()).then((unregister) => {
      if (this.#closed) unregister?.();
      else this.#unregisterMetrics = unregister;
    });
    this.#scheduleHealthCheck();
    if (opts.autoStart) {
      this.start().catch((error: unknown) => {
        log.log('error', `notifier start failed: ${error instanceof Error ? error.message : String(error)}`, {
          code: (error as { code?: unknown }).code,
        });
      });
    }
  }

  notify(input: Notification | string): NotifyReceipt {
    const channel = this.#channelOf(input);
    const stats = this.#stats;
    // A small-integer counter: `toString(36)` of the big wall-clock-based seq is many times slower.
    const receipt = new Receipt(this.#idPrefix + (this.#idCounter++).toString(36));
    stats.accepted++;
    if (this.#closed) return this.#refuse(receipt, 'closed');
    if (this.#logger.active) return this.#refuse(receipt, 'feedback_loop');
    let notification: Notification | string = input;
    try {
      if (typeof input === 'object') {
        validateNotification(input);
        if (input.error instanceof Error) notification = { ...input, error: snapshotError(input.error) };
      } else if (input === '') validateNotification(input);
    } catch (error) {
      this.#logger.log('warn', `invalid notification dropped: ${(error as Error).message}`, {
        id: receipt.id,
        field: (error as NotifierError).details?.field,
      });
      return this.#refuse(receipt, 'invalid');
    }
    const item: TrackedItem = {
      id: receipt.id,
      channel,
      priority: (typeof notification === 'object' && notification.priority) || 'normal',
      seq: this.#seq++,
      acceptedAt: this.#clock.now(),
      notification,
      attempts: 0,
      [RECEIPT]: receipt,
    };
    stats.pending++;
    if (!this.#ownStore) this.#receipts.set(item.id, receipt);
    const ready = this.#storeReady;
    const added = ready === undefined ? this.#tryAdd(item) : ready.then(() => this.#store.add(item));
    if (added instanceof Promise) {
      added.then(
        (evicted) => this.#added(item, receipt, evicted),
        (error: unknown) => this.#addFailed(item, error),
      );
    } else if (added !== false) {
      this.#added(item, receipt, added);
    }
    return receipt;
  }

  start(): Promise<void> {
    this.#startPromise ??= this.#start();
    return this.#startPromise;
  }

  async health(): Promise<HealthReport> {
    return buildHealthReport({
      now: this.#clock.now(),
      auth: this.#auth,
      startError: this.#startError,
      circuit: this.#dispatcher.circuit,
      lanes: this.#dispatcher.lanes.values(),
      gateway: this.#gateway,
      depth: await this.#store.depth(),
      maxItems: this.#ownStore ? this.#opts.maxItems : undefined,
      lastSuccessAt: this.#dispatcher.lastSuccessAt,
      staleAfterMs: STALE_AFTER_MS,
    });
  }

  stats(): NotifierStats {
    return this.#stats.snapshot();
  }

  flush(timeoutMs = 5000): Promise<boolean> {
    if (this.#stats.pending === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        resolve,
        timer: this.#clock.setTimeout(() => {
          this.#flushWaiters.delete(waiter);
          resolve(this.#stats.pending === 0);
        }, timeoutMs),
      };
      this.#flushWaiters.add(waiter);
    });
  }

  close(timeoutMs = 5000): Promise<boolean> {
    this.#closePromise ??= this.#close(timeoutMs);
    return this.#closePromise;
  }

  async #checkToken(): Promise<void> {
    const features = featuresFor({ historyRecovery: this.#opts.recoverAmbiguous });
    const check = await checkToken(this.#gateway, { features, logger: this.#sdkLogger });
    this.#auth = check.auth;
    this.#startError = undefined;
    this.#historyAllowed = !check.disabled.some((f) => f.startsWith('recover_by_history'));
  }

  async #start(): Promise<void> {
    try {
      await this.#checkToken();
    } catch (error) {
      const code = error instanceof NotifierError ? error.code : 'unreachable';
      this.#startError = code;
      // A refused token opens the circuit: one probe per cooldown until Slack accepts it again. Config errors
      // (wrong token kind, missing scopes) need a human: nothing is sent, messages stay queued.
      if (code === 'auth_failed') {
        this.#dispatcher.openCircuit(String((error as NotifierError).details.code ?? code));
        this.#dispatcher.run();
      } else if (code === 'unreachable') this.#dispatcher.run();
      throw error;
    }
    const lanes = [...this.#dispatcher.lanes.values()];
    const failures = await Promise.all(lanes.map((lane) => this.#dispatcher.setUp(lane)));
    this.#dispatcher.run();
    const failed = lanes.flatMap((lane, i) => (failures[i] ? [`#${lane.name} (${failures[i]?.code})`] : []));
    if (failed.length > 0) {
      throw new NotifierError(
        'channel_setup_failed',
        `Could not set up ${failed.join(', ')}; messages are kept and setup is retried.`,
        {
          details: { channels: failed },
        },
      );
    }
  }

  async #close(timeoutMs: number): Promise<boolean> {
    this.#closed = true;
    const delivered = await this.flush(timeoutMs);
    if (this.#healthTimer !== undefined) this.#clock.clearTimeout(this.#healthTimer);
    this.#dispatcher.stop();
    this.#unregisterMetrics?.();
    if (!this.#store.durable) {
      // The memory outbox dies with the process: what is still waiting is dropped, and counted as such.
      for (const channel of await this.#store.channels()) {
        for (let item = await this.#store.claim(channel); item; item = await this.#store.claim(channel)) {
          await this.#store.ack(item.id);
          this.#dispatcher.drop(item, 'closed');
        }
      }
    }
    await this.#store.close?.();
    return delivered;
  }

  #channelOf(input: Notification | string): string {
    if (typeof input === 'string') return this.#opts.channel;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new NotifierError(
        'invalid_notification',
        `notify() takes a notification object or a string (got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input})`,
      );
    }
    const route = input.channel;
    if (route === undefined) return this.#opts.channel;
    const name =
      this.#opts.routes.get(route) ??
      (route.replace(/^#/, '') === this.#opts.channel ? this.#opts.channel : undefined);
    if (name === undefined) {
      throw new NotifierError(
        'invalid_notification',
        `unknown route "${route}": add it to the notifier's routes option`,
        {
          details: { field: 'channel', routes: [...this.#opts.routes.keys()] },
        },
      );
    }
    return name;
  }

  #tryAdd(item: OutboxItem): OutboxItem[] | undefined | false | Promise<OutboxItem[] | undefined> {
    try {
      return this.#store.add(item);
    } catch (error) {
      this.#addFailed(item, error);
      return false;
    }
  }

  #added(item: OutboxItem, receipt: Receipt, evicted: OutboxItem[] | undefined): void {
    if (evicted !== undefined && evicted.length > 0) {
      for (const victim of evicted) this.#dispatcher.drop(victim, 'queue_overflow');
      const now = this.#clock.now();
      if (now - this.#lastOverflowLog >= OVERFLOW_LOG_INTERVAL_MS) {
        this.#lastOverflowLog = now;
        this.#logger.log('warn', 'outbox full: dropping the lowest-priority, oldest messages', {
          dropped: this.#stats.droppedByReason.queue_overflow ?? 0,
        });
      }
      if (evicted.includes(item)) return;
    }
    receipt.setAccepted(true);
    this.#dispatcher.kick(item.channel);
  }

  #addFailed(item: OutboxItem, error: unknown): void {
    this.#logger.log('error', 'outbox store refused a message; dropped', {
      id: item.id,
      error: String(error),
    });
    this.#dispatcher.drop(item, 'store_error');
  }

  #refuse(receipt: Receipt, reason: string): NotifyReceipt {
    this.#stats.drop(reason);
    receipt.settle({ status: 'dropped', id: receipt.id, reason });
    return receipt;
  }

  #receiptOf(item: TrackedItem): Receipt | undefined {
    return item[RECEIPT] ?? this.#receipts.get(item.id);
  }

  #settle(item: TrackedItem, outcome: Parameters<Receipt['settle']>[0]): void {
    const receipt = this.#receiptOf(item);
    if (receipt !== undefined) {
      if (!this.#ownStore) this.#receipts.delete(item.id);
      receipt.settle(outcome);
    }
    if (this.#stats.pending === 0 && this.#flushWaiters.size > 0) {
      for (const waiter of this.#flushWaiters) {
        this.#clock.clearTimeout(waiter.timer);
        waiter.resolve(true);
      }
      this.#flushWaiters.clear();
    }
  }

  #recoverStore(): void {
    const recovered = this.#store.recover?.();
    const count = (n: number): void => {
      this.#stats.accepted += n;
      this.#stats.pending += n;
    };
    if (recovered instanceof Promise) {
      this.#storeReady = recovered.then(
        (n) => {
          count(n);
          this.#storeReady = undefined;
          return this.#kickStored();
        },
        (error: unknown) => {
          this.#storeReady = undefined;
          this.#logger.log('error', 'outbox store recovery failed', { error: String(error) });
        },
      );
    } else if (typeof recovered === 'number') {
      count(recovered);
      if (recovered > 0) void this.#kickStored();
    }
  }

  async #kickStored(): Promise<void> {
    for (const channel of await this.#store.channels()) this.#dispatcher.kick(channel);
  }

  #scheduleHealthCheck(): void {
    if (this.#opts.healthCheckIntervalMs === 0 || this.#closed) return;
    this.#healthTimer = this.#clock.setTimeout(() => {
      void this.#periodicCheck().finally(() => this.#scheduleHealthCheck());
    }, this.#opts.healthCheckIntervalMs);
  }

  async #periodicCheck(): Promise<void> {
    if (this.#closed || this.#startPromise === undefined) return;
    try {
      // Slack was unreachable at start: check the token again, quietly, so membership checks can run.
      if (this.#startError === 'unreachable') await this.#checkToken().catch(() => undefined);
      await this.#dispatcher.check(await this.#store.channels());
    } catch (error) {
      this.#logger.log('warn', 'periodic health check failed', { error: String(error) });
    }
  }
}
