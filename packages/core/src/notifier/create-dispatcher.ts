import { buildMessage, plainTextFallback } from '../format/index.js';
import { createTokenBucket } from '../pacing/token-bucket.js';
import { createCircuitBreaker } from '../retry/circuit-breaker.js';
import type { AuthInfo, SlackGateway } from '../slack/gateway-types.js';
import type { Grouper } from '../storm/grouper.js';
import { renderDigest } from '../storm/render-digest.js';
import type { StormSettings } from '../storm/resolve-storm-options.js';
import type { Clock, NotifierOptions, OutboxStore } from '../types.js';
import { Dispatcher } from './dispatcher.js';
import type { GuardedLogger } from './guarded-logger.js';
import type { LateCommits } from './late-commits.js';
import type { Ledger } from './ledger.js';
import type { ResolvedOptions } from './resolve-options.js';

/** What the dispatcher is wired to, beyond the options. */
export interface DispatcherWiring {
  opts: ResolvedOptions;
  storm: StormSettings;
  markers: NotifierOptions['markers'];
  gateway: SlackGateway;
  store: OutboxStore;
  clock: Clock;
  ledger: Ledger;
  logger: GuardedLogger;
  random: () => number;
  lateCommits: LateCommits;
  grouper: Grouper;
  /** The token may read channel history (start's scope check). */
  historyAllowed(): boolean;
  botUserId(): string | undefined;
  onAuthRestored(auth: AuthInfo): void;
  afterStopped(): void;
}

/**
 * The dispatcher with the notifier's policies plugged in: pacing (per channel and workspace), the auth
 * circuit, rendering with the storm counter and the dropped notice, and which items may go into a digest.
 */
export function createDispatcher(w: DispatcherWiring): Dispatcher {
  const { opts, storm, grouper } = w;
  const markers = w.markers ? { markers: w.markers } : {};
  return new Dispatcher({
    gateway: w.gateway,
    store: w.store,
    clock: w.clock,
    ledger: w.ledger,
    logger: w.logger,
    circuit: createCircuitBreaker({ failureThreshold: opts.failureThreshold, cooldownMs: opts.cooldownMs }),
    workspace: createTokenBucket({
      ratePerSecond: opts.workspacePerMinute / 60,
      burst: Math.max(opts.burst, Math.ceil(opts.workspacePerMinute / 60)),
    }),
    perChannelPerSecond: opts.perChannelPerSecond,
    burst: opts.burst,
    maxAttempts: opts.maxAttempts,
    backoff: opts.backoff,
    random: w.random,
    recoverAmbiguous: () => opts.recoverAmbiguous && w.historyAllowed(),
    lateCommits: w.lateCommits,
    botUserId: () => w.botUserId(),
    render: (item, droppedNotice) => {
      const build = item.fallback ? plainTextFallback : buildMessage;
      const group = grouper.infoFor(item);
      return build(item.notification, {
        ...markers,
        ...(droppedNotice ? { droppedNotice } : {}),
        ...(group ? { group } : {}),
      });
    },
    renderDigest: (items, droppedNotice) =>
      renderDigest(items, { ...markers, ...(droppedNotice ? { droppedNotice } : {}) }),
    digestable: (item) =>
      item.priority !== 'high' &&
      !item.ambiguous &&
      !item.fallback &&
      !(typeof item.notification === 'object' && item.notification.threadTs) &&
      !grouper.isHead(item.id),
    digestBacklog: (opts.perChannelPerSecond * storm.digestAfterMs) / 1000,
    digestMaxItems: storm.digestMaxItems,
    onAuthRestored: (auth) => w.onAuthRestored(auth),
    afterStopped: () => w.afterStopped(),
  });
}
