import type { GroupInfo } from '../format/types.js';
import type { SlackGateway, SlackMessage } from '../slack/gateway-types.js';
import type { Clock, Notification, OutboxStore } from '../types.js';
import type { StormSettings } from './resolve-storm-options.js';
import type { StormGroup } from './storm-group.js';

/** Failed updates in a row after which a group stops updating (its message keeps the last count shown). */
const MAX_UPDATE_FAILURES = 3;

/** What the updater needs. */
export interface GroupUpdaterDeps {
  clock: Clock;
  gateway: SlackGateway;
  store: OutboxStore;
  settings: StormSettings;
  /** The group's first occurrence rendered with its counter. */
  render(n: Notification | string, group: GroupInfo, plain: boolean): SlackMessage;
  /** A sample occurrence rendered for a thread reply. */
  renderSample(n: Notification | string): SlackMessage;
  /** Whether Slack may be called now (the auth circuit is closed). */
  canCall(): boolean;
  log(level: 'debug' | 'warn', message: string, meta: Record<string, unknown>): void;
  /** Counts the `chat.update` calls (stats). */
  updated(): void;
}

/**
 * Keeps a group's message current: at most one `chat.update` per `intervalMs` per group, with the total
 * (this process's count plus, with a shared store, the other replicas' repeats), optionally a sample thread
 * reply; and for a group another replica posts, counts this process's occurrences into the shared counter.
 */
export class GroupUpdater {
  readonly #deps: GroupUpdaterDeps;
  #stopped = false;

  constructor(deps: GroupUpdaterDeps) {
    this.#deps = deps;
  }

  /** The group's message was just posted: update it when repeats came in meanwhile, or other replicas count. */
  afterPost(group: StormGroup): void {
    if (group.count > group.shown || this.#deps.store.repeats !== undefined) this.schedule(group);
  }

  /** Update within `intervalMs` of the last one (a no-op while one is pending or running). */
  schedule(group: StormGroup): void {
    if (this.#stopped || group.timer !== undefined || group.updating || group.ts === undefined) return;
    const { clock, settings } = this.#deps;
    const wait = Math.max(0, group.lastUpdateAt + settings.intervalMs - clock.now());
    group.timer = clock.setTimeout(() => {
      group.timer = undefined;
      void this.#update(group);
    }, wait);
    (group.timer as { unref?: () => void } | undefined)?.unref?.();
  }

  /** One more occurrence of a group another replica posts: count it into the shared counter. */
  countRemote(group: StormGroup): void {
    const count = this.#deps.store.countRepeat;
    if (count === undefined) return;
    try {
      const r = count.call(this.#deps.store, group.fingerprint);
      if (r instanceof Promise) r.catch(() => undefined);
    } catch {
      // Fail open: the occurrence is still counted locally (stats.grouped); only the shared total misses it.
    }
  }

  cancel(group: StormGroup): void {
    if (group.timer !== undefined) this.#deps.clock.clearTimeout(group.timer);
    group.timer = undefined;
  }

  /** Tell the final count now (close/flush): cancels the pending timer and updates at once. */
  async flush(group: StormGroup): Promise<void> {
    if (group.timer === undefined || group.ts === undefined) return;
    this.cancel(group);
    await this.#update(group, true);
  }

  stop(): void {
    this.#stopped = true;
  }

  async #update(group: StormGroup, final = false): Promise<void> {
    const deps = this.#deps;
    const { gateway, settings, clock, store } = deps;
    const channelId = group.channelId;
    const ts = group.ts;
    if (channelId === undefined || ts === undefined || group.updating) return;
    if (!deps.canCall()) {
      if (!final) this.schedule(group);
      return;
    }
    group.updating = true;
    try {
      let remote = 0;
      if (store.repeats !== undefined) {
        try {
          remote = Math.max(0, await store.repeats(group.fingerprint));
        } catch {
          remote = 0;
        }
      }
      const total = group.count + remote;
      if (total === group.shown) {
        // Nothing new: this check counts as the interval's turn, so the next one is an interval away.
        group.lastUpdateAt = clock.now();
        return;
      }
      const info: GroupInfo = {
        count: total,
        firstAt: group.firstAt,
        lastAt: group.lastAt,
        windowMs: settings.windowMs,
      };
      const res = await gateway.update(channelId, ts, deps.render(group.head, info, group.plain));
      group.lastUpdateAt = clock.now();
      if (!res.ok) {
        group.failures++;
        deps.log('warn', 'could not update a storm group counter', {
          code: res.failure.code,
          fingerprint: group.fingerprint,
        });
        if (res.failure.kind === 'rate_limited')
          group.lastUpdateAt += res.failure.retryAfterMs - settings.intervalMs;
        if (group.failures >= MAX_UPDATE_FAILURES) group.closed = true;
        return;
      }
      group.failures = 0;
      group.shown = total;
      deps.updated();
      if (group.samples < settings.sampleReplies) {
        group.samples++;
        await gateway.postMessage(channelId, deps.renderSample(group.last), {
          id: `${group.headId}.sample-${group.samples}`,
          threadTs: ts,
        });
      }
    } catch (error) {
      // A render or store failure: never an unhandled rejection from a timer; the group stops after a few.
      group.failures++;
      if (group.failures >= MAX_UPDATE_FAILURES) group.closed = true;
      deps.log('warn', 'could not update a storm group counter', { error: String(error) });
    } finally {
      group.updating = false;
      if (!final && !group.closed && !this.#stopped) {
        const sharedOpen = store.repeats !== undefined && clock.now() - group.firstAt < settings.windowMs;
        if (group.count > group.shown || sharedOpen) this.schedule(group);
      }
    }
  }
}
