import type Database from 'better-sqlite3';
import type { OutboxRow } from './row-codec.js';

const ITEM_COLUMNS = 'id, channel, priority, seq, accepted_at, notification, attempts, fallback, ambiguous';

/** A dead-letter row: the item's columns plus the code and when. */
export interface DeadRow extends OutboxRow {
  dead_code: string;
  done_at: number;
}

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: Database.Database): Statements {
  return {
    insert: db.prepare<Record<string, string | number>>(
      `INSERT INTO outbox (${ITEM_COLUMNS}, prank, state)
       VALUES (@id, @channel, @priority, @seq, @accepted_at, @notification, @attempts, @fallback, @ambiguous, @prank, 'waiting')`,
    ),
    /** The waiting item to evict for an incoming one of rank `?`: lowest priority, oldest, never above the incoming rank. */
    evictionCandidate: db.prepare<[number], OutboxRow>(
      `SELECT ${ITEM_COLUMNS} FROM outbox WHERE state = 'waiting' AND prank >= ? ORDER BY prank DESC, seq ASC LIMIT 1`,
    ),
    deleteRow: db.prepare<[string]>('DELETE FROM outbox WHERE id = ?'),
    countDrop: db.prepare<[string, number]>(
      'INSERT INTO drops (reason, count) VALUES (?, ?) ON CONFLICT (reason) DO UPDATE SET count = count + excluded.count',
    ),
    drops: db.prepare<[], { reason: string; count: number }>(
      'SELECT reason, count FROM drops ORDER BY reason',
    ),
    // One statement, so selecting and marking the row is atomic without an explicit transaction.
    claim: db.prepare<[number, string, string], OutboxRow>(
      `UPDATE outbox SET state = 'in_flight', claimed_at = ?, claim_token = ?
       WHERE id = (SELECT id FROM outbox WHERE state = 'waiting' AND channel = ? ORDER BY prank, seq LIMIT 1)
       RETURNING ${ITEM_COLUMNS}`,
    ),
    markSent: db.prepare<[number, string]>(
      `UPDATE outbox SET state = 'sent', done_at = ?, claim_token = NULL WHERE id = ? AND state = 'in_flight'`,
    ),
    deleteInFlight: db.prepare<[string]>(`DELETE FROM outbox WHERE id = ? AND state = 'in_flight'`),
    release: db.prepare<{ id: string; attempts: number; fallback: number; ambiguous: number }>(
      `UPDATE outbox SET state = 'waiting', attempts = @attempts, fallback = @fallback, ambiguous = @ambiguous,
         claimed_at = NULL, claim_token = NULL
       WHERE id = @id AND state = 'in_flight'`,
    ),
    deadLetter: db.prepare<{ id: string; code: string; at: number; attempts: number; fallback: number }>(
      `UPDATE outbox SET state = 'dead', dead_code = @code, done_at = @at, attempts = @attempts,
         fallback = @fallback, claimed_at = NULL, claim_token = NULL
       WHERE id = @id AND state = 'in_flight'`,
    ),
    trimDead: db.prepare<[number]>(
      `DELETE FROM outbox WHERE id IN
         (SELECT id FROM outbox WHERE state = 'dead' ORDER BY done_at ASC, rowid ASC LIMIT ?)`,
    ),
    deadLetters: db.prepare<[number], DeadRow>(
      `SELECT ${ITEM_COLUMNS}, dead_code, done_at FROM outbox WHERE state = 'dead' ORDER BY done_at ASC, rowid ASC LIMIT ?`,
    ),
    channels: db.prepare<[], { channel: string }>(
      `SELECT DISTINCT channel FROM outbox WHERE state = 'waiting' ORDER BY channel`,
    ),
    counts: db.prepare<[], { state: string; n: number }>(
      'SELECT state, count(*) AS n FROM outbox GROUP BY state',
    ),
    oldest: db.prepare<[], { oldest: number | null }>(
      `SELECT min(accepted_at) AS oldest FROM outbox WHERE state IN ('waiting', 'in_flight')`,
    ),
    // In flight when a process died: it may have been posted, so the notifier looks it up before posting again.
    recover: db.prepare(
      `UPDATE outbox SET state = 'waiting', ambiguous = 1, claimed_at = NULL, claim_token = NULL WHERE state = 'in_flight'`,
    ),
    pruneSent: db.prepare<[number]>(`DELETE FROM outbox WHERE state = 'sent' AND done_at < ?`),
    pruneDead: db.prepare<[number]>(`DELETE FROM outbox WHERE state = 'dead' AND done_at < ?`),
  };
}

/** The prepared statements of one connection. */
export interface Statements {
  insert: Database.Statement<Record<string, string | number>>;
  evictionCandidate: Database.Statement<[number], OutboxRow>;
  deleteRow: Database.Statement<[string]>;
  countDrop: Database.Statement<[string, number]>;
  drops: Database.Statement<[], { reason: string; count: number }>;
  claim: Database.Statement<[number, string, string], OutboxRow>;
  markSent: Database.Statement<[number, string]>;
  deleteInFlight: Database.Statement<[string]>;
  release: Database.Statement<{ id: string; attempts: number; fallback: number; ambiguous: number }>;
  deadLetter: Database.Statement<{
    id: string;
    code: string;
    at: number;
    attempts: number;
    fallback: number;
  }>;
  trimDead: Database.Statement<[number]>;
  deadLetters: Database.Statement<[number], DeadRow>;
  channels: Database.Statement<[], { channel: string }>;
  counts: Database.Statement<[], { state: string; n: number }>;
  oldest: Database.Statement<[], { oldest: number | null }>;
  recover: Database.Statement<unknown[]>;
  pruneSent: Database.Statement<[number]>;
  pruneDead: Database.Statement<[number]>;
}
