import type { GroupInfo } from '../format/types.js';
import type { Clock, Notification, OutboxItem, OutboxStore } from '../types.js';
import type { GroupUpdater } from './group-updater.js';
import type { StormSettings } from './resolve-storm-options.js';
import { StormGroup } from './storm-group.js';

/** What the grouper needs from the notifier. */
export interface GrouperDeps {
  clock: Clock;
  store: OutboxStore;
  settings: StormSettings;
  updater: GroupUpdater;
  /** A held first occurrence may go to the store now (its wait is over, or the store said `'first'`). */
  release(item: OutboxItem): void;
  /** Another replica posts this fingerprint: settle the held first occurrence as grouped. */
  foldRemote(item: OutboxItem, group: StormGroup): void;
  /** Log a store failure (fail open: the item is posted). */
  warn(message: string, meta: Record<string, unknown>): void;
}

/**
 * The storm group table: which fingerprints have a message in this window, on which channel. `join()` is
 * on the `notify()` hot path (a map lookup and two increments); everything slower (waits, the shared
 * claim, `chat.update`) happens off it, on timers and promises.
 */
export class Grouper {
  readonly #deps: GrouperDeps;
  /** Channel → fingerprint → group (nested maps: no key concatenation on the hot path). */
  readonly #groups = new Map<string, Map<string, StormGroup>>();
  #size = 0;
  /** Groups whose first item is not settled yet, by that item's id (the renderer asks for the counter). */
  readonly #heads = new Map<string, StormGroup>();
  /** First occurrences waiting out `waitMs`, by item id. */
  readonly #held = new Map<string, { timer: unknown; go: () => void }>();

  constructor(deps: GrouperDeps) {
    this.#deps = deps;
  }

  /** Open groups (expired ones are counted until swept). */
  get size(): number {
    return this.#size;
  }

  /**
   * Counts an occurrence into the open group of `fingerprint` on `channel` and returns it, or returns
   * `undefined` when there is none (the caller then opens one with this occurrence as its first).
   */
  join(fingerprint: string, channel: string, n: Notification | string, now: number): StormGroup | undefined {
    const group = this.#groups.get(channel)?.get(fingerprint);
    if (group === undefined || group.closed) return undefined;
    const s = this.#deps.settings;
    if (now - group.lastAt >= s.repeatAfterMs || now - group.firstAt >= s.windowMs) return undefined;
    group.count++;
    group.lastAt = now;
    group.last = n;
    if (group.remote) this.#deps.updater.countRemote(group);
    else if (group.ts !== undefined && group.timer === undefined) this.#deps.updater.schedule(group);
    return group;
  }

