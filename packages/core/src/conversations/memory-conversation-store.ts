import type { ConversationStore, StoredConversation } from './conversation-store.js';
import type { ConversationState } from './conversation-types.js';

/** Options of the memory conversation store. */
export interface MemoryConversationStoreOptions {
  /** Conversations kept; past it, resolved ones go first (oldest resolution first), then the quietest open ones. @default 10000 */
  maxConversations?: number;
}

function idOf(channel: string, key: string): string {
  return `${channel}\u0000${key}`;
}

/**
 * The default conversation store: a map in this process (a restart forgets, so a key seen again posts a new
 * root; use store-sqlite or redis to continue across restarts and replicas). States are copied in and out,
 * as a durable store would, so a caller cannot change a stored state behind the store's back.
 */
export function createMemoryConversationStore(
  options: MemoryConversationStoreOptions = {},
): ConversationStore {
  const max = Math.max(1, Math.floor(options.maxConversations ?? 10_000));
  const rows = new Map<string, StoredConversation>();

  const evict = () => {
    if (rows.size <= max) return;
    const all = [...rows.entries()];
    const order = (s: ConversationState) =>
      s.status === 'resolved' ? [0, s.resolvedAt ?? s.lastAt] : [1, s.lastAt];
    all.sort(([, a], [, b]) => {
      const [ra, ta] = order(a.state);
      const [rb, tb] = order(b.state);
      return (ra as number) - (rb as number) || (ta as number) - (tb as number);
    });
    // Down to 90 %: one sort per tenth of the capacity, not one per write.
    for (const [id] of all.slice(0, rows.size - Math.floor(max * 0.9))) rows.delete(id);
  };

  return {
    async get(channel, key) {
      const row = rows.get(idOf(channel, key));
      return row === undefined ? undefined : { state: structuredClone(row.state), version: row.version };
    },
    async put(state, expected) {
      const id = idOf(state.channel, state.key);
      const current = rows.get(id)?.version ?? 0;
      if (current !== expected) return false;
      const version = current + 1;
      // Re-inserted, so the map's order stays "last written last" (cheap ties for eviction).
      rows.delete(id);
      rows.set(id, { state: structuredClone(state), version });
      evict();
      return version;
    },
    async listOpen(limit) {
      return [...rows.values()]
        .filter((r) => r.state.status === 'open')
        .sort((a, b) => a.state.lastAt - b.state.lastAt)
        .slice(0, Math.max(0, limit))
        .map((r) => structuredClone(r.state));
    },
    async size() {
      return rows.size;
    },
  };
}
