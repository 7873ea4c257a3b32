import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createMemoryStore, type OutboxStore } from '@backend-notifier/core';
import { createSqliteStore } from '@backend-notifier/store-sqlite';

/**
 * The notifier's outbox: a SQLite file (what was accepted survives a crash or restart and is sent on the
 * next start), or `'memory'` for the in-process store (lost with the process). One process per file.
 */
export function createOutbox(path: string): OutboxStore {
  if (path === 'memory') return createMemoryStore();
  mkdirSync(dirname(path), { recursive: true });
  return createSqliteStore({ path });
}
