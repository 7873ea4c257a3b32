import type { ConversationState, ConversationStore } from '@backend-notifier/core';
import type Database from 'better-sqlite3';

/** Options of the SQLite conversation store. */
export interface SqliteConversationStoreOptions {
  /** Conversations kept; past it, resolved ones go first (oldest resolution first), then the quietest open ones. @default 10000 */
  maxConversations?: number;
}

interface Row {
  version: number;
  state: string;
}

/**
 * Conversation state in the outbox file (table `conversations`, schema v2), so a restart continues each key
 * on its Slack message with its count. A write is compare-and-set on the row's `version`, in one statement;
 * every call has committed when its promise resolves. Rows hold what the notifications said (as the outbox
 * rows do), never the token.
 */
export function createSqliteConversationStore(
  db: Database.Database,
  options: SqliteConversationStoreOptions = {},
): ConversationStore {
  const max = Math.max(1, Math.floor(options.maxConversations ?? 10_000));
  const get = db.prepare<[string, string], Row>(
    'SELECT version, state FROM conversations WHERE channel = ? AND key = ?',
  );
  const insert = db.prepare(
    `INSERT INTO conversations (channel, key, version, status, last_at, resolved_at, state)
     VALUES (@channel, @key, 1, @status, @lastAt, @resolvedAt, @state) ON CONFLICT DO NOTHING`,
  );
  const update = db.prepare(
    `UPDATE conversations SET version = version + 1, status = @status, last_at = @lastAt,
       resolved_at = @resolvedAt, state = @state
     WHERE channel = @channel AND key = @key AND version = @expected`,
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM conversations');
  // Resolved first (status = 'open' sorts 0 before 1), oldest resolution first, then the quietest open ones.
  const evict = db.prepare(
    `DELETE FROM conversations WHERE rowid IN (
       SELECT rowid FROM conversations ORDER BY status = 'open', coalesce(resolved_at, last_at) LIMIT ?)`,
  );
  const open = db.prepare<[number], { state: string }>(
    `SELECT state FROM conversations WHERE status = 'open' ORDER BY last_at LIMIT ?`,
  );
  const params = (s: ConversationState) => ({
    channel: s.channel,
    key: s.key,
    status: s.status,
    lastAt: s.lastAt,
    resolvedAt: s.status === 'resolved' ? (s.resolvedAt ?? s.lastAt) : null,
    state: JSON.stringify(s),
  });
  const insertTx = db
    .transaction((s: ConversationState): number | false => {
      if (insert.run(params(s)).changes !== 1) return false;
      const n = (count.get() as { n: number }).n;
      // Down to 90 %: one eviction per tenth of the capacity, not one per insert.
      if (n > max) evict.run(n - Math.floor(max * 0.9));
      return 1;
    })
    .immediate.bind(null);

  return {
    async get(channel, key) {
      const row = get.get(channel, key);
      return row === undefined
        ? undefined
        : { state: JSON.parse(row.state) as ConversationState, version: row.version };
    },
    async put(state, expected) {
      if (expected === 0) return insertTx(state);
      return update.run({ ...params(state), expected }).changes === 1 ? expected + 1 : false;
    },
    async listOpen(limit) {
      return open.all(Math.max(0, Math.floor(limit))).map((r) => JSON.parse(r.state) as ConversationState);
    },
    async size() {
      return (count.get() as { n: number }).n;
    },
  };
}
