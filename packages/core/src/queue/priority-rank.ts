import type { Priority } from '../types.js';

/** Priorities in dispatch order: index 0 goes first and is evicted last. */
export const PRIORITIES: readonly Priority[] = ['high', 'normal', 'low'];

/** 0 for `high`, 1 for `normal`, 2 for `low`; unknown values rank as `normal`. */
export function priorityRank(priority: Priority | undefined): 0 | 1 | 2 {
  return priority === 'high' ? 0 : priority === 'low' ? 2 : 1;
}
