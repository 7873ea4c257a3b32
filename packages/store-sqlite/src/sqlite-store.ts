import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ConversationStore, DeadLetter, OutboxDepth, OutboxItem } from '@backend-notifier/core';
import Database from 'better-sqlite3';
import { migrate } from './migrate.js';
import { itemToParams, priorityRank, rowToItem } from './row-codec.js';
import { createSqliteConversationStore } from './sqlite-conversation-store.js';
import { prepareStatements, type Statements } from './statements.js';
import type { SqliteStore, SqliteStoreCounts, SqliteStoreOptions } from './types.js';

/**
 * A durable outbox on SQLite (better-sqlite3, WAL). Every method is one transaction that has committed when
 * it returns, synchronously: `add()` returning means the row is in the WAL, so the notifier's `accepted`
 * (and a `process.exit()` right after `notify()`) never loses it. Claimed rows carry this process's token
 * and claim time; `recover()` at the next start puts them back, marked ambiguous, so the notifier checks
 * Slack's history before posting them again. The token is never written: rows hold only the notification
 * and its delivery metadata.
 *
 * @example
 * const notifier = createNotifier({ token, channel: 'alerts', store: createSqliteStore({ path: 'data/outbox.db' }) });
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteOutboxStore(options);
}

const FOREVER = -1;

class SqliteOutboxStore implements SqliteStore {
  readonly durable = true as const;
  readonly path: string;
  /** Conversation state in the same file (schema v2): restarts continue each key on its message. */
  readonly conversations: ConversationStore;
  readonly #db: Database.Database;
  readonly #sql: Statements;
  readonly #maxItems: number;
  readonly #maxDeadLetters: number;
  readonly #retainSentMs: number;
  readonly #retainDeadMs: number;
  readonly #closeWaitMs: number;
  readonly #now: () => number;
  /** Identifies this process's claims in the file. */
  readonly #token = randomUUID();
  readonly #pruneTimer: NodeJS.Timeout | undefined;
  readonly #addTx: (item: OutboxItem) => OutboxItem[] | undefined;
  readonly #deadTx: (item: OutboxItem, code: string) => void;
  /** In-flight ids claimed by this instance: `close()` waits for them. */
  readonly #mine = new Set<string>();
  #onSettled: (() => void) | undefined;
  // Counts mirrored in memory so `add()` checks the bound without a scan (one process per file).
  #waiting = 0;
  #inFlight = 0;
  #dead = 0;
  #closed: Promise<void> | undefined;

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    this.#maxItems = options.maxItems ?? 10_000;
    if (!(this.#maxItems >= 1)) throw new RangeError('maxItems must be at least 1');
    this.#maxDeadLetters = options.maxDeadLetters ?? 1000;
    this.#retainSentMs = options.retainSentMs ?? 3_600_000;
    this.#retainDeadMs = options.retainDeadLettersMs ?? 604_800_000;
    this.#closeWaitMs = options.closeWaitMs ?? 2000;
    this.#now = options.now ?? Date.now;
    const memory = options.path === ':memory:' || options.path === '';
    if (!memory) mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
    this.#sql = prepareStatements(db);
    this.conversations = createSqliteConversationStore(db, {
      maxConversations: options.maxConversations ?? 10_000,
    });
    this.#addTx = db.transaction((item: OutboxItem) => this.#addInTx(item)).immediate;
    this.#deadTx = db.transaction((item: OutboxItem, code: string) => this.#deadInTx(item, code)).immediate;
    this.#loadCounts();
    this.prune();
    const every = options.pruneIntervalMs ?? 60_000;
    if (every > 0) {
      this.#pruneTimer = setInterval(() => {
        try {
          this.prune();
        } catch {
          // A busy or closed file: the next tick (or the next open) prunes.
        }
      }, every);
      this.#pruneTimer.unref();
    }
  }

  add(item: OutboxItem): OutboxItem[] | undefined {
    this.#open();
    return this.#addTx(item);
  }

  claim(channel: string): OutboxItem | undefined {
    this.#open();
    const row = this.#sql.claim.get(this.#now(), this.#token, channel);
    if (row === undefined) return undefined;
    this.#waiting--;
    this.#inFlight++;
    this.#mine.add(row.id);
    return rowToItem(row);
  }

  ack(id: string): void {
    this.#open();
    const done =
      this.#retainSentMs === 0 ? this.#sql.deleteInFlight.run(id) : this.#sql.markSent.run(this.#now(), id);
    if (done.changes > 0) this.#inFlight--;
    this.#settled(id);
  }

  release(item: OutboxItem): void {
    this.#open();
    const done = this.#sql.release.run({
      id: item.id,
      attempts: item.attempts,
      fallback: item.fallback ? 1 : 0,
      ambiguous: item.ambiguous ? 1 : 0,
    });
    if (done.changes > 0) {
      this.#inFlight--;
      this.#waiting++;
    }
    this.#settled(item.id);
  }

  deadLetter(item: OutboxItem, code: string): void {
    this.#open();
    this.#deadTx(item, code);
    this.#settled(item.id);
  }

  deadLetters(limit = Number.POSITIVE_INFINITY): DeadLetter[] {
    this.#open();
    const n = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : FOREVER;
    return this.#sql.deadLetters
      .all(n)
      .map((row) => ({ item: rowToItem(row), code: row.dead_code, at: row.done_at }));
  }

  channels(): string[] {
    this.#open();
    return this.#sql.channels.all().map((row) => row.channel);
  }

  depth(): OutboxDepth {
    this.#open();
    const oldest = this.#sql.oldest.get()?.oldest ?? undefined;
    return { pending: this.#waiting, inFlight: this.#inFlight, oldestAcceptedAt: oldest ?? undefined };
  }

  recover(): number {
    this.#open();
    this.#sql.recover.run();
    this.#mine.clear();
    this.#loadCounts();
    return this.#waiting;
  }

  dropCounts(): Record<string, number> {
    this.#open();
    return Object.fromEntries(this.#sql.drops.all().map((row) => [row.reason, row.count]));
  }

  recordDrop(reason: string, count = 1): void {
    this.#open();
    if (count > 0) this.#sql.countDrop.run(reason, count);
  }

  counts(): SqliteStoreCounts {
    this.#open();
    const out: SqliteStoreCounts = { waiting: 0, inFlight: 0, sent: 0, dead: 0 };
    for (const { state, n } of this.#sql.counts.all()) {
      if (state === 'in_flight') out.inFlight = n;
      else if (state === 'waiting' || state === 'sent' || state === 'dead') out[state] = n;
    }
    return out;
  }

  prune(): number {
    this.#open();
    const now = this.#now();
    const sent = this.#sql.pruneSent.run(now - this.#retainSentMs).changes;
    const dead = this.#sql.pruneDead.run(now - this.#retainDeadMs).changes;
    this.#dead -= dead;
    return sent + dead;
  }

  integrityCheck(): string {
    this.#open();
    const rows = this.#db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).join('\n');
  }

  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    // The notifier's close() already waits for its calls in flight; this covers any other caller closing the
    // store first: an answer that still arrives is recorded as sent, not left ambiguous for the next start.
    const deadline = Date.now() + this.#closeWaitMs;
    while (this.#mine.size > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        timer.unref();
        this.#onSettled = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.#onSettled = undefined;
    if (this.#pruneTimer !== undefined) clearInterval(this.#pruneTimer);
    this.#db.close();
  }

  #addInTx(item: OutboxItem): OutboxItem[] | undefined {
    let evicted: OutboxItem[] | undefined;
    if (this.#waiting + this.#inFlight >= this.#maxItems) {
      const victim = this.#sql.evictionCandidate.get(priorityRank(item.priority));
      // Nothing waiting ranks as low as the newcomer (or everything is in flight): the newcomer goes.
      if (victim === undefined) {
        this.#sql.countDrop.run('queue_overflow', 1);
        return [item];
      }
      this.#sql.deleteRow.run(victim.id);
      this.#sql.countDrop.run('queue_overflow', 1);
      evicted = [rowToItem(victim)];
    }
    this.#sql.insert.run(itemToParams(item));
    // Only now: a failed insert rolls the eviction back too, and the counts must not move.
    if (evicted === undefined) this.#waiting++;
    return evicted;
  }

  #deadInTx(item: OutboxItem, code: string): void {
    const done = this.#sql.deadLetter.run({
      id: item.id,
      code,
      at: this.#now(),
      attempts: item.attempts,
      fallback: item.fallback ? 1 : 0,
    });
    if (done.changes === 0) return;
    this.#inFlight--;
    this.#dead++;
    if (this.#dead > this.#maxDeadLetters) {
      this.#dead -= this.#sql.trimDead.run(this.#dead - this.#maxDeadLetters).changes;
    }
  }

  #settled(id: string): void {
    if (this.#mine.delete(id) && this.#mine.size === 0) this.#onSettled?.();
  }

  #loadCounts(): void {
    const counts = this.counts();
    this.#waiting = counts.waiting;
    this.#inFlight = counts.inFlight;
    this.#dead = counts.dead;
  }

  #open(): void {
    if (!this.#db.open) throw new Error('the SQLite outbox store is closed');
  }
}
