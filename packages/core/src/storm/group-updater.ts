import type { GroupInfo } from '../format/types.js';
import type { SlackGateway, SlackMessage } from '../slack/gateway-types.js';
import type { Clock, Notification, OutboxStore } from '../types.js';
import type { StormSettings } from './resolve-storm-options.js';
import type { StormGroup } from './storm-group.js';

/** Failed updates in a row after which a group stops updating (its message keeps the last count shown). */
const MAX_UPDATE_FAILURES = 3;
/**
 * While a `flush()` waits, a due counter goes this long after the group's last update (or at once when that
 * is longer ago), not `intervalMs` after it: soon, yet a storm still raging during a long flush costs at
 * most one `chat.update` per group per second.
 */
export const HURRY_GAP_MS = 1000;

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
  /** Told of each `chat.update` that refreshed a counter. @default nothing */
  updated?(): void;
  /** An update ended (sent, refused or failed): a `flush()` waiting for due counters looks again. */
  ended?(): void;
}

/**
 * Keeps a group's message current: at most one `chat.update` per `intervalMs` per group, with the total
 * (this process's count plus, with a shared store, the other replicas' repeats), optionally a sample thread
 * reply; and for a group another replica posts, counts this process's occurrences into the shared counter.
 */
export class GroupUpdater {
  readonly #deps: GroupUpdaterDeps;
  #stopped = false;
  /** Groups with an update timer pending. */
  readonly #timed = new Set<StormGroup>();
  /** Groups with an update in flight. */
  readonly #running = new Set<StormGroup>();

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
    this.#setTimer(group, group.lastUpdateAt + this.#deps.settings.intervalMs);
  }

  /**
   * Whether a counter is due: a group whose message shows fewer occurrences than this process counted, with an
   * update pending, or an update in flight. `flush()` is not done while one is. A group whose last update
   * failed is not waited for (it is retried on its interval, like any other; the failure was logged).
   */
  hasDue(): boolean {
    if (this.#running.size > 0) return true;
    for (const group of this.#timed) if (isDue(group)) return true;
    return false;
  }

  /**
   * A `flush()` waits: every due counter goes now, or {@link HURRY_GAP_MS} after its group's last update,
   * instead of when its interval is over. Cheap when nothing is due (a look at the pending timers).
   */
  sendDue(): void {
    if (this.#stopped) return;
    const now = this.#deps.clock.now();
    for (const group of [...this.#timed]) {
      if (!isDue(group)) continue;
      const soon = Math.max(now, group.lastUpdateAt + Math.min(HURRY_GAP_MS, this.#deps.settings.intervalMs));
      if (group.dueAt <= soon) continue;
      this.cancel(group);
      this.#setTimer(group, soon);
    }
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
    this.#timed.delete(group);
  }

  /** Tell the final count now (close/flush): cancels the pending timer and updates at once. */
  async flush(group: StormGroup): Promise<void> {
    if (group.timer === undefined || group.ts === undefined) return;
    this.cancel(group);
    await this.#update(group, true);
  }

  /** No more updates (close): pending timers are cleared, forgotten groups' too. */
  stop(): void {
    this.#stopped = true;
    for (const group of [...this.#timed]) this.cancel(group);
  }

  #setTimer(group: StormGroup, at: number): void {
    const { clock } = this.#deps;
    group.dueAt = at;
    this.#timed.add(group);
    group.timer = clock.setTimeout(
      () => {
        group.timer = undefined;
        this.#timed.delete(group);
        void this.#update(group);
      },
      Math.max(0, at - clock.now()),
    );
    (group.timer as { unref?: () => void } | undefined)?.unref?.();
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
    this.#running.add(group);
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
      deps.updated?.();
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
      this.#running.delete(group);
      if (!final && !group.closed && !this.#stopped) {
        const sharedOpen = store.repeats !== undefined && clock.now() - group.firstAt < settings.windowMs;
        if (group.count > group.shown || sharedOpen) this.schedule(group);
      }
      deps.ended?.();
    }
  }
}

/** A pending update that would show more than the message does, for a group still updating normally. */
function isDue(group: StormGroup): boolean {
  return !group.closed && !group.remote && group.failures === 0 && group.count > group.shown;
}
