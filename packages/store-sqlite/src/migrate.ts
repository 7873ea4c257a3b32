import type { SqliteConnection } from './types.js';

/**
 * Schema migrations, in order: entry `i` takes the file from `PRAGMA user_version = i` to `i + 1`. Append
 * new steps, never edit shipped ones, so a file written by any earlier version opens with a later one.
 */
const MIGRATIONS: readonly string[] = [
  // v1. One row per message for its whole life: waiting → in_flight → sent | dead (or back to waiting).
  // `prank` is the priority as a sort key (0 high, 1 normal, 2 low). Times are epoch ms (REAL, so a clock
  // with sub-millisecond precision fits). The row holds the notification as given, never the token.
  `
  CREATE TABLE outbox (
    id           TEXT PRIMARY KEY,
    channel      TEXT NOT NULL,
    priority     TEXT NOT NULL,
    prank        INTEGER NOT NULL,
    seq          REAL NOT NULL,
    accepted_at  REAL NOT NULL,
    notification TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    fallback     INTEGER NOT NULL DEFAULT 0,
    ambiguous    INTEGER NOT NULL DEFAULT 0,
    state        TEXT NOT NULL CHECK (state IN ('waiting', 'in_flight', 'sent', 'dead')),
    claimed_at   REAL,
    claim_token  TEXT,
    done_at      REAL,
    dead_code    TEXT
  ) STRICT;
  CREATE INDEX outbox_claim ON outbox (state, channel, prank, seq);
  CREATE INDEX outbox_evict ON outbox (state, prank DESC, seq);
  CREATE INDEX outbox_done ON outbox (state, done_at);
  CREATE TABLE drops (
    reason TEXT PRIMARY KEY,
    count  INTEGER NOT NULL
  ) STRICT;
  `,
  // v2. Conversations (one Slack message per key): the state as JSON, written compare-and-set on `version`.
  // `status`, `last_at` and `resolved_at` are copied out of it for the quiet-period sweep and for eviction.
  `
  CREATE TABLE conversations (
    channel     TEXT NOT NULL,
    key         TEXT NOT NULL,
    version     INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    last_at     REAL NOT NULL,
    resolved_at REAL,
    state       TEXT NOT NULL,
    PRIMARY KEY (channel, key)
  ) STRICT;
  CREATE INDEX conversations_open ON conversations (status, last_at);
  `,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the file to `SCHEMA_VERSION`, each step in its own transaction together with its `user_version`
 * bump, so a crash mid-migration leaves the previous version intact. Refuses files from a newer version.
 * Returns the version the file had. `db` is a better-sqlite3 `Database` (typed structurally, so the shipped
 * types do not need `@types/better-sqlite3`).
 */
export function migrate(db: SqliteConnection): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > SCHEMA_VERSION) {
    throw new Error(
      `this outbox file has schema version ${from}, newer than this @backend-notifier/store-sqlite (${SCHEMA_VERSION}); upgrade the package`,
    );
  }
  for (let version = from; version < SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version] as string;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return from;
}
