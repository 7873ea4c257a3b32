import type { ConversationState } from './conversation-types.js';

/** A stored conversation and its version (a write names the version it read: compare-and-set). */
export interface StoredConversation {
  state: ConversationState;
  /** Grows by one with every write; 0 is never stored (it means "absent" to `put`). */
  version: number;
}

/**
 * Where conversation state lives, so that after a restart or on another replica the same key continues
 * the same Slack message with the right count. Memory (core), SQLite and Redis implement it, and
 * `describeConversationStore` (`@backend-notifier/core/testing`) is the conformance suite they pass.
 *
 * Bounded: past its capacity a store evicts resolved conversations first (oldest resolution first), then
 * the open ones that were quiet longest; an evicted key that comes back starts a new message.
 */
export interface ConversationStore {
  /** The conversation of `key` on the route `channel`, or `undefined`. */
  get(channel: string, key: string): Promise<StoredConversation | undefined>;
  /**
   * Writes `state` (its `channel` and `key` name it) only if the stored version is still `expected`
   * (`0`: only if absent). Resolves the new version, or `false` when another writer came first (read again,
   * decide again, retry). Two replicas can thus never both claim posting one root.
   */
  put(state: ConversationState, expected: number): Promise<number | false>;
  /** Open conversations, quiet longest first, at most `limit` (the quiet-period sweep). */
  listOpen(limit: number): Promise<ConversationState[]>;
  /** How many conversations are stored (open and resolved). */
  size(): Promise<number>;
}

/** Attempts of a read-decide-write before giving up (a hot key under many writers). */
const CAS_ATTEMPTS = 20;

/**
 * Read, decide, write with compare-and-set, again on a conflict. `decide` is pure and may run several
 * times; it returns the new state, or `undefined` for "nothing to write". Resolves what was written (with the
 * previous state), `undefined` when nothing was, or throws the store's error.
 */
export async function updateConversation<T extends { next: ConversationState }>(
  store: ConversationStore,
  channel: string,
  key: string,
  decide: (prev: ConversationState | undefined) => T | undefined,
): Promise<(T & { prev: ConversationState | undefined; version: number }) | undefined> {
  for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
    const stored = await store.get(channel, key);
    const decision = decide(stored?.state);
    if (decision === undefined) return undefined;
    const version = await store.put(decision.next, stored?.version ?? 0);
    if (version !== false) return { ...decision, prev: stored?.state, version };
  }
  throw new Error(`conversation ${key}: ${CAS_ATTEMPTS} conflicting writes in a row`);
}
