import { NotifierError } from '../errors.js';
import type { MaybePromise } from '../types.js';
import type { Silence } from './silence.js';

/**
 * Where silences live. Memory for one process; the SQLite and Redis stores keep them across restarts and
 * replicas. Expired silences are never returned and may be deleted by the store at any time.
 */
export interface SilenceStore {
  /** Adds or replaces (same id). */
  put(silence: Silence): MaybePromise<void>;
  /** Removes by id; true if it was there (and not expired). */
  remove(id: string, now: number): MaybePromise<boolean>;
  /** The silences in force at `now`, soonest to end first. */
  list(now: number): MaybePromise<Silence[]>;
}

/** Options of {@link createMemorySilenceStore}. */
export interface MemorySilenceStoreOptions {
  /** Silences in force at once; one more is refused. @default 10000 */
  maxSilences?: number;
}

/** An in-memory silence store, bounded, that forgets expired silences by itself. */
export function createMemorySilenceStore(options: MemorySilenceStoreOptions = {}): SilenceStore {
  const max = options.maxSilences ?? 10_000;
  const silences = new Map<string, Silence>();
  const purge = (now: number) => {
    for (const [id, s] of silences) if (s.until <= now) silences.delete(id);
  };
  return {
    put(silence) {
      purge(silence.createdAt);
      if (!silences.has(silence.id) && silences.size >= max) {
        throw new NotifierError('invalid_options', `at most ${max} silences at once`);
      }
      silences.set(silence.id, structuredClone(silence));
    },
    remove(id, now) {
      purge(now);
      return silences.delete(id);
    },
    list(now) {
      purge(now);
      return [...silences.values()].map((s) => structuredClone(s)).sort((a, b) => a.until - b.until);
    },
  };
}
