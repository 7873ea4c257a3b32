import type { OutboxItem, Priority } from '@backend-notifier/core';

/** The columns of an `outbox` row that make up an `OutboxItem`. */
export interface OutboxRow {
  id: string;
  channel: string;
  priority: string;
  seq: number;
  accepted_at: number;
  notification: string;
  attempts: number;
  fallback: number;
  ambiguous: number;
}

/** Same ranks as the core's queue: 0 goes first and is evicted last; unknown values rank as `normal`. */
export function priorityRank(priority: Priority | undefined): 0 | 1 | 2 {
  return priority === 'high' ? 0 : priority === 'low' ? 2 : 1;
}

/** Rebuilds the item exactly as it was added (optional flags only when set, like the memory store). */
export function rowToItem(row: OutboxRow): OutboxItem {
  const item: OutboxItem = {
    id: row.id,
    channel: row.channel,
    priority: row.priority as Priority,
    seq: row.seq,
    acceptedAt: row.accepted_at,
    notification: JSON.parse(row.notification) as OutboxItem['notification'],
    attempts: row.attempts,
  };
  if (row.fallback) item.fallback = true;
  if (row.ambiguous) item.ambiguous = true;
  return item;
}

/** Named parameters of the insert statement. */
export function itemToParams(item: OutboxItem): Record<string, string | number> {
  return {
    id: item.id,
    channel: item.channel,
    priority: item.priority,
    prank: priorityRank(item.priority),
    seq: item.seq,
    accepted_at: item.acceptedAt,
    // The notification is plain data (the core snapshots errors); JSON keeps it byte-for-byte.
    notification: JSON.stringify(item.notification),
    attempts: item.attempts,
    fallback: item.fallback ? 1 : 0,
    ambiguous: item.ambiguous ? 1 : 0,
  };
}
