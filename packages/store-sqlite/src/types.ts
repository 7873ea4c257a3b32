import type {
  ConversationStore,
  DeadLetter,
  OutboxDepth,
  OutboxItem,
  OutboxStore,
} from '@backend-notifier/core';

/** Options of `createSqliteStore`. */
export interface SqliteStoreOptions {
  /**
   * The database file (created with its folder's `-wal` and `-shm` companions). `':memory:'` keeps
   * everything in memory: only for tests, it is not durable. One process per file.
   */
  path: string;
  /**
   * Most items held (waiting + in flight). A full store evicts the lowest priority, oldest first, exactly
   * like the memory store, and returns what it evicted (the notifier reports those as dropped
   * `queue_overflow`; the store also counts them, see `dropCounts()`).
   * @default 10000
   */
  maxItems?: number;
  /** Most dead letters kept; the oldest go first. @default 1000 */
  maxDeadLetters?: number;
  /**
   * How long a delivered message's row is kept (marked sent, for audits and the duplicate checks of the
   * tests) before pruning deletes it. `0` deletes rows as soon as Slack acknowledged them.
   * @default 3600000 (1 hour)
   */
  retainSentMs?: number;
  /** How long dead letters are kept at most (on top of `maxDeadLetters`). @default 604800000 (7 days) */
  retainDeadLettersMs?: number;
  /** How often old rows are pruned (also once on open); the timer is unref'd. `0` prunes on open only. @default 60000 */
  pruneIntervalMs?: number;
  /** How long a write waits for a lock held by another connection before it fails (`PRAGMA busy_timeout`). @default 5000 */
  busyTimeoutMs?: number;
  /**
   * `PRAGMA synchronous`. With WAL, `'NORMAL'` makes every commit reach the OS before `add()` returns, so it
   * survives the process being killed (`kill -9`, a crash, `process.exit`), not a power loss or kernel panic;
   * `'FULL'` also fsyncs the WAL on every commit, which survives those too at a much lower commit rate.
   * @default 'NORMAL'
   */
  synchronous?: 'NORMAL' | 'FULL';
  /**
   * How long `close()` waits for this process's in-flight sends to be acknowledged (or released) before it
   * closes the database, so a send that completes during shutdown is recorded as sent, not left ambiguous.
   * @default 2000
   */
  closeWaitMs?: number;
  /** Time source for claim/sent/dead-letter timestamps and pruning. @default Date.now */
  now?: () => number;
  /** Conversations kept in the file; past it, resolved ones are evicted first. @default 10000 */
  maxConversations?: number;
}

/** A row count by state, as stored. */
export interface SqliteStoreCounts {
  waiting: number;
  inFlight: number;
  sent: number;
  dead: number;
}

/**
 * The SQLite outbox: an `OutboxStore` (`durable: true`) plus what only a durable store can tell. Every
 * method answers synchronously, after its transaction has committed.
 */
export interface SqliteStore extends OutboxStore {
  readonly durable: true;
  add(item: OutboxItem): OutboxItem[] | undefined;
  claim(channel: string): OutboxItem | undefined;
  ack(id: string): void;
  release(item: OutboxItem): void;
  deadLetter(item: OutboxItem, code: string): void;
  deadLetters(limit?: number): DeadLetter[];
  channels(): string[];
  depth(): OutboxDepth;
  /** Puts rows left in flight by an earlier process back to waiting, marked ambiguous; returns how many wait. */
  recover(): number;
  /** The database file. */
  readonly path: string;
  /** Conversation state in the same file (one Slack message per key, continued after a restart). */
  readonly conversations: ConversationStore;
  /**
   * Drop counts by reason, kept across restarts. The store counts its own evictions (`queue_overflow`);
   * other reasons are added with `recordDrop()` (the core's store interface does not report them yet).
   */
  dropCounts(): Record<string, number>;
  /** Adds `count` drops of `reason` to the persistent counters. */
  recordDrop(reason: string, count?: number): void;
  /** Rows by state (sent rows until they are pruned). */
  counts(): SqliteStoreCounts;
  /** Deletes sent rows and dead letters older than their retention now; returns how many rows went. */
  prune(): number;
  /** Result of `PRAGMA integrity_check` (`'ok'` when the file is sound). */
  integrityCheck(): string;
  /** Closes the database (after waiting up to `closeWaitMs` for in-flight sends). Idempotent. */
  close(): Promise<void>;
}

/**
 * What `migrate()` uses of a connection. A better-sqlite3 `Database` is one; it is declared here rather than
 * imported so the published types resolve without `@types/better-sqlite3` (a devDependency).
 */
export interface SqliteConnection {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): unknown;
  transaction(fn: () => void): { immediate(): void };
}
