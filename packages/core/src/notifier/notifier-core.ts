import type { SlackGateway } from '../slack/gateway-types.js';
import type { Clock, OutboxStore } from '../types.js';
import type { GuardedLogger } from './guarded-logger.js';
import type { Ledger } from './ledger.js';

/** What most parts of a notifier are built with: its clock, store, ledger, logger and Slack layer. */
export interface NotifierCore {
  clock: Clock;
  store: OutboxStore;
  ledger: Ledger;
  logger: GuardedLogger;
  gateway: SlackGateway;
}
