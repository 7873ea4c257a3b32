import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createMemoryStore, type OutboxStore } from '@backend-notifier/core';
import { createRedisStore } from '@backend-notifier/redis';
import { createSqliteStore } from '@backend-notifier/store-sqlite';

/** What {@link createOutbox} chose. */
export interface Outbox {
  store: OutboxStore;
  /** For the log: the SQLite path, `'memory'`, or `'redis'` (never the Redis URL: it may carry a password). */
  description: string;
  /** True when the outbox is shared by several replicas (Redis). */
  shared: boolean;
}

/** Options of {@link createOutbox}. */
export interface CreateOutboxOptions {
  /** A SQLite file path, or `'memory'` for the in-process store. Ignored with `redisUrl`. @default 'memory' */
  path?: string;
  /** A Redis URL: the outbox every replica shares (`@backend-notifier/redis`). @default undefined */
  redisUrl?: string;
}

/**
 * The notifier's outbox: Redis when a URL is given (several replicas share it: pacing, dedupe and a dead
 * replica's messages), else a SQLite file (what was accepted survives a crash or restart and is sent on the
 * next start; one process per file), or `'memory'` (lost with the process).
 */
export function createOutbox(options: CreateOutboxOptions = {}): Outbox {
  if (options.redisUrl !== undefined) {
    return { store: createRedisStore({ url: options.redisUrl }), description: 'redis', shared: true };
  }
  const path = options.path ?? 'memory';
  if (path === 'memory') return { store: createMemoryStore(), description: 'memory', shared: false };
  mkdirSync(dirname(path), { recursive: true });
  return { store: createSqliteStore({ path }), description: path, shared: false };
}
