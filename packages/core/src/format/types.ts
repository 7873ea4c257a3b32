import type { PriorityMarkers } from './markers.js';

/** How many notifications were dropped since the last delivery, shown as a warning line. */
export interface DroppedNotice {
  count: number;
  /** Counts per drop reason (`queue_overflow`, `flood`…). @default none */
  byReason?: Record<string, number>;
}

/** A storm group's counter, shown as `×214 in the last 10 min, last at 12:03:04 UTC`. */
export interface GroupInfo {
  /** Occurrences in the group, the first one included. */
  count: number;
  /** Epoch ms of the first occurrence. */
  firstAt: number;
  /** Epoch ms of the latest occurrence. */
  lastAt: number;
  /** The grouping window, in ms. */
  windowMs: number;
}

/** Options of `buildMessage` and `plainTextFallback`. */
export interface BuildMessageOptions {
  /** Marks per priority, put in front of the header or text. @default DEFAULT_MARKERS (🔴 🟢 ⚪) */
  markers?: Partial<PriorityMarkers>;
  /** Notifications dropped since the last delivery; no line when absent or 0. @default undefined */
  droppedNotice?: DroppedNotice;
  /** Storm counter of the group this message stands for; no line when absent or count ≤ 1. @default undefined */
  group?: GroupInfo;
}
