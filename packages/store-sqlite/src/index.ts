/**
 * `@backend-notifier/store-sqlite`: a durable outbox for `@backend-notifier/core` on SQLite (WAL), so what
 * the notifier accepted survives crashes and restarts. Start with `createSqliteStore`.
 */
export { migrate, SCHEMA_VERSION } from './migrate.js';
export { createSqliteStore } from './sqlite-store.js';
export type { SqliteConnection, SqliteStore, SqliteStoreCounts, SqliteStoreOptions } from './types.js';
