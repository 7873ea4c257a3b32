import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeConversationStore } from '@backend-notifier/core/testing';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqlite-store.js';
import type { SqliteStore } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'conv-sqlite-'));
let n = 0;
const owner = new WeakMap<object, SqliteStore>();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeConversationStore(
  'sqlite',
  ({ maxConversations }) => {
    const store = createSqliteStore({ path: join(dir, `c${++n}.db`), maxConversations, pruneIntervalMs: 0 });
    owner.set(store.conversations, store);
    return store.conversations;
  },
  { describe, it, expect, beforeEach, afterEach },
  {
    // A restart: the file is closed and opened again by a new store.
    reopen: async (old) => {
      const store = owner.get(old) as SqliteStore;
      await store.close();
      const again = createSqliteStore({ path: store.path, pruneIntervalMs: 0 });
      owner.set(again.conversations, again);
      return again.conversations;
    },
    close: async (c) => {
      await owner.get(c)?.close();
    },
  },
);
