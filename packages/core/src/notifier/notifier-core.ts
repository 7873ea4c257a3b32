import type { SlackGateway } from '../slack/gateway-types.js';
import type { Clock, OutboxStore } from '../types.js';
import type { DeliveryStats } from './delivery-stats.js';
import type { GuardedLogger } from './guarded-logger.js';

/** What most parts of a notifier are built with: its clock, store, counters, logger and Slack layer. */
export interface NotifierCore {
  clock: Clock;
  store: OutboxStore;
  stats: DeliveryStats;
  logger: GuardedLogger;
  gateway: SlackGateway;
}
