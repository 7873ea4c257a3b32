import { buildMessage, plainTextFallback } from '../format/index.js';
import type { SlackGateway } from '../slack/gateway-types.js';
import { GroupUpdater } from '../storm/group-updater.js';
import { Grouper } from '../storm/grouper.js';
import type { StormSettings } from '../storm/resolve-storm-options.js';
import type { StormGroup } from '../storm/storm-group.js';
import type { Clock, NotifierOptions, OutboxItem, OutboxStore } from '../types.js';
import type { GuardedLogger } from './guarded-logger.js';
import type { Ledger } from './ledger.js';

/** What the storm parts are wired to. */
export interface StormWiring {
  clock: Clock;
  gateway: SlackGateway;
  store: OutboxStore;
  settings: StormSettings;
  markers: NotifierOptions['markers'];
  ledger: Ledger;
  logger: GuardedLogger;
  /** Whether Slack may be called now (the auth circuit is closed). */
  canCall(): boolean;
  /** A held first occurrence goes to the store now. */
  release(item: OutboxItem): void;
  /** Another replica posts this fingerprint: settle the held first occurrence as grouped. */
  foldRemote(item: OutboxItem, group: StormGroup): void;
}

/** The storm group table and the updater that keeps each group's counter current in Slack. */
export function createStorm(w: StormWiring): { grouper: Grouper; updater: GroupUpdater } {
  const markers = w.markers ? { markers: w.markers } : {};
  const updater = new GroupUpdater({
    clock: w.clock,
    gateway: w.gateway,
    store: w.store,
    settings: w.settings,
    render: (n, group, plain) => (plain ? plainTextFallback : buildMessage)(n, { ...markers, group }),
    renderSample: (n) => buildMessage(n, markers),
    canCall: () => w.canCall(),
    log: (level, message, meta) => w.logger.log(level, message, meta),
    ended: () => w.ledger.progress(),
  });
  const grouper = new Grouper({
    clock: w.clock,
    store: w.store,
    settings: w.settings,
    updater,
    release: (item) => w.release(item),
    foldRemote: (item, group) => w.foldRemote(item, group),
    warn: (message, meta) => w.logger.log('warn', message, meta),
  });
  return { grouper, updater };
}