  /**
   * Opens a group with `item` as its first occurrence. Returns true when the item may go to the store now;
   * false when it is held (a `waitMs`, or the shared claim) and will come back through `release`/`foldRemote`.
   */
  open(fingerprint: string, item: OutboxItem): boolean {
    const deps = this.#deps;
    if (this.#size >= deps.settings.maxGroups) this.#sweep(item.acceptedAt);
    let table = this.#groups.get(item.channel);
    if (table === undefined) {
      table = new Map();
      this.#groups.set(item.channel, table);
    }
    const previous = table.get(fingerprint);
    if (previous !== undefined) previous.closed = true;
    else this.#size++;
    const group = new StormGroup(fingerprint, item.channel, item.id, item.notification, item.acceptedAt);
    table.set(fingerprint, group);
    this.#heads.set(item.id, group);
    const claims = deps.store.claimFingerprint !== undefined;
    if (deps.settings.waitMs <= 0 && !claims) return true;
    const go = () => {
      this.#held.delete(item.id);
      if (claims) this.#claim(group, item);
      else deps.release(item);
    };
    // Held first occurrences are not in the store, so not bounded by it: past maxGroups they go at once.
    if (deps.settings.waitMs <= 0 || this.#held.size >= deps.settings.maxGroups) go();
    else {
      const timer = deps.clock.setTimeout(go, deps.settings.waitMs);
      (timer as { unref?: () => void } | undefined)?.unref?.();
      this.#held.set(item.id, { timer, go });
    }
    return false;
  }

  /** Ends every `waitMs` now (close): the first occurrences still waiting go to the store at once. */
  releaseHeld(): void {
    for (const { timer, go } of [...this.#held.values()]) {
      this.#deps.clock.clearTimeout(timer);
      go();
    }
  }

  /** Whether the item is the first of a group not posted yet (it must go alone, never in a digest). */
  isHead(id: string): boolean {
    return this.#heads.has(id);
  }

  /** The counter to render with an item, when it is the first of a group that has repeats. */
  infoFor(item: OutboxItem): GroupInfo | undefined {
    const group = this.#heads.get(item.id);
    if (group === undefined || group.count <= 1) return undefined;
    group.shown = group.count;
    return {
      count: group.count,
      firstAt: group.firstAt,
      lastAt: group.lastAt,
      windowMs: this.#deps.settings.windowMs,
    };
  }

  /** The first item was posted (`plain`: as its plain-text fallback): later repeats update this message. */
  posted(id: string, channelId: string, ts: string, plain = false): void {
    const group = this.#heads.get(id);
    if (group === undefined) return;
    this.#heads.delete(id);
    group.channelId = channelId;
    group.ts = ts;
    group.plain = plain;
    group.lastUpdateAt = this.#deps.clock.now();
    if (group.shown === 0) group.shown = 1;
    this.#deps.updater.afterPost(group);
  }

  /** The first item was dropped or dead-lettered: the group ends, the next occurrence posts anew. */
  failed(id: string): void {
    const group = this.#heads.get(id);
    if (group === undefined) return;
    this.#heads.delete(id);
    group.closed = true;
    const table = this.#groups.get(group.channel);
    if (table?.get(group.fingerprint) === group) {
      table.delete(group.fingerprint);
      this.#size--;
    }
  }

  /** Stops every pending update (close). */
  stop(): void {
    for (const table of this.#groups.values()) for (const g of table.values()) this.#deps.updater.cancel(g);
  }

  /** Sends what is left to tell (final counters) now; resolves when done. */
  async flush(): Promise<void> {
    const all: StormGroup[] = [];
    for (const table of this.#groups.values()) all.push(...table.values());
    await Promise.all(all.map((g) => this.#deps.updater.flush(g)));
  }

  #claim(group: StormGroup, item: OutboxItem): void {
    const deps = this.#deps;
    const fail = (error: unknown) => {
      deps.warn('shared dedupe failed; posting (fail open)', { error: String(error) });
      deps.release(item);
    };
    const decide = (answer: 'first' | 'repeat' | 'unavailable') => {
      if (answer !== 'repeat') return deps.release(item);
      group.remote = true;
      this.#heads.delete(item.id);
      deps.foldRemote(item, group);
      // The first occurrence and those that joined while the claim was asked all count into the shared group.
      for (let i = 0; i < group.count; i++) deps.updater.countRemote(group);
    };
    try {
      const answer =
        deps.store.claimFingerprint?.(group.fingerprint, deps.settings.windowMs) ?? 'unavailable';
      if (answer instanceof Promise) answer.then(decide, fail);
      else decide(answer);
    } catch (error) {
      fail(error);
    }
  }

  /** Forgets expired groups; when still full, the oldest (a map keeps insertion order). */
  #sweep(now: number): void {
    const s = this.#deps.settings;
    for (const table of this.#groups.values()) {
      for (const g of table.values()) {
        if (now - g.lastAt >= s.repeatAfterMs || now - g.firstAt >= s.windowMs || g.closed)
          this.#forget(table, g);
      }
    }
    const target = Math.floor(s.maxGroups * 0.9);
    for (const table of this.#groups.values()) {
      for (const g of table.values()) {
        if (this.#size <= target) return;
        this.#forget(table, g);
      }
    }
  }

  #forget(table: Map<string, StormGroup>, group: StormGroup): void {
    table.delete(group.fingerprint);
    this.#size--;
    // A pending update still tells the final count; only the table forgets the group.
    if (group.timer === undefined && !group.updating) group.closed = true;
  }
}
